import type { ErrorObject } from './ajv.js';

/**
 * `$context.error.validationErrorString`: AWS prints its validator's reports as a bracketed list
 * (`[object has missing required properties (["name"])]`); Portico prints Ajv's in the same shape, each with the
 * JSON pointer of the value it is about.
 */
export function describeErrors(errors: readonly ErrorObject[]): string {
  const lines = errors.map((e) => {
    if (e.keyword === 'required') return `object has missing required properties (["${String((e.params as { missingProperty?: unknown }).missingProperty)}"])`;
    const at = e.instancePath === '' ? 'instance' : `instance ${e.instancePath}`;
    return `${at} ${e.message ?? 'is invalid'}`;
  });
  return `[${lines.join(', ')}]`;
}
