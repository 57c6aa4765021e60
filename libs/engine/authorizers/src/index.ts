export { cognitoAuthorizer, cognitoConfigSchema } from './jwt/cognito-authorizer.js';
export type { ClaimsAllowDecision, CognitoAuthorizerConfig } from './jwt/cognito-authorizer.js';
export { JwksKeySet } from './jwt/jwks-key-set.js';
export type { JwksKeySetOptions, JwtKey, KeyLookup } from './jwt/jwks-key-set.js';
export { JwksRegistry } from './jwt/jwks-registry.js';
export type { JwksRegistryOptions } from './jwt/jwks-registry.js';
export { VerifiedTokenCache } from './jwt/verified-token-cache.js';
export { JwtVerifier } from './jwt/verify-jwt.js';
export type { JwtCheck, JwtClaims, JwtRefusal, JwtVerifierOptions } from './jwt/verify-jwt.js';
export { resolveIssuer } from './jwt/resolve-issuer.js';
export type { IssuerSource } from './jwt/resolve-issuer.js';
export { createLambdaAuthorizer, parseAuthorizerOutput, lambdaConfigSchema } from './lambda/lambda-authorizer.js';
export type { FunctionInvoker, FunctionOutcome } from './lambda/lambda-authorizer.js';
export { buildRequestEvent, buildTokenEvent } from './lambda/build-authorizer-event.js';
export type { RequestAuthorizerEvent, TokenAuthorizerEvent } from './lambda/build-authorizer-event.js';
export { compileAuthorizer } from './rest/compile-authorizer.js';
export { bindAuthorizer } from './rest/bind-authorizer.js';
export type { Binding } from './rest/bind-authorizer.js';
export { identitySourceName } from './rest/request-view.js';
export type {
  AuthorizationInput,
  AuthorizationOutcome,
  AuthorizerHost,
  AuthorizerStage,
  CompileAuthorizerResult,
  CompiledAuthorizer,
} from './rest/types.js';
export { preparePluginConfig, startPlugin } from './host/plugin-runner.js';
export type { PluginRunner, PluginRunnerOptions, PreparedPlugin } from './host/plugin-runner.js';
export { DecisionCache } from './host/decision-cache.js';
export { AuthorizerCacheFlushes } from './host/cache-flushes.js';
export type { SharedDecisionStore } from './host/decision-cache.js';
export { PluginRegistry, loadPlugins } from './host/plugin-registry.js';
export { resolvePluginSpecifier } from './host/resolve-plugin-specifier.js';
export type { LoadPluginsResult } from './host/plugin-registry.js';
export { parsePluginUri, pluginConfigFromSettings, PLUGIN_URI_PREFIX } from './host/plugin-uri.js';
export { parseIdentitySource } from './host/identity-source.js';
export type { IdentitySource } from './host/identity-source.js';
export { pluginAuthorizerProblems } from './host/validate-authorizer-config.js';
export { fetchHttpClient } from './host/capabilities.js';
