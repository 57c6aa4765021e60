import { validateConfig } from '@portico/plugin-sdk';
import { parseIdentitySource } from './identity-source.js';
import { parsePluginUri, pluginConfigFromSettings } from './plugin-uri.js';
import type { PluginRegistry } from './plugin-registry.js';

const HAS_STAGE_VARIABLE = /\$\{stageVariables\.[A-Za-z0-9_]+\}/;

/**
 * The control plane's write-time check of a `portico:plugin/{name}` authorizer: the plugin is loaded and its
 * settings validate against its schema. Settings taken from stage variables are known only per stage, so they are
 * checked when a data plane loads the config; the rest is checked now. Returns problems (empty: fine).
 */
export function pluginAuthorizerProblems(authorizerUri: string | undefined, identitySource: string | undefined, registry: PluginRegistry): string[] {
  const sources = parseIdentitySource(identitySource);
  const problems: string[] = sources.ok ? [] : [sources.reason];
  const uri = parsePluginUri(authorizerUri);
  if (!uri) return problems;
  const plugin = registry.get(uri.name);
  if (!plugin) return [...problems, `No authorizer plugin named ${uri.name} is loaded (PORTICO_PLUGINS lists: ${registry.names().join(', ')})`];
  const deferred = new Set<string>();
  const settings = new URLSearchParams();
  for (const [name, value] of uri.settings) {
    if (HAS_STAGE_VARIABLE.test(value)) deferred.add(name);
    else settings.append(name, value);
  }
  const result = validateConfig(plugin.configSchema, pluginConfigFromSettings(plugin.configSchema, settings));
  if (result.ok) return problems;
  for (const issue of result.issues) {
    const setting = issue.path.split('/')[1] ?? '';
    if (deferred.has(setting) && issue.message === 'is required') continue;
    problems.push(`Invalid ${plugin.name} setting ${issue.path.slice(1) || '(config)'}: ${issue.message}`);
  }
  return problems;
}
