import type { AuthorizerSnapshot } from '@portico/contracts';
import type { AuthorizerRequestContext, ContextValue, PluginHttpClient, PluginLogger, PolicyDocument } from '@portico/plugin-sdk';
import type { SharedDecisionStore } from '../host/decision-cache.js';
import type { PluginRegistry } from '../host/plugin-registry.js';
import type { FunctionInvoker } from '../lambda/lambda-authorizer.js';

/** What the host gives every authorizer of a config revision. */
export interface AuthorizerHost {
  readonly registry: PluginRegistry;
  /** Runs Lambda authorizers (the Lambda runner); without it, Lambda authorizers are refused at compile time. */
  readonly invokeFunction?: FunctionInvoker;
  /** Cross-replica result cache (Redis); in-process only without it. */
  readonly sharedStore?: SharedDecisionStore;
  readonly http?: PluginHttpClient;
  readonly logger?: PluginLogger;
  /** Epoch milliseconds. */
  readonly now?: () => number;
  /** PORTICO_COGNITO_IDP_ENDPOINT: where Cognito user pool ARNs resolve (a Cognito-compatible IdP); AWS when unset. */
  readonly cognitoEndpoint?: string;
  /** How long an authorizer may take (default 10 s, AWS's documented authorizer timeout). */
  readonly timeoutMs?: number;
}

/** The stage an authorizer is compiled for (stage variables may appear in `authorizerUri`). */
export interface AuthorizerStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly variables: Readonly<Record<string, string>>;
}

/** The request as the pipeline sees it; the plugin's read-only view is built from it only on a cache miss. */
export interface AuthorizationInput {
  readonly methodArn: string;
  readonly httpMethod: string;
  readonly resource: string;
  readonly path: string;
  /** Node's `IncomingHttpHeaders` (lower-case names). */
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly rawHeaders: readonly string[];
  query(name: string): readonly string[] | undefined;
  multiValueQuery(): Readonly<Record<string, readonly string[]>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** `$context.<name>`, for `context.X` identity sources. */
  contextValue(name: string): string | undefined;
  readonly requestContext: AuthorizerRequestContext;
  /** The method's `authorizationScopes`. */
  readonly authorizationScopes: readonly string[];
}

/**
 * What the pipeline does next (spec §3.4 outcome table):
 * - `allow`: continue; `principalId`, `context` (and Cognito `claims`) go to the integration.
 * - `unauthorized`: 401 UNAUTHORIZED `{"message":"Unauthorized"}`.
 * - `denied`: 403 ACCESS_DENIED, with or without "with an explicit deny".
 * - `error`: 500 AUTHORIZER_CONFIGURATION_ERROR (the authorizer is broken; the reason is for logs only).
 */
export type AuthorizationOutcome =
  | {
      readonly kind: 'allow';
      readonly principalId: string;
      readonly context: Readonly<Record<string, ContextValue>>;
      readonly claims?: Readonly<Record<string, string>>;
      readonly scopes?: readonly string[];
      readonly usageIdentifierKey?: string;
      /** The policy the authorizer returned (Lambda authorizers), for test-invoke and logs. */
      readonly policy?: PolicyDocument;
      /** Time spent in the authorizer (0 on a cache hit): `requestContext.authorizer.integrationLatency`. */
      readonly latencyMs: number;
      /** The result came from the cache (this replica's or the shared one); undefined: the authorizer was not asked. */
      readonly cached?: boolean;
    }
  | { readonly kind: 'unauthorized'; readonly reason: string; readonly cached?: boolean }
  | {
      readonly kind: 'denied';
      readonly explicit: boolean;
      readonly reason: string;
      readonly policy?: PolicyDocument;
      /**
       * The authorizer allowed the caller but its policy says nothing about this method: with a resource policy that
       * explicitly allows the request, API Gateway lets it through (spec §3.3 table A). What it would carry then.
       */
      readonly silent?: Omit<Extract<AuthorizationOutcome, { kind: 'allow' }>, 'kind'>;
      readonly cached?: boolean;
    }
  | { readonly kind: 'error'; readonly reason: string; readonly cached?: boolean };

export interface CompiledAuthorizer {
  readonly id: string;
  readonly type: AuthorizerSnapshot['type'];
  /** Never throws nor rejects; answers synchronously when the result is cached. */
  authorize(input: AuthorizationInput, requestId: string): AuthorizationOutcome | Promise<AuthorizationOutcome>;
  /** Drops this replica's cached results (FlushStageAuthorizersCache; the shared store is flushed by the control plane). */
  flush(): void;
  /** Retires the plugin instance (config replaced). */
  close(): Promise<void>;
}

export type CompileAuthorizerResult = { readonly ok: true; readonly authorizer: CompiledAuthorizer } | { readonly ok: false; readonly reason: string };
