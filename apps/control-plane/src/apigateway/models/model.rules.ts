import { badRequest } from '@portico/contracts';
import { LIMITS, checkMaxLength } from '../../common/limits.js';

const MODEL_NAME = /^[A-Za-z0-9]+$/;
/** A model's schema is at most 400 KB (spec §7.1). */
export const MAX_MODEL_SCHEMA_BYTES = 400 * 1024;
/** AWS's text for a schema that is not a JSON Schema object (seen in AWS's answers to the old importer). */
export const INVALID_MODEL_SCHEMA = 'Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified]';

export interface ModelState {
  schema: string | null;
  description: string | null;
}

export function checkModelName(name: string | undefined): string {
  if (name === undefined || name === '') throw badRequest('Model name must be non-empty');
  checkMaxLength(name, LIMITS.name, 'name');
  if (!MODEL_NAME.test(name)) throw badRequest('Model name must be alphanumeric');
  return name;
}

export function checkContentType(contentType: string | undefined): string {
  if (contentType === undefined || contentType.trim() === '') throw badRequest('Invalid content type specified: content type must be non-empty');
  checkMaxLength(contentType, LIMITS.name, 'contentType');
  return contentType;
}

/** JSON Schema draft 4 as a string: it must parse to an object (its keywords are enforced on the data plane). */
export function checkModelState(state: ModelState): void {
  checkMaxLength(state.description, LIMITS.description, 'description');
  if (state.schema === null) return;
  if (Buffer.byteLength(state.schema, 'utf8') > MAX_MODEL_SCHEMA_BYTES) throw badRequest(`Model schema exceeds the maximum size of ${MAX_MODEL_SCHEMA_BYTES / 1024} KB`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(state.schema);
  } catch {
    throw badRequest(INVALID_MODEL_SCHEMA);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw badRequest(INVALID_MODEL_SCHEMA);
}

/** The models CreateRestApi gives every new API (AWS's own texts); imported APIs get only the document's. */
export const DEFAULT_MODELS = [
  {
    name: 'Empty',
    contentType: 'application/json',
    description: 'This is a default empty schema model',
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
  },
  {
    name: 'Error',
    contentType: 'application/json',
    description: 'This is a default error schema model',
    schema: '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
  },
] as const;
