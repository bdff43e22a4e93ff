export * from './topology';
export * from './nats-auth';
export { parseNatsAuthArgs } from './nats-auth-command';
