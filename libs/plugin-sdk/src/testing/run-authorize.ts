import { validateConfig, type ConfigSchema } from '../config-schema.js';
import type { AuthorizeContext, CreateContext } from '../context.js';
import { decisionProblem, type AuthorizerDecision } from '../decisions.js';
import type { AuthorizerInstance, AuthorizerPlugin } from '../define-authorizer.js';
import type { AuthorizerRequest } from '../request.js';
import { createTestContext, type TestContext } from './test-context.js';

/** Deep-freezes a config so that a plugin mutating it fails loudly in tests. */
function freeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const entry of Object.values(value)) freeze(entry);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates `config` and creates an instance, as a host does on load (the config is frozen: a plugin must not
 * mutate it). Throws when the config is invalid.
 *
 * @example
 * const instance = await createInstance(plugin, { secret: 'x'.repeat(32) }, t.create);
 */
export async function createInstance<S extends ConfigSchema>(plugin: AuthorizerPlugin<S>, config: unknown, ctx: CreateContext): Promise<AuthorizerInstance> {
  const result = validateConfig(plugin.configSchema, config);
  if (!result.ok) throw new Error(`invalid config for ${plugin.name}: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
  return plugin.create(freeze(result.config), ctx);
}

/**
 * Runs one authorization as a host would: validates the config, creates an instance, calls `authorize` and checks
 * the decision's shape (throws when it is malformed). For many requests, create the instance once with
 * {@link createInstance} instead.
 *
 * @example
 * const decision = await runAuthorize(plugin, config, buildTokenRequest('Bearer good'));
 * expect(decision).toMatchObject({ effect: 'allow', principalId: 'alice' });
 */
export async function runAuthorize(
  plugin: AuthorizerPlugin,
  config: unknown,
  request: AuthorizerRequest,
  options: { readonly context?: TestContext; readonly authorize?: AuthorizeContext } = {},
): Promise<AuthorizerDecision> {
  const context = options.context ?? createTestContext();
  try {
    const instance = await createInstance(plugin, config, context.create);
    const decision = await instance.authorize(request, options.authorize ?? context.authorize());
    const problem = decisionProblem(decision);
    if (problem) throw new Error(`${plugin.name} returned a malformed decision: ${problem}`);
    await instance.close?.();
    return decision;
  } finally {
    if (!options.context) context.dispose();
  }
}
