import { DEVELOPMENT_ADMIN_PASSWORDS } from './auth-config';
import { EnvReader } from './env-reader';
import {
  BACKEND_SERVICES,
  BackendService,
  DEFAULT_PORTS,
  isTimeZone,
  JwtVerificationConfig,
  LOG_LEVELS,
  readJwtVerification,
  readTrustProxy,
  serviceUrl,
} from './service-config';

export interface GatewayConfig {
  port: number;
  host: string;
  /** Addresses whose X-Forwarded-For is believed (a reverse proxy in front of the gateway). */
  trustProxy: string;
  logLevel: string;
  services: Record<BackendService, string>;
  jwt: JwtVerificationConfig;
  /** Browser origins allowed to call the API (CORS); empty = none (closed by default). */
  corsOrigins: string[];
  /** ATES_RUN_ID: set by `npm start` and shown in /health, so the launcher knows the gateway is its own. */
  runId?: string;
  /** ATES_TIMEZONE: the business days the web dashboards show (the services' own setting). */
  timezone: string;
}

export function readGatewayConfig(env: Record<string, string | undefined> = process.env): GatewayConfig {
  const reader = new EnvReader(env);
  const services = Object.fromEntries(BACKEND_SERVICES.map((s) => [s, serviceUrl(reader, s)])) as Record<
    BackendService,
    string
  >;
  const config: GatewayConfig = {
    port: reader.int('PORT', DEFAULT_PORTS.gateway, { min: 1, max: 65535 }),
    // This machine only unless asked: `npm start` prints a development admin password (the image sets 0.0.0.0).
    host: reader.string('GATEWAY_HOST', '127.0.0.1'),
    trustProxy: readTrustProxy(reader),
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    services,
    jwt: readJwtVerification(reader),
    corsOrigins: reader.list('CORS_ORIGINS'),
    runId: reader.optional('ATES_RUN_ID'),
    timezone: reader.string('ATES_TIMEZONE', 'UTC'),
  };
  reader.check(
    isTimeZone(config.timezone),
    `ATES_TIMEZONE must be an IANA time zone, got "${config.timezone}"`,
  );
  for (const origin of config.corsOrigins)
    reader.check(
      /^https?:\/\/[^/\s*]+$/.test(origin),
      `CORS_ORIGINS must list origins like https://app.example.com (no "*", no path), got "${origin}"`,
    );
  const adminPassword = reader.optional('ATES_ADMIN_PASSWORD');
  reader.check(
    isLoopback(config.host) || !adminPassword || !DEVELOPMENT_ADMIN_PASSWORDS.includes(adminPassword),
    `GATEWAY_HOST=${config.host} opens the gateway to the network while ATES_ADMIN_PASSWORD is a published development default: choose another password, or listen on 127.0.0.1`,
  );
  reader.done('gateway');
  return config;
}

/** Whether `host` is reachable from this machine only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
