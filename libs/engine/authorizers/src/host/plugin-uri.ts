import type { ConfigSchema, FieldSchema } from '@portico/plugin-sdk';

/** `portico:plugin/{name}[?{setting}={value}&…]`: a TOKEN/REQUEST authorizer served by an in-process plugin. */
export const PLUGIN_URI_PREFIX = 'portico:plugin/';

export interface PluginUri {
  readonly name: string;
  /** Settings as written in the query, before schema coercion. */
  readonly settings: URLSearchParams;
}

/** Parses a plugin URI; undefined when `uri` is not one (a Lambda ARN, say). */
export function parsePluginUri(uri: string | undefined): PluginUri | undefined {
  if (!uri?.startsWith(PLUGIN_URI_PREFIX)) return undefined;
  const rest = uri.slice(PLUGIN_URI_PREFIX.length);
  const question = rest.indexOf('?');
  const name = question === -1 ? rest : rest.slice(0, question);
  return { name, settings: new URLSearchParams(question === -1 ? '' : rest.slice(question + 1)) };
}

function coerce(field: FieldSchema | undefined, values: string[]): unknown {
  const last = values[values.length - 1];
  switch (field?.type) {
    case 'number':
    case 'integer':
      return last.trim() === '' || Number.isNaN(Number(last)) ? last : Number(last);
    case 'boolean':
      return last === 'true' ? true : last === 'false' ? false : last;
    case 'array':
      // Repeated parameters (`h=a&h=b`) or one JSON array (`h=["a","b"]`).
      if (values.length === 1 && last.startsWith('[')) {
        try {
          return JSON.parse(last) as unknown;
        } catch {
          return last;
        }
      }
      return values.map((value) => coerce(field.items, [value]));
    case 'object':
      try {
        return JSON.parse(last) as unknown;
      } catch {
        return last;
      }
    default:
      return last;
  }
}

/**
 * Turns query settings into a config value for the plugin's schema: numbers, booleans, arrays (repeated or JSON)
 * and objects (JSON) are read per the schema's field types; the schema then validates the result. Authorizer
 * URIs are the one free-form string AWS's API (and so every SDK and the CLI) carries, hence the encoding.
 */
export function pluginConfigFromSettings(schema: ConfigSchema, settings: URLSearchParams): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const name of new Set(settings.keys())) {
    const field = Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    config[name] = coerce(field, settings.getAll(name));
  }
  return config;
}
