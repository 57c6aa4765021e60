import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { hmacKeyObject } from '@portico/engine-sigv4';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from '@smithy/types';
import { Agent, request } from 'undici';
import type { FunctionTarget } from './function-arn.js';
import type { FunctionErrorPayload, InvokeOptions, InvokeResult } from './types.js';

/** SHA-256 for the signer, on node:crypto (the signer asks for a Checksum constructor; HMAC when given a key). */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }

  reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash('sha256');
    if (typeof this.secret === 'string') return createHmac('sha256', this.secret);
    // The signer's cached signing key is the same Uint8Array all day: its KeyObject is made once (engine-sigv4).
    return createHmac('sha256', hmacKeyObject(this.secret as Uint8Array));
  }
}

export interface InvokeApiOptions {
  /** `PORTICO_LAMBDA_ENDPOINT` (LocalStack, the runtime interface emulator…); else `https://lambda.{region}.amazonaws.com`. */
  readonly endpoint?: string;
  /** The standard AWS chain (environment, shared files, SSO, web identity, ECS/EC2 metadata). */
  readonly credentials: AwsCredentialIdentityProvider;
}

/**
 * Lambda API errors that mean the gateway is misconfigured (AWS answers 500; other failures 502, spec §2.9):
 * a payload Lambda cannot parse, no permission, no such function.
 */
const CONFIGURATION_ERRORS = new Set([400, 403, 404]);

/** Where a region's invocations go, parsed once per region rather than per invocation. */
interface Endpoint {
  readonly url: URL;
  readonly port: number | undefined;
  /** The endpoint's own path prefix, without a trailing slash. */
  readonly basePath: string;
}

/**
 * The Lambda Invoke API (`POST /2015-03-31/functions/{name}/invocations`, RequestResponse), SigV4-signed for the
 * function's region. The function is named by its name in the path and its alias/version as `Qualifier`, the
 * form every Lambda-compatible endpoint accepts (the runtime interface emulator serves `functions/function`).
 */
export class InvokeApi {
  private readonly agent = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
  private readonly signers = new Map<string, SignatureV4>();
  private readonly endpoints = new Map<string, Endpoint>();

  constructor(private readonly options: InvokeApiOptions) {}

  async invoke(target: FunctionTarget, payload: string, options: InvokeOptions): Promise<InvokeResult> {
    let endpoint: Endpoint;
    try {
      endpoint = this.endpoint(target.region);
    } catch (error) {
      return { kind: 'failed', status: 500, message: `invalid Lambda endpoint: ${describe(error)}`, endpoint: this.options.endpoint };
    }
    const { url, port, basePath } = endpoint;
    const where = url.origin + basePath;
    const path = `${basePath}/2015-03-31/functions/${encodeURIComponent(target.functionName)}/invocations`;
    const query: Record<string, string> = target.qualifier ? { Qualifier: target.qualifier } : {};
    const remaining = options.deadline - Date.now();
    if (remaining <= 0) return { kind: 'timeout', message: 'integration timeout elapsed before the invocation started' };
    let signed;
    try {
      signed = await this.signer(target.region).sign({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        port,
        path,
        query,
        headers: {
          host: url.host,
          'content-type': 'application/json',
          'x-amz-invocation-type': 'RequestResponse',
        },
        body: payload,
      });
    } catch (error) {
      return { kind: 'failed', status: 500, message: `could not sign the Lambda invocation: ${describe(error)}`, endpoint: where };
    }
    const invocationUrl = `${url.origin}${path}${target.qualifier ? `?Qualifier=${encodeURIComponent(target.qualifier)}` : ''}`;
    const signal = AbortSignal.timeout(Math.max(1, options.deadline - Date.now()));
    try {
      const response = await request(invocationUrl, {
        method: 'POST',
        headers: signed.headers,
        body: payload,
        dispatcher: this.agent,
        signal,
      });
      const text = await response.body.text();
      if (response.statusCode >= 200 && response.statusCode < 300) {
        const functionError = response.headers['x-amz-function-error'];
        if (functionError !== undefined) return { kind: 'function-error', payload: text, error: parseError(text) };
        return { kind: 'success', payload: text };
      }
      const status = CONFIGURATION_ERRORS.has(response.statusCode) ? 500 : 502;
      return { kind: 'failed', status, message: `Lambda Invoke API answered ${response.statusCode}: ${text.slice(0, 500)}`, endpoint: where };
    } catch (error) {
      if (signal.aborted) return { kind: 'timeout', message: `no answer from ${target.functionName} before the integration timeout` };
      return { kind: 'failed', status: 502, message: `Lambda Invoke API request failed: ${describe(error)}`, endpoint: where };
    }
  }

  /** Graceful: waits for invocations in flight; `abort` aborts them (a shutdown past its deadline). */
  close(abort = false): Promise<void> {
    return abort ? this.agent.destroy(new Error('Lambda invocations aborted at shutdown')) : this.agent.close();
  }

  private endpoint(region: string): Endpoint {
    let endpoint = this.endpoints.get(region);
    if (!endpoint) {
      const url = new URL(this.options.endpoint ?? `https://lambda.${region}.amazonaws.com`);
      endpoint = { url, port: url.port ? Number(url.port) : undefined, basePath: url.pathname.replace(/\/+$/, '') };
      this.endpoints.set(region, endpoint);
    }
    return endpoint;
  }

  private signer(region: string): SignatureV4 {
    let signer = this.signers.get(region);
    if (!signer) {
      signer = new SignatureV4({ service: 'lambda', region, credentials: this.options.credentials, sha256: NodeSha256 });
      this.signers.set(region, signer);
    }
    return signer;
  }
}

/** An error's message with its cause (undici's `fetch failed` hides the `ECONNREFUSED` underneath). */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = cause && 'code' in cause ? ` (${String(cause.code)})` : '';
  return cause ? `${error.message}: ${cause.message}${code}` : error.message;
}

function parseError(text: string): FunctionErrorPayload {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const p = parsed as Record<string, unknown>;
      return {
        errorType: typeof p.errorType === 'string' ? p.errorType : undefined,
        errorMessage: typeof p.errorMessage === 'string' ? p.errorMessage : undefined,
        trace: Array.isArray(p.trace) ? p.trace.map(String) : undefined,
      };
    }
    return { errorMessage: typeof parsed === 'string' ? parsed : text };
  } catch {
    return { errorMessage: text };
  }
}
