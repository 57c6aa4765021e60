/** What the integration sees of an authorization: `$context.authorizer.*` and `requestContext.authorizer`. */
export interface AuthorizerResult {
  readonly principalId: string;
  readonly context: Readonly<Record<string, string | number | boolean>>;
  readonly claims?: Readonly<Record<string, string>>;
  readonly scopes?: readonly string[];
  readonly integrationLatency: number;
  readonly usageIdentifierKey?: string;
}

/** `requestContext.authorizer` of a Lambda proxy event (spec §2.4, §3.4, §3.5). */
export function proxyEventAuthorizer(result: AuthorizerResult): Record<string, unknown> {
  if (result.claims) return { claims: { ...result.claims }, ...(result.scopes ? { scopes: [...result.scopes] } : { scopes: null }) };
  return { principalId: result.principalId, integrationLatency: result.integrationLatency, ...result.context };
}
