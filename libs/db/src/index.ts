export { PrismaClient, Prisma } from './generated/prisma/client.js';
export type {
  RestApi,
  Resource,
  Method,
  MethodResponse,
  Integration,
  IntegrationResponse,
  Authorizer,
  GatewayResponse,
  Deployment,
  Stage,
  ApiKey,
  UsagePlan,
  UsagePlanKey,
  Account,
  IamAccount,
  VpcEndpoint,
  DomainName,
  VpcLink,
  ApiMapping,
  Model,
  RequestValidator,
  V2Api,
  V2Route,
  V2Integration,
  V2Authorizer,
  V2Deployment,
  V2Stage,
  V2RouteResponse,
  V2IntegrationResponse,
  V2Model,
  V2VpcLink,
} from './generated/prisma/client.js';
export { openDatabase, checkDatabase, DEFAULT_PGLITE_DIR } from './open-database.js';
export type { Database, DatabaseHealth, OpenDatabaseOptions } from './open-database.js';
export { applyMigrations, pgMigrationConnection, pgliteMigrationConnection, MIGRATIONS_TABLE } from './migrate.js';
export type { MigrationConnection, MigrateResult } from './migrate.js';
export { readMigrationFiles } from './migration-files.js';
export type { MigrationFile } from './migration-files.js';
