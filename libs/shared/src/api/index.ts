export * from './page';
export * from './cases';
export * from './catalogue';
export * from './delegation';
export * from './users';
export * from './supervision';
