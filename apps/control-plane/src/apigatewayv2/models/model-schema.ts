import AjvModule from 'ajv-draft-04';

type AjvClass = typeof AjvModule.default;
/** The CommonJS package's class under Node's ESM loader (as libs/engine/validation loads it). */
const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);

/**
 * Why a model's schema cannot be used as a JSON Schema draft 4 (what a deployment checks unless the API has
 * `disableSchemaValidation`, spec websocket §9), or undefined when it compiles.
 */
export function draft4SchemaError(schema: string): string | undefined {
  try {
    new Ajv({ strict: false, allErrors: false }).compile(JSON.parse(schema) as object);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
