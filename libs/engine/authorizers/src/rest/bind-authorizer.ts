import type { AuthorizerSnapshot } from '@portico/contracts';
import type { AuthorizerPlugin } from '@portico/plugin-sdk';
import { parseIdentitySource, type IdentitySource } from '../host/identity-source.js';
import { parsePluginUri, pluginConfigFromSettings } from '../host/plugin-uri.js';
import { createLambdaAuthorizer } from '../lambda/lambda-authorizer.js';
import type { AuthorizerHost } from './types.js';

const STAGE_VARIABLE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;
const substitute = (text: string, variables: Readonly<Record<string, string>>): string =>
  text.replace(STAGE_VARIABLE, (_all, name: string) => variables[name] ?? '');

/** How a snapshot maps onto a plugin, its config and where the token comes from. */
export interface Binding {
  readonly plugin: AuthorizerPlugin;
  readonly config: unknown;
  readonly sources: readonly IdentitySource[];
  /** The authorizer's `authorizerResultTtlInSeconds` (Lambda and plugins; 0: every request asks the plugin). */
  readonly ttlSeconds: number;
  /** Cognito: results are cached until the token expires (at most the TTL), per token and method scopes, in process only. */
  readonly perToken?: boolean;
  readonly tokenValidation?: RegExp;
}

/**
 * The REST binding of an authorizer snapshot, resolved once per stage: which plugin runs it (the built-in Cognito
 * plugin for COGNITO_USER_POOLS, a loaded plugin for `portico:plugin/…` URIs, the Lambda authorizer otherwise),
 * with which config and reading which identity sources (TOKEN: one header; REQUEST: any). A value, never a throw.
 */
export function bindAuthorizer(
  snapshot: AuthorizerSnapshot,
  variables: Readonly<Record<string, string>>,
  host: Pick<AuthorizerHost, 'registry' | 'invokeFunction' | 'cognitoEndpoint'>,
): { ok: true; binding: Binding } | { ok: false; reason: string } {
  const parsedSources = parseIdentitySource(snapshot.identitySource);
  if (!parsedSources.ok) return parsedSources;
  const sources = parsedSources.sources;

  if (snapshot.type === 'COGNITO_USER_POOLS') {
    const plugin = host.registry.get('cognito-user-pools');
    if (!plugin) return { ok: false, reason: 'the cognito-user-pools authorizer is not available' };
    const header = sources.length === 1 && sources[0].kind === 'header' ? sources : [{ kind: 'header', name: 'authorization' } as const];
    const config = {
      providers: snapshot.providerARNs,
      ...(host.cognitoEndpoint ? { cognitoEndpoint: host.cognitoEndpoint } : {}),
      ...(snapshot.identityValidationExpression ? { identityValidationExpression: snapshot.identityValidationExpression } : {}),
    };
    return { ok: true, binding: { plugin, config, sources: header, ttlSeconds: snapshot.authorizerResultTtlInSeconds, perToken: true } };
  }

  if (snapshot.type === 'TOKEN' && (sources.length !== 1 || sources[0].kind !== 'header')) {
    return { ok: false, reason: 'a TOKEN authorizer needs identitySource method.request.header.<name>' };
  }
  let tokenValidation: RegExp | undefined;
  if (snapshot.type === 'TOKEN' && snapshot.identityValidationExpression) {
    try {
      tokenValidation = new RegExp(snapshot.identityValidationExpression);
    } catch {
      return { ok: false, reason: 'identityValidationExpression is not a valid regular expression' };
    }
  }
  if (snapshot.type === 'REQUEST' && sources.length === 0 && snapshot.authorizerResultTtlInSeconds > 0) {
    return { ok: false, reason: 'a REQUEST authorizer with caching needs at least one identity source' };
  }

  const pluginUri = parsePluginUri(snapshot.authorizerUri);
  if (pluginUri) {
    const plugin = host.registry.get(pluginUri.name);
    if (!plugin) return { ok: false, reason: `no authorizer plugin named ${pluginUri.name} is loaded (PORTICO_PLUGINS)` };
    const settings = new URLSearchParams();
    for (const [name, value] of pluginUri.settings) settings.append(name, substitute(value, variables));
    const config = pluginConfigFromSettings(plugin.configSchema, settings);
    return { ok: true, binding: { plugin, config, sources, ttlSeconds: snapshot.authorizerResultTtlInSeconds, tokenValidation } };
  }

  if (!snapshot.authorizerUri) return { ok: false, reason: 'the authorizer has no authorizerUri' };
  if (!host.invokeFunction) return { ok: false, reason: 'Lambda authorizers need the Lambda runner, which this data plane has not configured' };
  const plugin = createLambdaAuthorizer(host.invokeFunction) as unknown as AuthorizerPlugin;
  const config = { functionUri: substitute(snapshot.authorizerUri, variables) };
  return { ok: true, binding: { plugin, config, sources, ttlSeconds: snapshot.authorizerResultTtlInSeconds, tokenValidation } };
}
