export * from './calendar-date';
export * from './calendar-errors';
export * from './holiday-calendar';
export * from './working-days';
export * from './china-date';
