import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { interceptBody, type ResponseDecorator, type ResponseHead, type ResponseHeaders } from '@portico/gateway-core';
import { authorize, conditionContext, methodArn, type ExecuteApiScope } from '@portico/engine-policy';
import type { Invocation } from '../invocation.js';
import { refusal, type Refusal } from '../refusal.js';
import type { StepAnswer } from '../rest-step.js';
import type { CachedResponse } from './cached-response.js';
import type { CacheKeyBuilder } from './cache-key.js';
import type { MethodCacheSettings } from './method-cache-settings.js';
import type { StageCache } from './stage-cache.js';

/** AWS's largest cacheable response body (1,048,576 bytes); a larger answer is served and not kept. */
export const MAX_CACHED_BODY_BYTES = 1_048_576;

const INVALIDATE_ACTION = 'execute-api:InvalidateCache';

/** `FAIL_WITH_403`: AWS answers 403 "Unauthorized" to a caller not allowed to invalidate. */
const INVALIDATION_REFUSED: Refusal = refusal('ACCESS_DENIED', { message: 'Unauthorized' });

/** The header `SUCCEED_WITH_RESPONSE_HEADER` adds (AWS does not document its name: HTTP's `Warning`). */
export const CACHE_CONTROL_IGNORED_WARNING = '199 - "Cache-Control max-age=0 ignored: the caller may not invalidate this cache entry"';

// Headers that belong to one response, not to the entry: a hit gets its own.
const PER_RESPONSE = new Set(['x-amzn-requestid', 'x-amz-apigw-id', 'x-amzn-trace-id', 'date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

/** Something adds its decorator after the cache's (compression: the cache keeps the uncompressed answer). */
export interface AfterCache {
  decorate(invocation: Invocation): void;
}

/** What the cache step needs of its stage to authorize an invalidation. */
export interface CacheScope {
  readonly scope: ExecuteApiScope;
  readonly stageName: string;
}

/**
 * One cached method, compiled once per deployment: the stage-cache step that runs after authorization, the API key,
 * throttling and request validation (AWS looks the cache up there, so a hit is still authorised and counted) and
 * before the integration. A hit answers from the entry; a miss lets the integration run and keeps its 2xx answer.
 * `Cache-Control: max-age=0` asks for a fresh answer: allowed when the method does not require authorization for
 * it, or when the SigV4 caller's identity policies allow `execute-api:InvalidateCache` on the method ARN; otherwise
 * the method's `unauthorizedCacheControlHeaderStrategy` applies (refuse with 403, or ignore the header with or
 * without a `Warning` header).
 */
export class MethodCache {
  constructor(
    private readonly settings: MethodCacheSettings,
    private readonly keys: CacheKeyBuilder,
    private readonly cache: StageCache,
    private readonly encryptionKey: Buffer | undefined,
    private readonly where: CacheScope,
    private readonly now: () => number,
  ) {}

  run(invocation: Invocation, after: AfterCache | undefined): StepAnswer | undefined | Promise<StepAnswer | undefined> {
    if (this.settings.onlyGet && invocation.httpMethod !== 'GET') {
      after?.decorate(invocation);
      return undefined;
    }
    const key = this.keys.key(invocation);
    let warn = false;
    if (wantsFreshAnswer(invocation.req.headers['cache-control'])) {
      if (this.mayInvalidate(invocation)) {
        invocation.cacheResult = 'miss';
        this.fill(invocation, key, true, false);
        after?.decorate(invocation);
        return undefined;
      }
      if (this.settings.unauthorizedStrategy === 'FAIL_WITH_403') return INVALIDATION_REFUSED;
      warn = this.settings.unauthorizedStrategy === 'SUCCEED_WITH_RESPONSE_HEADER';
    }
    const found = this.cache.lookup(key, this.encryptionKey);
    if (found instanceof Promise) return found.then((response) => this.answer(invocation, key, response, warn, after));
    return this.answer(invocation, key, found, warn, after);
  }

  private answer(invocation: Invocation, key: string, found: CachedResponse | undefined, warn: boolean, after: AfterCache | undefined): StepAnswer | undefined {
    if (!found) {
      invocation.cacheResult = 'miss';
      this.fill(invocation, key, false, warn);
      after?.decorate(invocation);
      return undefined;
    }
    invocation.cacheResult = 'hit';
    after?.decorate(invocation);
    const headers = [...found.headers, 'Content-Length', String(found.body.length), 'x-amzn-RequestId', invocation.requestId, 'x-amz-apigw-id', invocation.extendedRequestId];
    if (warn) headers.push('Warning', CACHE_CONTROL_IGNORED_WARNING);
    invocation.response.send(found.status, headers, found.body);
    return { kind: 'responded', status: found.status, responseLength: found.body.length };
  }

  private fill(invocation: Invocation, key: string, replaced: boolean, warn: boolean): void {
    invocation.response.decorate(new CacheFill(this, key, replaced, warn));
  }

  /** Keeps a response the integration gave (called by the fill decorator once the body is complete). */
  keep(key: string, status: number, headers: string[], body: Buffer, replaced: boolean): void {
    const response: CachedResponse = { status, headers, body, expiresAt: this.now() + this.settings.ttlMs };
    this.cache.store(key, this.keys.stagePrefix, response, this.settings.capacityBytes, this.encryptionKey, replaced);
  }

  private mayInvalidate(invocation: Invocation): boolean {
    if (!this.settings.requireAuthorizationForCacheControl) return true;
    // Only an IAM principal (an AWS_IAM method's SigV4 caller) can hold execute-api:InvalidateCache.
    const principal = invocation.iamPrincipal;
    if (!principal) return false;
    const resource = methodArn(this.where.scope, this.where.stageName, invocation.httpMethod, invocation.stagePath === '' ? '/' : invocation.stagePath);
    const { decision } = authorize({
      request: { caller: principal.caller, action: INVALIDATE_ACTION, resource, context: conditionContext(principal.caller) },
      identityPolicies: principal.policies,
      // Cross-account invalidation is not supported (AWS): the caller's own account must be the API's.
      resourceAccountId: this.where.scope.accountId,
    });
    return decision.allowed && principal.caller.accountId === this.where.scope.accountId;
  }
}

/** `Cache-Control: max-age=0` (also within a list, as `no-cache, max-age=0`). */
function wantsFreshAnswer(header: string | undefined): boolean {
  return header !== undefined && /(?:^|,)\s*max-age\s*=\s*0\s*(?:,|$)/i.test(header);
}

/** Copies the cacheable part of a head: its status when 2xx, headers as a flat list without per-response ones. */
function cacheableHeaders(head: ResponseHead): string[] | undefined {
  if (head.status < 200 || head.status > 299) return undefined;
  const out: string[] = [];
  const add = (name: string, value: unknown): boolean => {
    const lower = name.toLowerCase();
    // A response that sets a cookie is one caller's: never replayed to others.
    if (lower === 'set-cookie') return false;
    if (PER_RESPONSE.has(lower) || value === undefined) return true;
    if (Array.isArray(value)) for (const v of value) out.push(name, String(v));
    else out.push(name, String(value));
    return true;
  };
  const headers: ResponseHeaders = head.headers;
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) if (!add(headers[i], headers[i + 1])) return undefined;
  } else {
    for (const [name, value] of Object.entries(headers as OutgoingHttpHeaders)) if (!add(name, value)) return undefined;
  }
  return out;
}

