// The public surface of libs/sync (framework-free replication over NATS JetStream).
export { NatsLink, type NatsLinkOptions, type NatsLinkState, type NatsLinkStatus } from './nats-link';
export * from './envelope';
export * from './hlc';
export * from './heartbeat';
export * from './subjects';
export { OutboxRelay, type AckedPublisher, type OutboxRecord, type OutboxRelayOptions, type OutboxStore, type RelayStats } from './outbox-relay';
export {
  InboxApplier,
  QUARANTINE_KINDS,
  RejectedMessageError,
  type ApplyOutcome,
  type InboxApplierOptions,
  type QuarantineKind,
  type ReapplyOutcome,
  type BatchOutcome,
  type BatchWork,
  type InboxStats,
  type InboxStore,
  type MessageHandler,
  type MessageMeta,
  type PayloadDecoder,
  type QuarantineEntry,
} from './inbox-applier';
export {
  batches,
  ConsumerLoops,
  consumerPending,
  provisionConsumers,
  provisionStreams,
  requireStreams,
  retryDelay,
  streamConfig,
  StreamsNotReadyError,
  totalOrNull,
  type ConsumerCounters,
  type ConsumerLoopOptions,
  type ConsumerPending,
} from './jetstream-sync';
export * from './topology';
export * from './nats-permissions';
export { generateNatsPassword, hashNatsPassword, natsPasswordMatches, NATS_BCRYPT_COST } from './nats-credentials';
