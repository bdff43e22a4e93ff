import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readTopologyFile } from '@liandong/node';
import { TopologyError, type FederationNode } from '@liandong/sync';
import { authorizationConfigFor, CredentialsFileError, loadOrCreateCredentials } from './nats-auth';
import { DEMO_TOPOLOGY } from './topology';

const USAGE = `Usage: npm run nats:auth -- [--topology topology.json] [--credentials nats-credentials.json] [--out auth.conf]

Prints the nats-server authorization config (one user per node, permissions from the topology) to stdout or
--out. Node passwords are made once and kept in the --credentials file (mode 0600, default ./nats-credentials.json);
give each node NATS_USER=<its id> and NATS_PASSWORD from that file. Without --topology: the demo topology.`;

interface Options {
  readonly topology: string | null;
  readonly credentials: string;
  readonly out: string | null;
}

/** Parses the command line; throws a usage message for anything it does not know. */
export function parseNatsAuthArgs(argv: readonly string[]): Options | 'help' {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return 'help';
    const match = /^--(topology|credentials|out)(?:=(.*))?$/.exec(arg);
    if (match === null) throw new Error(`unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value === '') throw new Error(`--${match[1]} needs a file name\n\n${USAGE}`);
    values[match[1] as string] = value;
  }
  return { topology: values['topology'] ?? null, credentials: values['credentials'] ?? 'nats-credentials.json', out: values['out'] ?? null };
}

async function main(): Promise<void> {
  let options: Options | 'help';
  try {
    options = parseNatsAuthArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(2);
  }
  if (options === 'help') {
    console.log(USAGE);
    return;
  }
  try {
    const nodes: FederationNode[] = options.topology === null ? [...DEMO_TOPOLOGY] : readTopologyFile(resolve(options.topology));
    const credentialsFile = resolve(options.credentials);
    const credentials = await loadOrCreateCredentials(credentialsFile, nodes);
    const config = authorizationConfigFor(nodes, credentials);
    if (options.out === null) process.stdout.write(config);
    else writeFileSync(resolve(options.out), config, { mode: 0o644 });
    console.error(`${nodes.length} node users (${nodes.map((n) => n.id).join(', ')}); their passwords are in ${credentialsFile} (mode 0600): keep it secret`);
  } catch (error) {
    if (error instanceof TopologyError || error instanceof CredentialsFileError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

if (require.main === module) void main();
