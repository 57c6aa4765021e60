import { join } from 'node:path';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { openDatabase, type Database } from '@portico/db';
import type { ControlPlaneConfig } from '../config.js';
import { DatabaseAvailability } from './database-availability.js';
import { DATABASE } from './tokens.js';

@Injectable()
class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.database.close();
  }
}

/**
 * Provides the open `Database` (`@Inject(DATABASE)`) to every module. Opening applies pending migrations, so
 * the app does not start on a schema it does not know; a database that cannot be reached fails start-up.
 * DatabaseAvailability tracks outages after start-up (503s, logged once).
 */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(config: ControlPlaneConfig): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useFactory: () => openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') }) },
        DatabaseLifecycle,
        DatabaseAvailability,
      ],
      exports: [DATABASE, DatabaseAvailability],
    };
  }
}
