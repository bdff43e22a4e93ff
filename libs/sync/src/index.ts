export { NatsLink, type NatsLinkOptions, type NatsLinkState, type NatsLinkStatus } from './nats-link';
