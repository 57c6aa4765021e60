import { schemaProblems, type ConfigOf, type ConfigSchema } from './config-schema.js';
import type { AuthorizeContext, CreateContext } from './context.js';
import type { AuthorizerDecision } from './decisions.js';
import type { AuthorizerRequest } from './request.js';
import { isValidRange, parseVersion, satisfiesRange } from './semver-range.js';
import { COMPATIBLE_SDK_VERSIONS } from './version.js';

/**
 * One configured authorizer, created once per config revision.
 * @example
 * create(config): AuthorizerInstance {
 *   const client = new DirectoryClient(config.url);
 *   return { authorize: (request, ctx) => client.check(request, ctx.signal), close: () => client.close() };
 * }
 */
export interface AuthorizerInstance {
  /**
   * Decides one request. Return `allow(…)`, `deny(…)` or `fail(…)`; throwing counts as `fail` (500). Honour
   * `ctx.signal`: after `ctx.deadline` the host answers 500 without waiting.
   */
  authorize(request: AuthorizerRequest, ctx: AuthorizeContext): AuthorizerDecision | Promise<AuthorizerDecision>;
  /** Releases what `create` acquired (timers, connections) when the config revision is retired. */
  close?(): void | Promise<void>;
}

/**
 * What a plugin author writes.
 * @example
 * const definition: AuthorizerDefinition<typeof configSchema> = { name: 'ip-allow-list', version: '1.0.0', sdk: '^1.0.0', configSchema, create };
 * export default defineAuthorizer(definition);
 */
export interface AuthorizerDefinition<S extends ConfigSchema = ConfigSchema> {
  /** Unique kebab-case name; `portico:plugin/{name}` in an authorizer's `authorizerUri` selects the plugin. */
  readonly name: string;
  /** The plugin's own version (semver). */
  readonly version: string;
  /** The SDK versions the plugin works with, e.g. `^1.0.0`; checked against the host at load. */
  readonly sdk: string;
  /** One sentence for operators. */
  readonly description?: string;
  /** JSON-Schema-compatible config schema (build it with `schema.object`); every field described. */
  readonly configSchema: S;
  /**
   * Builds an instance from a validated config, once per config revision: parse keys, compile expressions, warm
   * caches here, not per request. May be async (the host awaits it before the first authorization).
   */
  create(config: ConfigOf<S>, ctx: CreateContext): AuthorizerInstance | Promise<AuthorizerInstance>;
}

/**
 * A checked definition, as `defineAuthorizer` returns it and hosts load it.
 * @example
 * import plugin from 'portico-hmac-authorizer';
 * plugin.kind; // 'portico-authorizer'
 * plugin.name; // 'hmac-authorizer'
 */
export interface AuthorizerPlugin<S extends ConfigSchema = ConfigSchema> extends AuthorizerDefinition<S> {
  readonly kind: 'portico-authorizer';
}

/**
 * A definition that fails the checks of {@link defineAuthorizer}: a bug in the plugin, found when it loads.
 * @example
 * try {
 *   defineAuthorizer({ ...definition, sdk: '^2.0.0' });
 * } catch (error) {
 *   if (error instanceof PluginDefinitionError) console.error(error.problems);
 * }
 */
export class PluginDefinitionError extends Error {
  constructor(
    readonly pluginName: string,
    readonly problems: readonly string[],
  ) {
    super(`authorizer plugin ${pluginName || '(unnamed)'} is invalid: ${problems.join('; ')}`);
    this.name = 'PluginDefinitionError';
  }
}

const NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/**
 * `hostSdkVersion`: one contract version, or the list a host runs (the default: this SDK's and the 1.x contract it
 * extends). A range that includes none of them is refused, named by the first (the host's own SDK version).
 */
function definitionProblems(definition: Record<string, unknown>, hostSdkVersion: string | readonly string[]): string[] {
  const versions = typeof hostSdkVersion === 'string' ? [hostSdkVersion] : hostSdkVersion;
  const problems: string[] = [];
  const { name, version, sdk, configSchema, create } = definition;
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 64) problems.push('name must be kebab-case, at most 64 characters');
  if (typeof version !== 'string' || !parseVersion(version)) problems.push('version must be a semantic version such as 1.0.0');
  if (typeof sdk !== 'string' || !isValidRange(sdk)) problems.push('sdk must be a version range such as ^1.0.0');
  else if (!versions.some((version) => satisfiesRange(version, sdk))) problems.push(`sdk range ${sdk} does not include the host's SDK ${versions[0]}`);
  if (typeof create !== 'function') problems.push('create must be a function');
  problems.push(...schemaProblems(configSchema).map((problem) => `configSchema ${problem}`));
  return problems;
}

/**
 * Declares an authorizer plugin. The definition is checked here, so a broken plugin fails when it is imported,
 * not on the first request: kebab-case name, semver version, an SDK range that includes this SDK, and a config
 * schema whose every field is described.
 *
 * @example
 * import { allow, defineAuthorizer, deny, schema } from '@portico/plugin-sdk';
 *
 * export default defineAuthorizer({
 *   name: 'static-token',
 *   version: '1.0.0',
 *   sdk: '^1.0.0',
 *   configSchema: schema.object({
 *     description: 'Accepts one fixed bearer token',
 *     properties: { token: schema.string({ description: 'The accepted token', minLength: 16, writeOnly: true }) },
 *     required: ['token'],
 *   }),
 *   create(config) {
 *     const expected = `Bearer ${config.token}`;
 *     return {
 *       authorize(request) {
 *         return request.headers.authorization === expected ? allow({ principalId: 'static' }) : deny(401, 'wrong token');
 *       },
 *     };
 *   },
 * });
 */
export function defineAuthorizer<const S extends ConfigSchema>(definition: AuthorizerDefinition<S>): AuthorizerPlugin<S> {
  const problems = definitionProblems(definition as unknown as Record<string, unknown>, COMPATIBLE_SDK_VERSIONS);
  if (problems.length > 0) throw new PluginDefinitionError(String(definition.name ?? ''), problems);
  return Object.freeze({ ...definition, kind: 'portico-authorizer' as const });
}

/**
 * The outcome of {@link checkPlugin}.
 * @example
 * const check: PluginCheck = checkPlugin(module.default);
 * if (!check.ok) console.error(check.problems);
 */
export type PluginCheck = { readonly ok: true; readonly plugin: AuthorizerPlugin } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks a value a host loaded (a module's default export) against the plugin contract and the host's SDK
 * versions (by default this SDK's, 2.0, and the 1.x contract it extends). Never throws: hosts report the problems
 * and refuse the plugin. The plugin's module may carry its own copy of the SDK, so the check is structural.
 *
 * @example
 * const loaded = await import('@acme/portico-hmac-authorizer');
 * const check = checkPlugin(loaded.default);
 * if (!check.ok) throw new Error(check.problems.join('\n'));
 */
export function checkPlugin(value: unknown, hostSdkVersion: string | readonly string[] = COMPATIBLE_SDK_VERSIONS): PluginCheck {
  if (typeof value !== 'object' || value === null) return { ok: false, problems: ['the module does not export a plugin (default export expected)'] };
  const candidate = value as Record<string, unknown>;
  if (candidate.kind !== 'portico-authorizer') return { ok: false, problems: ['the export is not a Portico authorizer (wrap it with defineAuthorizer)'] };
  const problems = definitionProblems(candidate, hostSdkVersion);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, plugin: value as AuthorizerPlugin };
}
