export { importErrorMessage, importOpenApi, importWarningsMessage } from './import-document.js';
export type { ImportOptions, ImportResult } from './import-document.js';
export { basePathModes } from './base-path.js';
export type { BasePathMode } from './base-path.js';
export { INVALID_OPENAPI_INPUT, OpenApiImportError, parseOpenApiDocument } from './parse-document.js';
export { modelUrl } from './rest-api-definition.js';
export type {
  AuthorizerDefinition,
  IntegrationDefinition,
  MethodDefinition,
  ModelDefinition,
  RequestValidatorDefinition,
  ResourceDefinition,
  RestApiDefinition,
} from './rest-api-definition.js';
export { exportFormatFor, exportOpenApi, exportTypes, parseExportExtensions, serializeExport } from './export-document.js';
export type { ExportExtensions, ExportOptions, ExportType } from './export-document.js';
export { definitionToSnapshot, methodsWithoutIntegration } from './definition-to-snapshot.js';
export type { SnapshotIdentity } from './definition-to-snapshot.js';
export { schemaExample, schemaType } from './schema-example.js';
