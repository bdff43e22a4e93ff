export * from './topology';
export * from './demo-users';
export * from './nats-auth';
export { parseNatsAuthArgs } from './nats-auth-command';
