export * from './field-errors';
