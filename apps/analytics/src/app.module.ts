import { JwtAuthModule } from '@ates/auth';
import type { ServiceConfig } from '@ates/config';
import { DatabaseModule } from '@ates/database';
import { PlatformModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { Initial1732500000000 } from './migrations/1732500000000-initial';

/** Analytics: its own schema, built from events only. Figures and consumers arrive with their issue. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forService('analytics', config.logLevel),
        DatabaseModule.forService({
          url: config.databaseUrl,
          schema: config.schema,
          entities: [],
          migrations: [Initial1732500000000],
        }),
        JwtAuthModule.forService(config.jwt),
      ],
    };
  }
}
