import { isObject } from './parse-document.js';

/**
 * An example value for a model's JSON Schema, for GetExport's `extensions=postman`. AWS does not document what
 * the Postman extensions contain [I]; Portico writes the example data Postman's importer turns into request
 * bodies and saved responses. A schema's own `example`, `default` or first `enum` value wins; otherwise a value of
 * the schema's type (`"string"`, `0`, `true`, one array item, every property). `$ref`s to other models (as
 * document references, `#/definitions/X` or `#/components/schemas/X`) are followed; a cycle stops at `{}`.
 */
type Schema = Record<string, unknown>;

const MAX_DEPTH = 16;
const REF_NAME = /^#\/(?:definitions|components\/schemas)\/([^/]+)$/;

export function schemaExample(schema: unknown, schemas: Readonly<Record<string, unknown>>): unknown {
  return example(schema, schemas, new Set(), 0);
}

function example(raw: unknown, schemas: Readonly<Record<string, unknown>>, visiting: Set<string>, depth: number): unknown {
  if (!isObject(raw) || depth > MAX_DEPTH) return {};
  const schema = raw as Schema;
  if (typeof schema.$ref === 'string') {
    const name = REF_NAME.exec(schema.$ref)?.[1];
    if (name === undefined || visiting.has(name) || !isObject(schemas[name])) return {};
    visiting.add(name);
    const value = example(schemas[name], schemas, visiting, depth + 1);
    visiting.delete(name);
    return value;
  }
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const combined = [schema.allOf, schema.oneOf, schema.anyOf].find((list): list is unknown[] => Array.isArray(list) && list.length > 0);
  if (combined) return example(combined[0], schemas, visiting, depth + 1);
  switch (schemaType(schema)) {
    case 'object': {
      const properties = isObject(schema.properties) ? Object.entries(schema.properties) : [];
      return Object.fromEntries(properties.map(([name, property]) => [name, example(property, schemas, visiting, depth + 1)]));
    }
    case 'array':
      return [example(Array.isArray(schema.items) ? schema.items[0] : schema.items, schemas, visiting, depth + 1)];
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 0;
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'string';
  }
}

/** A schema's type: its `type` (the first non-null one of a list), else what `properties` or `items` imply. */
export function schemaType(schema: Readonly<Record<string, unknown>>): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (Array.isArray(schema.type)) return schema.type.find((t): t is string => typeof t === 'string' && t !== 'null');
  if (schema.properties !== undefined) return 'object';
  if (schema.items !== undefined) return 'array';
  return undefined;
}
