import { OriginPools } from '@portico/engine-integrations';
import type { FunctionRunner } from '@portico/engine-lambda';
import { Client, DecoratorHandler, type Dispatcher } from 'undici';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** AWS's execution-log timestamp: `Thu Aug 31 01:07:25 UTC 2017` (Java's Date#toString in UTC). */
export function logTimestamp(at: Date): string {
  return `${DAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} UTC ${at.getUTCFullYear()}`;
}

/** `{a=1, b=2}`, as AWS prints maps in execution logs. */
export function logMap(entries: Iterable<readonly [string, string]>): string {
  return `{${[...entries].map(([k, v]) => `${k}=${v}`).join(', ')}}`;
}

/** Header values the log never shows in clear (AWS masks credentials with asterisks). */
const MASKED = new Set(['authorization', 'x-api-key', 'x-amz-security-token']);
const mask = (name: string, value: string) => (MASKED.has(name.toLowerCase()) ? '*'.repeat(Math.min(value.length, 64)) : value);

/** Bodies are logged up to this size, as AWS truncates its execution logs. */
const MAX_LOGGED_BODY = 10_000;
const truncated = (body: string) => (body.length > MAX_LOGGED_BODY ? `${body.slice(0, MAX_LOGGED_BODY)} [TRUNCATED]` : body);

/** One test invocation's execution log: timestamped lines, rendered once the request id is known. */
export class ExecutionLog {
  private readonly lines: string[] = [];

  line(text: string): void {
    this.lines.push(`${logTimestamp(new Date())} : ${text}`);
  }

  body(label: string, body: string): void {
    this.line(`${label}: ${truncated(body)}`);
  }

  headers(label: string, raw: readonly (readonly [string, string])[]): void {
    this.line(`${label}: ${logMap(raw.map(([k, v]) => [k, mask(k, v)] as const))}`);
  }

  render(requestId: string): string {
    return [`Execution log for request ${requestId}`, ...this.lines].join('\n') + '\n';
  }
}

/** `[name, value, name, value…]` (undici's raw header forms: strings or Buffers) as pairs. */
function headerPairs(headers: unknown): [string, string][] {
  const pairs: [string, string][] = [];
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) pairs.push([String(headers[i]), String(headers[i + 1])]);
  } else if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>)) {
      for (const value of Array.isArray(v) ? v : [v]) if (value !== undefined) pairs.push([k, String(value)]);
    }
  }
  return pairs;
}

/** undici 7's handler callbacks (the controller API), which DecoratorHandler implements at run time. */
interface ControllerHandler {
  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[]>, statusMessage?: string): void;
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void;
  onResponseEnd(controller: Dispatcher.DispatchController, trailers: Record<string, string | string[]>): void;
  onResponseError(controller: Dispatcher.DispatchController, error: Error): void;
}
// DecoratorHandler wraps either handler style (the proxy integration's legacy one, `request`'s) into the controller
// API; its published types still describe the legacy callbacks only.
const Decorator = DecoratorHandler as unknown as new (handler: Dispatcher.DispatchHandler) => ControllerHandler;

/** Records the backend's answer (status, headers, body) as it passes to the integration's own handler. */
class RecordingHandler extends Decorator {
  private readonly chunks: Buffer[] = [];
  private size = 0;

  constructor(
    handler: Dispatcher.DispatchHandler,
    private readonly log: ExecutionLog,
    private readonly startedAt: number,
  ) {
    super(handler);
  }

  override onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[]>, statusMessage?: string): void {
    this.log.line(`Received response. Status: ${statusCode}, Integration latency: ${Math.round(performance.now() - this.startedAt)} ms`);
    this.log.headers('Endpoint response headers', headerPairs(headers));
    return super.onResponseStart(controller, statusCode, headers, statusMessage);
  }

  override onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.size < MAX_LOGGED_BODY) {
      this.chunks.push(chunk);
      this.size += chunk.length;
    }
    return super.onResponseData(controller, chunk);
  }

  override onResponseEnd(controller: Dispatcher.DispatchController, trailers: Record<string, string | string[]>): void {
    this.log.body('Endpoint response body before transformations', Buffer.concat(this.chunks).toString('utf8'));
    return super.onResponseEnd(controller, trailers);
  }

  override onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    this.log.line(`Execution failed due to a network error: ${error.message}`);
    return super.onResponseError(controller, error);
  }
}

/**
 * Backend pools for one test invocation whose connections log what the integration sends (URI, headers after
 * parameter mapping, body after its template) and what comes back, as AWS's execution log shows it. The
 * integrations themselves are the data plane's, unchanged: only the dispatcher under them records.
 */
export function recordingOriginPools(log: ExecutionLog, methodBody: string): OriginPools {
  return new OriginPools({
    factory: (origin, options) =>
      new Client(origin, options).compose((dispatch) => (opts, handler) => {
        const uri = `${String(origin).replace(/\/$/, '')}${opts.path}`;
        log.line(`Endpoint request URI: ${uri}`);
        log.headers('Endpoint request headers', headerPairs(opts.headers));
        // A streamed body is the client's, passed through unchanged.
        const body = typeof opts.body === 'string' ? opts.body : Buffer.isBuffer(opts.body) ? opts.body.toString('utf8') : opts.body ? methodBody : '';
        log.body('Endpoint request body after transformations', body);
        log.line(`Sending request to ${uri}`);
        return dispatch(opts, new RecordingHandler(handler, log, performance.now()));
      }),
  });
}

/** The data plane's function runner, logging the Lambda request and answer of one test invocation. */
export function recordingFunctionRunner(runner: FunctionRunner, log: ExecutionLog, region: string): FunctionRunner {
  return {
    async invoke(target, payload, options) {
      log.line(`Endpoint request URI: https://lambda.${target.region || region}.amazonaws.com/2015-03-31/functions/${target.functionArn}/invocations`);
      log.body('Endpoint request body after transformations', payload);
      log.line(`Sending request to https://lambda.${target.region || region}.amazonaws.com/2015-03-31/functions/${target.functionArn}/invocations`);
      const startedAt = performance.now();
      const result = await runner.invoke(target, payload, options);
      const latency = Math.round(performance.now() - startedAt);
      if (result.kind === 'success' || result.kind === 'function-error') {
        log.line(`Received response. Status: 200, Integration latency: ${latency} ms`);
        log.body('Endpoint response body before transformations', result.payload);
      } else {
        log.line(`Execution failed due to ${result.kind === 'timeout' ? 'a timeout' : 'an invocation error'}: ${result.message}`);
      }
      return result;
    },
    // The runner is the control plane's, shared: one test invocation never closes it.
    close: async () => undefined,
  };
}
