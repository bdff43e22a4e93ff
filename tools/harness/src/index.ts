export * from './nats-server';
export * from './postgres';
export * from './each-database';
export * from './fixtures';
export * from './tcp-proxy';
export * from './manual-clock';
export * from './shifted-clock';
