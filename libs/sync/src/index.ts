// The public surface of libs/sync (framework-free replication over NATS JetStream).
export { NatsLink, type NatsLinkOptions, type NatsLinkState, type NatsLinkStatus } from './nats-link';
export * from './envelope';
export * from './hlc';
export * from './heartbeat';
export * from './subjects';
export { OutboxRelay, type AckedPublisher, type OutboxRecord, type OutboxRelayOptions, type OutboxStore, type RelayStats } from './outbox-relay';
export {
  InboxApplier,
  RejectedMessageError,
  type ApplyOutcome,
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
  streamConfig,
  StreamsNotReadyError,
  totalOrNull,
  type ConsumerLoopOptions,
  type ConsumerPending,
} from './jetstream-sync';
export * from './topology';
export * from './nats-permissions';
export { generateNatsPassword, hashNatsPassword, natsPasswordMatches, NATS_BCRYPT_COST } from './nats-credentials';
