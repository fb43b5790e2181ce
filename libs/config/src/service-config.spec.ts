import { generateKeyPairSync } from 'node:crypto';
import { ConfigError } from './env-reader';
import { readAuthConfig } from './auth-config';
import { readServiceConfig } from './service-config';

const env = { DATABASE_URL: 'postgres://db/ates', KAFKA_BROKERS: 'k1:9092, k2:9092' };

describe('service configuration', () => {
  it('reads defaults and prefers the per-service database URL', () => {
    const config = readServiceConfig('tasks', { ...env, TASKS_DATABASE_URL: 'postgres://other/tasks' });
    expect(config).toMatchObject({
      port: 3002,
      databaseUrl: 'postgres://other/tasks',
      schema: 'tasks',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
      jwt: {
        jwksUrl: 'http://127.0.0.1:3001/auth/.well-known/jwks.json',
        issuer: 'ates-auth',
        audience: 'ates',
      },
    });
  });

  it('fails fast listing every problem at once', () => {
    expect.assertions(2);
    try {
      readServiceConfig('accounting', { TASKS_PORT: 'x', ACCOUNTING_PORT: '99999' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        'DATABASE_URL (or ACCOUNTING_DATABASE_URL) is required; `npm run infra:up` prints one',
        'ACCOUNTING_PORT must be an integer in [1, 65535], got "99999"',
      ]);
    }
  });

  it('uses Kafka when KAFKA_BROKERS is set, else the PostgreSQL event log; production must choose', () => {
    const { KAFKA_BROKERS: _, ...noKafka } = env;
    expect(readServiceConfig('tasks', env)).toMatchObject({
      eventTransport: 'kafka',
      kafkaBrokers: ['k1:9092', 'k2:9092'],
    });
    expect(readServiceConfig('tasks', noKafka)).toMatchObject({
      eventTransport: 'postgres',
      kafkaBrokers: [],
    });
    expect(() => readServiceConfig('tasks', { ...noKafka, EVENT_TRANSPORT: 'kafka' })).toThrow(
      /needs KAFKA_BROKERS/,
    );
    expect(() => readServiceConfig('tasks', { ...noKafka, NODE_ENV: 'production' })).toThrow(
      /KAFKA_BROKERS is required in production/,
    );
    expect(
      readServiceConfig('tasks', { ...noKafka, NODE_ENV: 'production', EVENT_TRANSPORT: 'postgres' })
        .eventTransport,
    ).toBe('postgres');
    expect(() =>
      readServiceConfig('tasks', { ...noKafka, TASKS_DATABASE_URL: 'postgres://other/db' }),
    ).toThrow(/event log needs every service on DATABASE_URL's database/);
  });

  it('refuses an unknown time zone', () => {
    expect(() => readServiceConfig('tasks', { ...env, ATES_TIMEZONE: 'Mars/Olympus' })).toThrow(
      /ATES_TIMEZONE/,
    );
  });

  it('reads SMTP settings, logging mail when SMTP_URL is unset, and refuses a malformed URL', () => {
    expect(readServiceConfig('accounting', env).mail).toEqual({
      smtpUrl: undefined,
      from: 'aTES <no-reply@popug.inc>',
    });
    expect(
      readServiceConfig('accounting', { ...env, SMTP_URL: 'smtp://mail:1025', MAIL_FROM: 'pay@popug.inc' })
        .mail,
    ).toEqual({ smtpUrl: 'smtp://mail:1025', from: 'pay@popug.inc' });
    expect(() => readServiceConfig('tasks', { ...env, SMTP_URL: 'mail:1025' })).toThrow(/SMTP_URL/);
  });

  it('refuses argon2 costs below the OWASP minimum', () => {
    expect(() => readAuthConfig({ ...env, ARGON2_MEMORY_KIB: '1024' })).toThrow(/ARGON2_MEMORY_KIB/);
  });

  it('refuses development secrets in production, and accepts real ones', () => {
    const production = { ...env, NODE_ENV: 'production' };
    const key = '-----BEGIN PRIVATE KEY-----\\nMIIE...\\n-----END PRIVATE KEY-----';
    const fail = (extra: Record<string, string>) => () => readAuthConfig({ ...production, ...extra });
    expect(fail({ ATES_ADMIN_PASSWORD: 'popug-admin-dev', AUTH_SIGNING_KEY: key })).toThrow(
      /ATES_ADMIN_PASSWORD is a published development default/,
    );
    expect(fail({ ATES_ADMIN_PASSWORD: 'short-one', AUTH_SIGNING_KEY: key })).toThrow(/at least 12/);
    expect(fail({ ATES_ADMIN_PASSWORD: 'a-real-long-secret' })).toThrow(/AUTH_SIGNING_KEY is required/);
    expect(
      readAuthConfig({ ...production, ATES_ADMIN_PASSWORD: 'a-real-long-secret', AUTH_SIGNING_KEY: key }),
    ).toMatchObject({ adminPassword: 'a-real-long-secret' });
    // Development keeps its conveniences.
    expect(readAuthConfig({ ...env, ATES_ADMIN_PASSWORD: 'popug-admin-dev' }).signingKeyPem).toBeUndefined();
  });

  it('reads the previous public keys of a signing-key rotation, and refuses anything else', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString().trim();
    const config = readAuthConfig({
      ...env,
      AUTH_PREVIOUS_PUBLIC_KEYS: `${pem}\n${pem}`.replace(/\n/g, '\\n'),
    });
    expect(config.previousPublicKeysPem).toEqual([pem, pem]);
    expect(readAuthConfig(env).previousPublicKeysPem).toEqual([]);
    expect(() => readAuthConfig({ ...env, AUTH_PREVIOUS_PUBLIC_KEYS: 'not a key' })).toThrow(
      /AUTH_PREVIOUS_PUBLIC_KEYS must hold PEM public keys/,
    );
  });

  it('believes X-Forwarded-For from the same host only, unless TRUST_PROXY lists the gateway’s network', () => {
    expect(readServiceConfig('auth', env).trustProxy).toBe('127.0.0.1');
    expect(readServiceConfig('auth', { ...env, TRUST_PROXY: '127.0.0.1,172.16.0.0/12' }).trustProxy).toBe(
      '127.0.0.1,172.16.0.0/12',
    );
    expect(() => readServiceConfig('auth', { ...env, TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY must list/);
  });
});
