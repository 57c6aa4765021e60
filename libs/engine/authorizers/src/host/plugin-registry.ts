import { checkPlugin, type AuthorizerPlugin } from '@portico/plugin-sdk';
import { cognitoAuthorizer } from '../jwt/cognito-authorizer.js';
import { resolvePluginSpecifier } from './resolve-plugin-specifier.js';

/** Plugins by name: the built-ins plus those loaded from PORTICO_PLUGINS. */
export class PluginRegistry {
  private readonly plugins = new Map<string, AuthorizerPlugin>();

  constructor(plugins: readonly AuthorizerPlugin[] = []) {
    for (const plugin of [cognitoAuthorizer as unknown as AuthorizerPlugin, ...plugins]) this.plugins.set(plugin.name, plugin);
  }

  get(name: string): AuthorizerPlugin | undefined {
    return this.plugins.get(name);
  }

  names(): string[] {
    return [...this.plugins.keys()];
  }
}

export type LoadPluginsResult = { readonly ok: true; readonly registry: PluginRegistry } | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Loads plugin modules (package names, paths — a package directory, resolved as Node resolves a package, or a
 * file — or file URLs, as listed in PORTICO_PLUGINS) and checks each one: the default
 * export must be a plugin whose SDK range includes this host's SDK, with a valid definition and a unique name.
 * Apps call it at start-up and refuse to start on problems (a missing authorizer would fail every request).
 */
export async function loadPlugins(
  specifiers: readonly string[],
  importModule: (specifier: string) => Promise<unknown> = async (specifier) => import(resolvePluginSpecifier(specifier)),
): Promise<LoadPluginsResult> {
  const problems: string[] = [];
  const plugins: AuthorizerPlugin[] = [];
  const builtIns = new PluginRegistry();
  for (const specifier of specifiers) {
    let module: unknown;
    try {
      module = await importModule(specifier);
    } catch (error) {
      problems.push(`${specifier}: cannot be imported (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const candidate = (module as { default?: unknown } | null)?.default ?? module;
    const check = checkPlugin(candidate);
    if (!check.ok) {
      problems.push(...check.problems.map((problem) => `${specifier}: ${problem}`));
      continue;
    }
    const name = check.plugin.name;
    if (builtIns.get(name) || plugins.some((p) => p.name === name)) {
      problems.push(`${specifier}: a plugin named ${name} is already loaded`);
      continue;
    }
    plugins.push(check.plugin);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, registry: new PluginRegistry(plugins) };
}
