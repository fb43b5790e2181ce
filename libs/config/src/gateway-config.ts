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
    host: reader.string('GATEWAY_HOST', '0.0.0.0'),
    trustProxy: readTrustProxy(reader),
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    services,
    jwt: readJwtVerification(reader),
    corsOrigins: reader.list('CORS_ORIGINS'),
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
  reader.done('gateway');
  return config;
}
