export * from './authenticated-user';
export * from './decorators';
export * from './guards';
export * from './jwt-auth.module';
export * from './jwt.strategy';
export * from './token-verifier';
export * from './account-states';
