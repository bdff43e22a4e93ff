export * from './item-codes';
export * from './service-item';
export * from './validate-item';
