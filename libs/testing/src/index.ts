export * from './eventually';
export * from './seeded-random';
export * from './test-database';
export * from './events';
export * from './service-database';
export * from './smtp-test-server';
export * from './contracts';
export * from './openapi';
