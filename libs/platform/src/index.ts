export * from './bootstrap';
export * from './domain-error';
export * from './domain-error.filter';
export * from './logger';
export * from './pagination';
export * from './platform.module';
