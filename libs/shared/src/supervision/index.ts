export * from './case-warnings';
