import { schemaType } from '@portico/openapi';

/**
 * GetModelTemplate: a VTL mapping template that turns a JSON payload into the structure of a model, in the form AWS's
 * console and documentation generate (`#set($inputRoot = $input.path('$'))`, one line per property; strings quoted,
 * numbers and booleans bare, arrays as `#foreach … #if($foreach.hasNext),#end`). `$ref`s to this API's other models
 * (by model URL, or `#/definitions/…`) are followed; a reference cycle (or one that does not resolve) renders the
 * value as it is.
 */
type Schema = Record<string, unknown>;

/** Resolves a `$ref` (a model URL of this API) to that model's schema. */
export type ModelLookup = (ref: string) => Schema | undefined;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_DEPTH = 16;

function member(path: string, name: string): string {
  return IDENTIFIER.test(name) ? `${path}.${name}` : `${path}.get('${name.replace(/'/g, "''")}')`;
}

class TemplateWriter {
  private readonly visiting = new Set<Schema>();

  constructor(
    private readonly root: Schema,
    private readonly lookup: ModelLookup,
  ) {}

  private resolve(schema: Schema): Schema | undefined {
    const ref = schema.$ref;
    if (typeof ref !== 'string') return schema;
    if (ref.startsWith('#/definitions/')) {
      const definitions = this.root.definitions as Record<string, Schema> | undefined;
      return definitions?.[ref.slice('#/definitions/'.length)];
    }
    return this.lookup(ref);
  }

  /** The value of `schema` read at `path`, indented by `indent`, as it goes after `"name" : ` or on a line of its own. */
  value(raw: Schema, path: string, indent: string, depth: number): string {
    const schema = this.resolve(raw);
    // An unresolvable reference, or a cycle: the value as it is.
    if (!schema || this.visiting.has(schema) || depth > MAX_DEPTH) return path;
    switch (schemaType(schema)) {
      case 'object':
        return this.object(schema, path, indent, depth);
      case 'array':
        return this.array(schema, path, indent, depth);
      case 'number':
      case 'integer':
      case 'boolean':
        return path;
      default:
        return `"${path}"`;
    }
  }

  private object(schema: Schema, path: string, indent: string, depth: number): string {
    const properties = Object.entries((schema.properties ?? {}) as Record<string, Schema>);
    if (properties.length === 0) return '{}';
    this.visiting.add(schema);
    const inner = `${indent}  `;
    const lines = properties.map(([name, property]) => `${inner}"${name.replace(/"/g, '\\"')}" : ${this.value(property ?? {}, member(path, name), inner, depth + 1)}`);
    this.visiting.delete(schema);
    return `{\n${lines.join(',\n')}\n${indent}}`;
  }

  private array(schema: Schema, path: string, indent: string, depth: number): string {
    const items = (Array.isArray(schema.items) ? schema.items[0] : schema.items) as Schema | undefined;
    // Nested loops each need their own variable: $elem, $elem1, $elem2, …
    const elem = depth === 0 ? '$elem' : `$elem${depth}`;
    const inner = `${indent}  `;
    this.visiting.add(schema);
    const value = this.value(items ?? {}, elem, inner, depth + 1);
    this.visiting.delete(schema);
    return `[\n#foreach(${elem} in ${path})\n${inner}${value}#if($foreach.hasNext),#end\n#end\n${indent}]`;
  }
}

/** The template for a model's schema (already parsed JSON). */
export function modelTemplate(schema: Schema, lookup: ModelLookup = () => undefined): string {
  return `#set($inputRoot = $input.path('$'))\n${new TemplateWriter(schema, lookup).value(schema, '$inputRoot', '', 0)}`;
}
