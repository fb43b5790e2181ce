import { EnvReader } from './env-reader';
import {
  BACKEND_SERVICES,
  BackendService,
  DEFAULT_PORTS,
  JwtVerificationConfig,
  LOG_LEVELS,
  readJwtVerification,
  serviceUrl,
} from './service-config';

export interface GatewayConfig {
  port: number;
  host: string;
  logLevel: string;
  services: Record<BackendService, string>;
  jwt: JwtVerificationConfig;
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
    logLevel: reader.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    services,
    jwt: readJwtVerification(reader),
  };
  reader.done('gateway');
  return config;
}
