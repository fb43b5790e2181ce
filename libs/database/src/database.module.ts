import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ensureSchema, ServiceDataSourceOptions, serviceDataSourceOptions } from './data-source';

/** One TypeORM PostgreSQL connection per service, migrated at start. */
@Module({})
export class DatabaseModule {
  static forService(options: ServiceDataSourceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureSchema(options.url, options.schema);
            return { ...serviceDataSourceOptions(options), migrationsRun: true };
          },
        }),
      ],
      exports: [TypeOrmModule],
    };
  }
}
