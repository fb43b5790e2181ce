import type { ServiceConfig } from '@ates/config';
import { ServiceCoreModule } from '@ates/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { Initial1732500000000 } from './migrations/1732500000000-initial';

/** Analytics: its own schema, built from events only. Figures and consumers arrive with their issue. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ServiceCoreModule.forService(config, { migrations: [Initial1732500000000] })],
    };
  }
}
