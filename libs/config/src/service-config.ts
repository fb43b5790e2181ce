import defaultPorts from './default-ports.json';
import { EnvReader } from './env-reader';

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export type ServiceName = 'gateway' | 'auth' | 'tasks' | 'accounting' | 'analytics';
export const BACKEND_SERVICES = ['auth', 'tasks', 'accounting', 'analytics'] as const;
export type BackendService = (typeof BACKEND_SERVICES)[number];

/** The one port table: also read by tools/services.mjs (`npm start`, the containers' health check). */
export const DEFAULT_PORTS: Record<ServiceName, number> = defaultPorts;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** What every backend service needs: its port, its own database and schema, Kafka, logging, tokens. */
export interface ServiceConfig {
  service: BackendService;
  port: number;
  host: string;
  /** Addresses (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed: the gateway's. */
  trustProxy: string;
  databaseUrl: string;
  schema: string;
  /** Kafka when KAFKA_BROKERS is set; otherwise the PostgreSQL event log in the service's database. */
  eventTransport: 'kafka' | 'postgres';
  kafkaBrokers: string[];
  logLevel: (typeof LOG_LEVELS)[number];
  timezone: string;
  jwt: JwtVerificationConfig;
  mail: MailConfig;
  /** How a consumer retries a failing handler before dead-lettering the event (CONSUMER_RETRY_*). */
  consumerRetry: { attempts: number; baseDelayMs: number; maxDelayMs: number };
}

/** SMTP for the e-mails a service sends; without SMTP_URL they are written to the log (with a warning). */
export interface MailConfig {
  smtpUrl?: string;
  from: string;
}

export function readMailConfig(reader: EnvReader): MailConfig {
  const smtpUrl = reader.optional('SMTP_URL');
  reader.check(
    smtpUrl === undefined || /^smtps?:\/\/[^\s/]+/.test(smtpUrl),
    'SMTP_URL must look like smtp://host:port or smtps://user:pass@host:port (the value is not shown: it may hold a password)',
  );
  return { smtpUrl, from: reader.string('MAIL_FROM', 'aTES <no-reply@popug.inc>') };
}

export interface JwtVerificationConfig {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

const upper = (s: string) => s.toUpperCase();

export function serviceUrl(reader: EnvReader, service: BackendService): string {
  const port = reader.int(`${upper(service)}_PORT`, DEFAULT_PORTS[service], { min: 1, max: 65535 });
  return reader.string(`${upper(service)}_URL`, `http://127.0.0.1:${port}`).replace(/\/$/, '');
}

export function readJwtVerification(reader: EnvReader): JwtVerificationConfig {
  const authUrl = serviceUrl(reader, 'auth');
  return {
    issuer: reader.string('JWT_ISSUER', 'ates-auth'),
    audience: reader.string('JWT_AUDIENCE', 'ates'),
    jwksUrl: reader.string('JWKS_URL', `${authUrl}/auth/.well-known/jwks.json`),
  };
}

export function readServiceConfigWith(reader: EnvReader, service: BackendService): ServiceConfig {
  const ownUrl = reader.optional(`${upper(service)}_DATABASE_URL`);
  const sharedUrl = reader.optional('DATABASE_URL');
  const databaseUrl = ownUrl ?? sharedUrl;
  reader.check(
    databaseUrl !== undefined,
    `DATABASE_URL (or ${upper(service)}_DATABASE_URL) is required; \`npm run infra:up\` prints one`,
  );
  const kafkaBrokers = reader.list('KAFKA_BROKERS');
  const production = reader.optional('NODE_ENV') === 'production';
  // Without Kafka, the event log lives in the database: production must ask for that, not fall into it.
  const eventTransport = reader.oneOf(
    'EVENT_TRANSPORT',
    ['kafka', 'postgres'] as const,
    kafkaBrokers.length > 0 || production ? 'kafka' : 'postgres',
  );
  reader.check(
    eventTransport === 'kafka' || ownUrl === undefined || ownUrl === sharedUrl,
    `${upper(service)}_DATABASE_URL: the PostgreSQL event log needs every service on DATABASE_URL's database; use Kafka (KAFKA_BROKERS) for a database per service`,
  );
  reader.check(
    eventTransport === 'postgres' || kafkaBrokers.length > 0,
    production
      ? 'KAFKA_BROKERS is required in production (or EVENT_TRANSPORT=postgres, every service on one database)'
      : 'EVENT_TRANSPORT=kafka needs KAFKA_BROKERS; `npm run infra:up` prints it',
  );
  const timezone = reader.string('ATES_TIMEZONE', 'UTC');
  reader.check(isTimeZone(timezone), `ATES_TIMEZONE must be an IANA time zone, got "${timezone}"`);
  return {
    service,
    port: reader.int(`${upper(service)}_PORT`, DEFAULT_PORTS[service], { min: 1, max: 65535 }),
    host: reader.string('HOST', '127.0.0.1'),
    trustProxy: readTrustProxy(reader),
    databaseUrl: databaseUrl ?? '',
    schema: service,
    eventTransport,
    kafkaBrokers,
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    timezone,
    jwt: readJwtVerification(reader),
    mail: readMailConfig(reader),
    consumerRetry: {
      attempts: reader.int('CONSUMER_RETRY_ATTEMPTS', 6, { min: 1, max: 100 }),
      baseDelayMs: reader.int('CONSUMER_RETRY_BASE_MS', 250, { min: 1, max: 60_000 }),
      maxDelayMs: reader.int('CONSUMER_RETRY_MAX_MS', 8_000, { min: 1, max: 600_000 }),
    },
  };
}

/** Reads and validates the configuration of a backend service once, at start. */
export function readServiceConfig(
  service: BackendService,
  env: Record<string, string | undefined> = process.env,
): ServiceConfig {
  const reader = new EnvReader(env);
  const config = readServiceConfigWith(reader, service);
  reader.done(service);
  return config;
}

/** TRUST_PROXY: who may tell a service (or the gateway) the client's address; default the same host only. */
export function readTrustProxy(reader: EnvReader): string {
  const entries = reader.list('TRUST_PROXY');
  for (const entry of entries)
    reader.check(
      /^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry),
      `TRUST_PROXY must list IP addresses or CIDR ranges, got "${entry}"`,
    );
  return entries.length > 0 ? entries.join(',') : '127.0.0.1';
}
