export * from './auth-config';
export * from './env-reader';
export * from './gateway-config';
export * from './service-config';
