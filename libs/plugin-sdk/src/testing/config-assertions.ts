import { validateConfig, type ConfigIssue, type ConfigOf, type ConfigSchema } from '../config-schema.js';
import type { AuthorizerPlugin } from '../define-authorizer.js';

const describeIssues = (issues: readonly ConfigIssue[]): string => issues.map((i) => `  ${i.path || '(root)'}: ${i.message}`).join('\n');

/**
 * Asserts that a plugin accepts a config; returns the validated config (defaults applied). Throws an `Error`
 * listing the issues otherwise, so it works with any test runner.
 *
 * @example
 * const config = expectConfigAccepted(plugin, { secret: 'x'.repeat(32) });
 * expect(config.maxSkewSeconds).toBe(300);
 */
export function expectConfigAccepted<S extends ConfigSchema>(plugin: AuthorizerPlugin<S>, config: unknown): ConfigOf<S> {
  const result = validateConfig(plugin.configSchema, config);
  if (!result.ok) throw new Error(`${plugin.name} rejected a config expected to be valid:\n${describeIssues(result.issues)}`);
  return result.config;
}

/**
 * Asserts that a plugin rejects a config; returns the issues. With `path`, also asserts that one issue is about
 * that setting (a JSON Pointer such as `/secret`).
 *
 * @example
 * expectConfigRejected(plugin, { secret: 'short' }, '/secret');
 */
export function expectConfigRejected(plugin: AuthorizerPlugin, config: unknown, path?: string): readonly ConfigIssue[] {
  const result = validateConfig(plugin.configSchema, config);
  if (result.ok) throw new Error(`${plugin.name} accepted a config expected to be rejected: ${JSON.stringify(config)}`);
  if (path !== undefined && !result.issues.some((issue) => issue.path === path)) {
    throw new Error(`${plugin.name} rejected the config, but not at ${path}:\n${describeIssues(result.issues)}`);
  }
  return result.issues;
}
