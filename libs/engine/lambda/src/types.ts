import type { FunctionTarget } from './function-arn.js';

export interface InvokeOptions {
  /** Epoch milliseconds (Date.now clock) after which the caller stops waiting: the integration timeout. */
  readonly deadline: number;
  /** The gateway's request id, for logs; each invocation gets its own Lambda request id. */
  readonly requestId: string;
}

/** A Lambda function error payload as the runtime reports it (`X-Amz-Function-Error: Unhandled`). */
export interface FunctionErrorPayload {
  readonly errorType?: string;
  readonly errorMessage?: string;
  readonly trace?: readonly string[];
}

export type InvokeResult =
  /** The function returned; `payload` is its JSON text, exactly as Lambda's Invoke API returns it. */
  | { readonly kind: 'success'; readonly payload: string }
  /** The function failed (unhandled error, its own timeout, a crash); `payload` is the error JSON text. */
  | { readonly kind: 'function-error'; readonly payload: string; readonly error: FunctionErrorPayload }
  /** The deadline passed before the function answered (API Gateway: 504 INTEGRATION_TIMEOUT). */
  | { readonly kind: 'timeout'; readonly message: string }
  /**
   * The function could not be invoked at all. `status` is what API Gateway answers: 500 for configuration
   * errors (no such function, permission denied), 502 for anything else (spec §2.9).
   */
  | {
      readonly kind: 'failed';
      readonly status: 500 | 502;
      readonly message: string;
      /** Where the invocation was sent (the Invoke API's URL, or `local`), for the operator's log line. */
      readonly endpoint?: string;
    };

/**
 * Runs Lambda functions wherever they live: local Node.js handlers, or the Lambda Invoke API. One instance per
 * process, shared by integrations (AWS_PROXY, AWS) and Lambda authorizers; never rejects.
 */
export interface FunctionRunner {
  invoke(target: FunctionTarget, payload: string, options: InvokeOptions): Promise<InvokeResult>;
  /**
   * Stops worker threads and closes connections. A graceful close waits for invocations in flight; `abort`
   * (a shutdown whose deadline passed) aborts them.
   */
  close(options?: { readonly abort?: boolean }): Promise<void>;
}
