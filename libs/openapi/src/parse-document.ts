import { parse as parseYaml } from 'yaml';

/** AWS's answer to a body that is not an OpenAPI 2.0 or 3.0 document, JSON or YAML (spec §1). */
export const INVALID_OPENAPI_INPUT = 'Invalid OpenAPI input.';

/** A document that cannot be imported; `message` is what the admin API returns with 400 BadRequestException. */
export class OpenApiImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpenApiImportError';
  }
}

export type OpenApiDocument = Record<string, unknown>;
export type OpenApiVersion = '2.0' | '3.0';

export interface ParsedDocument {
  version: OpenApiVersion;
  document: OpenApiDocument;
}

/**
 * Parses a request body (JSON or YAML; YAML is a superset, but JSON is tried first because it is what most tools
 * send and JSON.parse is far cheaper) and checks that it is an OpenAPI 2.0 (`swagger: "2.0"`) or 3.0.x document
 * with `paths`. Anything else is `Invalid OpenAPI input.`, whatever the reason.
 */
export function parseOpenApiDocument(body: string | Uint8Array): ParsedDocument {
  const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    try {
      // uniqueKeys: a duplicated key is a broken document, not "last one wins".
      value = parseYaml(text, { uniqueKeys: true, maxAliasCount: 1000 });
    } catch {
      throw new OpenApiImportError(INVALID_OPENAPI_INPUT);
    }
  }
  if (!isObject(value)) throw new OpenApiImportError(INVALID_OPENAPI_INPUT);
  const version = versionOf(value);
  if (!version || !isObject(value.paths ?? {}) || (value.info !== undefined && !isObject(value.info))) {
    throw new OpenApiImportError(INVALID_OPENAPI_INPUT);
  }
  return { version, document: value };
}

function versionOf(doc: OpenApiDocument): OpenApiVersion | undefined {
  if (doc.swagger === '2.0' || doc.swagger === 2) return '2.0';
  if (typeof doc.openapi === 'string' && /^3\.0(\.\d+)?$/.test(doc.openapi)) return '3.0';
  return undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
