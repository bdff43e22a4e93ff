export * from './tier';
export * from './role';
export * from './region-code';
export * from './validation';
export * from './catalogue';
export * from './calendar';
export * from './case';
export * from './identity';
