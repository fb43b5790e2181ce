import { EnvReader } from './env-reader';
import { readServiceConfigWith, ServiceConfig } from './service-config';

export interface AuthServiceConfig extends ServiceConfig {
  adminPassword?: string;
  adminEmail: string;
  /** PEM of the RS256 signing key; when absent one is generated once and persisted in the database. */
  signingKeyPem?: string;
  /** Public keys (PEM) of earlier signing keys, still published in the JWKS until their tokens expire. */
  previousPublicKeysPem: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /** Signups one address may make per hour (attempts, 409s included). */
  signupsPerHour: number;
  /** argon2id cost; OWASP minimum m=19 MiB, t=2, p=1. */
  argon2: { memoryCost: number; timeCost: number; parallelism: number };
}

/**
 * Development defaults that must never protect a real system: the admin passwords printed in `.env.example`, the
 * README and the test stacks. With NODE_ENV=production, auth refuses to start with one of them, or without
 * AUTH_SIGNING_KEY (the key generated into the database is a development convenience).
 */
export const DEVELOPMENT_ADMIN_PASSWORD = 'popug-admin-dev'; // .env.example, README, dump.sql, npm start
export const TEST_ADMIN_PASSWORD = 'e2e-admin-password'; // the e2e and chaos stacks
export const DEVELOPMENT_ADMIN_PASSWORDS: readonly string[] = [
  DEVELOPMENT_ADMIN_PASSWORD,
  TEST_ADMIN_PASSWORD,
];

export function readAuthConfig(env: Record<string, string | undefined> = process.env): AuthServiceConfig {
  const reader = new EnvReader(env);
  const base = readServiceConfigWith(reader, 'auth');
  const adminPassword = reader.optional('ATES_ADMIN_PASSWORD');
  reader.check(
    adminPassword === undefined || adminPassword.length >= 8,
    'ATES_ADMIN_PASSWORD must have at least 8 characters',
  );
  const config: AuthServiceConfig = {
    ...base,
    adminPassword,
    adminEmail: reader.string('ATES_ADMIN_EMAIL', 'admin@popug.inc'),
    signingKeyPem: reader.optional('AUTH_SIGNING_KEY')?.replace(/\\n/g, '\n'),
    previousPublicKeysPem: (reader.optional('AUTH_PREVIOUS_PUBLIC_KEYS')?.replace(/\\n/g, '\n') ?? '')
      .split(/(?<=-----END PUBLIC KEY-----)/)
      .map((pem) => pem.trim())
      .filter(Boolean),
    accessTokenTtlSeconds: reader.int('ACCESS_TOKEN_TTL_SECONDS', 900, { min: 10, max: 86_400 }),
    refreshTokenTtlSeconds: reader.int('REFRESH_TOKEN_TTL_SECONDS', 14 * 86_400, { min: 60 }),
    signupsPerHour: reader.int('SIGNUPS_PER_HOUR', 10, { min: 1 }),
    argon2: {
      memoryCost: reader.int('ARGON2_MEMORY_KIB', 19_456, { min: 19_456 }),
      timeCost: reader.int('ARGON2_TIME_COST', 2, { min: 2 }),
      parallelism: reader.int('ARGON2_PARALLELISM', 1, { min: 1 }),
    },
  };
  if (reader.optional('NODE_ENV') === 'production') {
    reader.check(
      !adminPassword || !DEVELOPMENT_ADMIN_PASSWORDS.includes(adminPassword),
      'ATES_ADMIN_PASSWORD is a published development default: production needs its own',
    );
    reader.check(
      adminPassword === undefined || adminPassword.length >= 12,
      'ATES_ADMIN_PASSWORD must have at least 12 characters in production',
    );
    reader.check(
      config.signingKeyPem !== undefined,
      'AUTH_SIGNING_KEY is required in production (a generated key is for development only)',
    );
  }
  for (const pem of config.previousPublicKeysPem)
    reader.check(
      /^-----BEGIN PUBLIC KEY-----[\s\S]+-----END PUBLIC KEY-----$/.test(pem),
      'AUTH_PREVIOUS_PUBLIC_KEYS must hold PEM public keys ("-----BEGIN PUBLIC KEY-----" … "-----END PUBLIC KEY-----")',
    );
  reader.done('auth');
  return config;
}
