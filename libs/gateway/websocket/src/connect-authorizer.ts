import type { WebSocketAuthorizerSnapshot } from '@portico/contracts';
import { parseAuthorizerOutput } from '@portico/engine-authorizers';
import { parseLambdaUri, type FunctionRunner, type FunctionTarget } from '@portico/engine-lambda';
import { compilePolicy, conditionContext, parsePolicy, timeKeys } from '@portico/engine-policy';
import type { WebSocketConnection } from './websocket-events.js';

/** How `$connect` authorization ended (spec §6). */
export type ConnectAuthorization =
  | { readonly ok: true; readonly authorizer: Record<string, unknown>; readonly usageIdentifierKey?: string; readonly latencyMs: number }
  | { readonly ok: false; readonly status: 401 | 403 | 500; readonly message: string; readonly reason: string; readonly latencyMs: number };

/** A `$connect` REQUEST authorizer, compiled once per config. */
export type CompiledConnectAuthorizer = (connection: WebSocketConnection, event: () => unknown, methodArn: string, requestId: string) => Promise<ConnectAuthorization>;

/** AWS's authorizer timeout for Lambda authorizers (the integration limit, 29 s, would hold an upgrade far too long) [I]. */
const AUTHORIZER_TIMEOUT_MS = 10_000;

/**
 * `identitySource` of WebSocket authorizers uses non-`$` expressions (spec §6): `route.request.header.X`,
 * `route.request.querystring.X`; each must be present and non-empty, else 401 without invoking.
 */
function identityReader(source: string): (connection: WebSocketConnection) => string | undefined {
  const expression = source.replace(/^\$request\./, 'route.request.');
  const header = /^route\.request\.header\.(.+)$/i.exec(expression);
  if (header) {
    const name = header[1].toLowerCase();
    return (connection) => {
      for (const [key, value] of Object.entries(connection.headers)) if (key.toLowerCase() === name) return value;
      return undefined;
    };
  }
  const query = /^route\.request\.querystring\.(.+)$/i.exec(expression);
  if (query) {
    const name = query[1];
    return (connection) => connection.queryStringParameters[name];
  }
  throw new Error(`identitySource ${JSON.stringify(source)} is not route.request.header.X or route.request.querystring.X`);
}

export function compileConnectAuthorizer(authorizer: WebSocketAuthorizerSnapshot, runner: FunctionRunner, stageVariables: Readonly<Record<string, string>>): CompiledConnectAuthorizer {
  const parsed = parseLambdaUri(authorizer.authorizerUri, stageVariables);
  if (!parsed.ok) throw new Error(`authorizer ${authorizer.authorizerId}: ${parsed.reason}`);
  const target: FunctionTarget = parsed.target;
  const identities = authorizer.identitySource.map(identityReader);
  return async (connection, event, methodArn, requestId) => {
    const started = performance.now();
    const refuse = (status: 401 | 403 | 500, reason: string): ConnectAuthorization => ({
      ok: false,
      status,
      message: status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Internal server error',
      reason,
      latencyMs: performance.now() - started,
    });
    for (const read of identities) {
      const value = read(connection);
      if (value === undefined || value === '') return refuse(401, 'an identity source is missing or empty');
    }
    const result = await runner.invoke(target, JSON.stringify(event()), { deadline: Date.now() + AUTHORIZER_TIMEOUT_MS, requestId });
    if (result.kind === 'function-error') return result.error.errorMessage === 'Unauthorized' ? refuse(401, 'the authorizer answered Unauthorized') : refuse(500, `authorizer error: ${result.error.errorMessage ?? ''}`);
    if (result.kind !== 'success') return refuse(500, `authorizer failed: ${result.message}`);
    const decision = parseAuthorizerOutput(result.payload);
    if (decision.effect === 'fail') return refuse(500, decision.reason ?? 'authorizer output is malformed');
    if (decision.effect === 'deny') return refuse(decision.status === 401 ? 401 : 403, decision.reason ?? 'denied');
    const policy = parsePolicy(decision.policyDocument as never, 'identity');
    if (!policy.ok) return refuse(500, `authorizer policy is malformed: ${policy.message}`);
    const compiled = compilePolicy(policy.policy);
    // `…/{stage}/*/*` does not match `…/{stage}/$connect` (no second slash): AWS answers 403 for it too (spec §6).
    const effect = compiled.evaluate({
      caller: undefined,
      action: 'execute-api:Invoke',
      resource: methodArn,
      context: conditionContext(undefined, { ...timeKeys(Date.now()), 'aws:SourceIp': connection.sourceIp }),
    });
    if (effect !== 'Allow') return refuse(403, effect === 'Deny' ? 'the authorizer policy denies $connect' : 'the authorizer policy does not allow $connect');
    return {
      ok: true,
      authorizer: { principalId: decision.principalId, ...(decision.context ?? {}) },
      ...(decision.usageIdentifierKey === undefined ? {} : { usageIdentifierKey: decision.usageIdentifierKey }),
      latencyMs: performance.now() - started,
    };
  };
}
