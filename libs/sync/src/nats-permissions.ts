import { districtOf } from '@liandong/shared';
import { childStatusFilter, nodeSubscriptions, statusSubject, STREAMS, type NodeTopology, type StreamKey, type Subscription } from './subjects';
import { descendants, TopologyError, topologyProblems, type FederationNode } from './topology';

/** What one NATS user may publish and subscribe to (nats-server `permissions`; everything else is denied). */
export interface NatsPermissions {
  readonly publish: readonly string[];
  readonly subscribe: readonly string[];
}

/** One user of the nats-server authorization block: a node id and the bcrypt hash of its password. */
export interface NatsUserCredential {
  readonly user: string;
  /** bcrypt hash (`$2a$…`/`$2b$…`); nats-server compares the password the client sends against it. */
  readonly passwordHash: string;
}

/**
 * The inbox prefix a node's client uses for replies (`_INBOX_<nodeId>`): JetStream API answers, pull deliveries and
 * publish acks reach only the node that asked, since no other user may subscribe to it.
 */
export function nodeInboxPrefix(nodeId: string): string {
  return `_INBOX_${nodeId}`;
}

const JS_API = '$JS.API';
const ALL_STREAMS: readonly StreamKey[] = ['catalog', 'ref', 'cases'];

function asTopology(node: FederationNode): NodeTopology {
  return { tier: node.tier, nodeId: node.id, regionCode: node.regionCode, parentId: node.parentId };
}

/** The durable consumers of a topology node (the same list its sync runtime provisions). */
export function federationNodeSubscriptions(node: FederationNode): Subscription[] {
  return nodeSubscriptions(asTopology(node));
}

/** The JetStream API subjects a node needs for its own durable consumers: create/update with its filter, info, pull, ack. */
function consumerSubjects(s: Subscription): string[] {
  const stream = STREAMS[s.stream].name;
  return [
    // nats-server 2.9 checks that the filter in the subject equals the consumer's filter_subject.
    `${JS_API}.CONSUMER.CREATE.${stream}.${s.durable}.${s.filter}`,
    `${JS_API}.CONSUMER.INFO.${stream}.${s.durable}`,
    `${JS_API}.CONSUMER.MSG.NEXT.${stream}.${s.durable}`,
    `$JS.ACK.${stream}.${s.durable}.>`,
  ];
}

/**
 * Least-privilege NATS permissions of one node, derived from the topology (DESIGN.md §4):
 * - a township publishes only its own window's case subjects and its heartbeat;
 * - a district publishes its scope's catalogue and reference data, the case subjects of its region (it decides
 *   up-cases, issues cards and 督办 for its townships' cases) and its heartbeat, and reads its townships' heartbeats;
 * - the city publishes city-wide catalogue and reference data, every case subject, manages the streams, and reads
 *   every heartbeat.
 * Every node may use the JetStream API only for its own durable consumers (create with its own filter, info, pull,
 * ack), check that the streams exist, read the consumer info of the nodes below it (sync monitoring), and receive
 * replies only on its own inbox prefix.
 * @throws TopologyError when `nodeId` is not in the topology or the topology is not one federation.
 */
