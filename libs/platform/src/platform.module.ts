import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { HealthController } from './health.controller';
import { loggerOptions } from './logger';
import { MetricsController } from './metrics.controller';

/** Logging (JSON, request ids, secrets redacted), `/health` and `/metrics` for a backend service. */
@Module({})
export class PlatformModule {
  static forService(service: string, level: string) {
    return {
      module: PlatformModule,
      imports: [LoggerModule.forRoot(loggerOptions(service, level)), TerminusModule],
      controllers: [HealthController, MetricsController],
    };
  }
}
