export * from './case-facts';
export * from './statistics';