export function natsPermissions(nodes: readonly FederationNode[], nodeId: string): NatsPermissions {
  const problems = topologyProblems(nodes);
  if (problems.length > 0) throw new TopologyError(problems);
  const node = nodes.find((n) => n.id === nodeId);
  if (node === undefined) throw new TopologyError([{ path: 'nodes', reason: `has no node ${nodeId}` }]);

  const region = node.regionCode;
  const publish: string[] = [];
  const subscribe: string[] = [`${nodeInboxPrefix(node.id)}.>`];
  if (node.tier === 'city') {
    publish.push('gov.catalog.all.>', 'gov.ref.*.all.>', 'gov.case.>');
    subscribe.push('gov.status.>');
  } else if (node.tier === 'district') {
    publish.push(`gov.catalog.${region}.>`, `gov.ref.*.${region}.>`, `gov.case.${region}.>`);
    subscribe.push(childStatusFilter(node.id));
  } else {
    publish.push(`gov.case.${districtOf(region)}.${region}.>`);
  }
  publish.push(statusSubject(node.parentId, node.id));

  publish.push(`${JS_API}.INFO`);
  for (const key of ALL_STREAMS) {
    const stream = STREAMS[key].name;
    publish.push(`${JS_API}.STREAM.INFO.${stream}`);
    // Only the city creates and updates the streams; the other nodes wait until they exist.
    if (node.tier === 'city') publish.push(`${JS_API}.STREAM.CREATE.${stream}`, `${JS_API}.STREAM.UPDATE.${stream}`);
  }
  for (const s of federationNodeSubscriptions(node)) publish.push(...consumerSubjects(s));
  // Sync monitoring: an ancestor may read (never change) the consumers of the nodes below it.
  for (const below of descendants(nodes, node.id)) {
    for (const s of federationNodeSubscriptions(below)) publish.push(`${JS_API}.CONSUMER.INFO.${STREAMS[s.stream].name}.${s.durable}`);
  }
  return { publish, subscribe };
}

/** A double-quoted nats-server config string (subjects hold `$`, `*` and `>`). */
function quote(value: string): string {
  if (/["\\\n\r]/.test(value)) throw new TopologyError([{ path: 'value', reason: `${JSON.stringify(value)} cannot appear in a nats-server config` }]);
  return `"${value}"`;
}

function list(values: readonly string[], indent: string): string {
  return `[\n${values.map((v) => `${indent}  ${quote(v)}`).join('\n')}\n${indent}]`;
}

/** Extra users of the authorization block (e.g. an operator's or a test harness's), with their own permissions. */
export interface ExtraNatsUser extends NatsUserCredential {
  /** Null: no permissions block, i.e. everything allowed. */
  readonly permissions: NatsPermissions | null;
}

/**
 * The nats-server `authorization { users = [...] }` block for a topology: one user per node (its id), with the
 * bcrypt hash of its password and its permissions (`natsPermissions`). Include it from the server config or pass
 * it with `-c`. Passwords never appear in it, only their hashes.
 * @throws TopologyError when a node has no credential or a credential names no node.
 */
export function natsAuthorizationConfig(nodes: readonly FederationNode[], credentials: readonly NatsUserCredential[], extra: readonly ExtraNatsUser[] = []): string {
  const byUser = new Map(credentials.map((c) => [c.user, c]));
  const problems = [
    ...nodes.filter((n) => !byUser.has(n.id)).map((n) => ({ path: 'credentials', reason: `no password for node ${n.id}` })),
    ...credentials.filter((c) => !nodes.some((n) => n.id === c.user)).map((c) => ({ path: 'credentials', reason: `${c.user} is not a node of the topology` })),
    ...[...credentials, ...extra].filter((c) => !/^\$2[abxy]\$\d\d\$/.test(c.passwordHash)).map((c) => ({ path: 'credentials', reason: `the password of ${c.user} must be a bcrypt hash` })),
  ];
  if (problems.length > 0) throw new TopologyError(problems);
  const users = [
    ...nodes.map((n) => ({ user: n.id, passwordHash: (byUser.get(n.id) as NatsUserCredential).passwordHash, permissions: natsPermissions(nodes, n.id) as NatsPermissions | null })),
    ...extra,
  ];
  const blocks = users.map((u) => {
    const lines = [`    {`, `      user: ${quote(u.user)}`, `      password: ${quote(u.passwordHash)}`];
    if (u.permissions !== null) {
      lines.push(
        `      permissions: {`,
        `        publish: { allow: ${list(u.permissions.publish, '        ')} }`,
        `        subscribe: { allow: ${list(u.permissions.subscribe, '        ')} }`,
        `      }`,
      );
    }
    lines.push(`    }`);
    return lines.join('\n');
  });
  return [
    '# nats-server authorization for the Liandong federation: one user per node, permissions from the topology.',
    '# Generated; regenerate it when the topology changes (and reload the server: nats-server --signal reload).',
    'authorization {',
    '  users = [',
    blocks.join('\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}
