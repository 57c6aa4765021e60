import AjvModule from 'ajv-draft-04';

export type { ErrorObject, ValidateFunction } from 'ajv-draft-04';

type AjvClass = typeof AjvModule.default;
export type AjvInstance = InstanceType<AjvClass>;

/**
 * Ajv with JSON Schema draft 4 (API Gateway's model language). The package is CommonJS with `exports.default`:
 * under Node's ESM loader the default import is the whole `module.exports`, whose `default` is the class.
 */
export const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
