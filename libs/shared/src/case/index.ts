export * from './case-state';
export * from './case-events';
export * from './case-fold';
export * from './case-deadline';
export * from './case-event-codecs';
export * from './query-code';
export * from './rating';
