export { COMPATIBLE_SDK_VERSIONS, SDK_VERSION } from './version.js';
export { defineAuthorizer, checkPlugin, PluginDefinitionError } from './define-authorizer.js';
export type { AuthorizerDefinition, AuthorizerInstance, AuthorizerPlugin, PluginCheck } from './define-authorizer.js';
export { allow, deny, fail, decisionProblem } from './decisions.js';
export type { AllowDecision, AuthorizerDecision, ContextValue, DenyDecision, FailDecision, PolicyDocument, PolicyStatement } from './decisions.js';
export type { AuthorizerRequest, AuthorizerRequestContext } from './request.js';
export type {
  AuthorizeContext,
  CreateContext,
  HttpRequestOptions,
  HttpResponse,
  PluginCache,
  PluginClock,
  PluginHttpClient,
  PluginLogger,
} from './context.js';
export { schema, validateConfig, schemaProblems } from './config-schema.js';
export type {
  ArrayField,
  BooleanField,
  ConfigIssue,
  ConfigOf,
  ConfigSchema,
  ConfigValidation,
  FieldSchema,
  NumberField,
  ObjectField,
  RecordField,
  StringField,
} from './config-schema.js';
export { satisfiesRange, isValidRange, parseVersion, compareVersions } from './semver-range.js';
export type { SemanticVersion } from './semver-range.js';
