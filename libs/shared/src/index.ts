export * from './tier';
export * from './role';
export * from './region-code';
