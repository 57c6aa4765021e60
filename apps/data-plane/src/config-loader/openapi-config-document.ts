import { createHash } from 'node:crypto';
import { CONFIG_SCHEMA_VERSION, contentHash, type ConfigDocumentInput } from '@portico/contracts';
import { definitionToSnapshot, importOpenApi, methodsWithoutIntegration, OpenApiImportError, parseOpenApiDocument } from '@portico/openapi';

export interface OpenApiServing {
  restApiId?: string;
  stageName: string;
  region: string;
  accountId: string;
}

export type OpenApiReadResult =
  | { kind: 'not-openapi' }
  | { kind: 'document'; body: ConfigDocumentInput; restApiId: string; warnings: string[] }
  | { kind: 'error'; message: string };

/**
 * Standalone mode with an OpenAPI file (the decK-like "one file, no database"): the document goes through the same
 * import code as ImportRestApi (`@portico/openapi`) and becomes a config document with one API and one stage.
 * Text that does not look like OpenAPI (no `openapi`/`swagger` member) is left to the config-document reader.
 */
export function readOpenApiConfig(text: string, serving: OpenApiServing): OpenApiReadResult {
  if (!/^\s*["']?(openapi|swagger)["']?\s*:/m.test(text)) return { kind: 'not-openapi' };
  let title: string;
  try {
    const parsed = parseOpenApiDocument(text);
    const info = parsed.document.info as { title?: unknown } | undefined;
    title = typeof info?.title === 'string' ? info.title : '';
  } catch {
    // A config document that merely mentions `openapi` is not an OpenAPI file.
    return { kind: 'not-openapi' };
  }
  // Stable across reloads and restarts: the same title serves under the same id.
  const restApiId = serving.restApiId ?? createHash('sha256').update(title).digest('hex').replace(/[^a-z0-9]/g, '').slice(0, 10);
  try {
    const { definition, warnings } = importOpenApi(text, { restApiId, region: serving.region, accountId: serving.accountId });
    const unserved = methodsWithoutIntegration(definition).map((m) => `${m}: no x-amazon-apigateway-integration, not served`);
    const deploymentId = contentHash(definition).slice('sha256:'.length, 'sha256:'.length + 6);
    const snapshot = definitionToSnapshot(definition, { restApiId, deploymentId, createdDate: 0 });
    const rest = {
      region: serving.region,
      accountId: serving.accountId,
      stages: [{ restApiId, stageName: serving.stageName, deploymentId, variables: {}, methodSettings: {}, tracingEnabled: false, lastUpdatedDate: 0 }],
      deployments: { [deploymentId]: snapshot },
    };
    return { kind: 'document', body: { schemaVersion: CONFIG_SCHEMA_VERSION, revision: contentHash(rest), ...rest }, restApiId, warnings: [...warnings, ...unserved] };
  } catch (error) {
    if (error instanceof OpenApiImportError) return { kind: 'error', message: error.message };
    throw error;
  }
}