/** The miss path's decorator: takes the answer's head and body (whole or streamed, ≤ 1 MB) into the cache. */
class CacheFill implements ResponseDecorator {
  private headers: string[] | undefined;
  private status = 0;

  constructor(
    private readonly method: MethodCache,
    private readonly key: string,
    private readonly replaced: boolean,
    private readonly warn: boolean,
  ) {}

  head(head: ResponseHead): void {
    this.status = head.status;
    this.headers = cacheableHeaders(head);
    if (this.warn) {
      if (Array.isArray(head.headers)) head.headers.push('Warning', CACHE_CONTROL_IGNORED_WARNING);
      else head.headers['Warning'] = CACHE_CONTROL_IGNORED_WARNING;
    }
  }

  body(_head: ResponseHead, body: string | Buffer | undefined): string | Buffer | undefined {
    if (this.headers) {
      const bytes = body === undefined ? Buffer.alloc(0) : typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      if (bytes.length <= MAX_CACHED_BODY_BYTES) this.method.keep(this.key, this.status, this.headers, bytes, this.replaced);
    }
    return body;
  }

  streamed(_head: ResponseHead, res: ServerResponse): void {
    const headers = this.headers;
    if (!headers) return;
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    interceptBody(res, (forward, finish) => ({
      write: (chunk) => {
        if (!tooLarge) {
          size += chunk.length;
          if (size > MAX_CACHED_BODY_BYTES) {
            tooLarge = true;
            chunks.length = 0;
          } else chunks.push(Buffer.from(chunk));
        }
        return forward(chunk);
      },
      end: () => {
        // Only a body that arrived whole is kept: a cut response ends through destroy, never here.
        if (!tooLarge) this.method.keep(this.key, this.status, headers, Buffer.concat(chunks, size), this.replaced);
        finish();
      },
    }));
  }
}
