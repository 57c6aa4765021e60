import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { invokedFunctionArn, type FunctionTarget } from './function-arn.js';
import type { FunctionErrorPayload, InvokeOptions, InvokeResult } from './types.js';
import { WORKER_SOURCE } from './worker-source.js';

/** `function.json` beside a local function's code: the settings Lambda keeps in the function's configuration. */
export interface LocalFunctionConfig {
  /** `file.export`, as Lambda's handler setting (default `index.handler`). */
  readonly handler: string;
  /** The function's own timeout in seconds (Lambda's default, 3). */
  readonly timeout: number;
  readonly memorySize: number;
  readonly environment: Readonly<Record<string, string>>;
}

const DEFAULT_CONFIG: LocalFunctionConfig = { handler: 'index.handler', timeout: 3, memorySize: 128, environment: {} };
const MODULE_EXTENSIONS = ['.mjs', '.js', '.cjs'];

interface Reply {
  readonly id: number;
  readonly payload?: string;
  readonly error?: FunctionErrorPayload;
  /** The payload was not JSON (parsed in the worker, off the gateway's event loop). */
  readonly invalidPayload?: boolean;
  /** The worker's module has loaded and the first invocation's handler starts now (sent once per worker). */
  readonly started?: boolean;
}

// Lambda's init phase may take up to 10 s on top of the function's timeout; a worker's first invocation gets that
// long to load its module before its own timeout starts (at the worker's `started`).
const INIT_ALLOWANCE_MS = 10_000;

interface Job {
  /** The payload as JSON text; the worker parses it. */
  readonly event: string;
  readonly requestId: string;
  readonly invokedArn: string;
  /** Settles with the function's outcome (success or function error), never with the caller's timeout. */
  readonly done: (result: InvokeResult) => void;
  cancelled: boolean;
}

function functionError(error: FunctionErrorPayload): InvokeResult {
  return { kind: 'function-error', payload: JSON.stringify(error), error };
}

function logStreamName(): string {
  const d = new Date();
  const day = `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** One warm worker thread; it runs one invocation at a time, like a Lambda execution environment. */
class FunctionWorker {
  private readonly worker: Worker;
  private nextId = 0;
  private current: { id: number; job: Job; timer: NodeJS.Timeout } | undefined;
  private dead = false;
  /** Set at the worker's first `started`: from then on an invocation's timer is the function's timeout alone. */
  private initialized = false;

  constructor(
    private readonly pool: FunctionPool,
    file: string,
    exportName: string,
  ) {
    const { config, name, region } = pool;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        file,
        exportName,
        handler: config.handler,
        environment: {
          ...config.environment,
          AWS_LAMBDA_FUNCTION_NAME: name,
          AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(config.memorySize),
          AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
          AWS_REGION: region,
          AWS_DEFAULT_REGION: region,
          LAMBDA_TASK_ROOT: pool.directory,
        },
      },
    });
    // Idle warm workers must not keep the process alive.
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => this.onReply(reply));
    this.worker.on('error', (error) => this.onExit(`Runtime exited with error: ${error.message}`));
    this.worker.on('exit', (code) => this.onExit(`Runtime exited with error: exit status ${code}`));
  }

  run(job: Job): void {
    const id = ++this.nextId;
    const timeoutMs = this.pool.config.timeout * 1000;
    const timer = setTimeout(() => this.onTimeout(), this.initialized ? timeoutMs : timeoutMs + INIT_ALLOWANCE_MS);
    this.current = { id, job, timer };
    this.worker.postMessage({
      id,
      event: job.event,
      context: {
        awsRequestId: job.requestId,
        functionName: this.pool.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: job.invokedArn,
        memoryLimitInMB: String(this.pool.config.memorySize),
        logGroupName: `/aws/lambda/${this.pool.name}`,
        logStreamName: logStreamName(),
        deadlineMs: Date.now() + timeoutMs,
        timeoutMs,
      },
    });
  }

  terminate(): Promise<number> {
    this.dead = true;
    return this.worker.terminate();
  }

  private finish(result: InvokeResult): void {
    const current = this.current;
    if (!current) return;
    clearTimeout(current.timer);
    this.current = undefined;
    current.job.done(result);
  }

  private onReply(reply: Reply): void {
    if (!this.current || reply.id !== this.current.id) return;
    if (reply.started) {
      this.initialized = true;
      clearTimeout(this.current.timer);
      this.current.timer = setTimeout(() => this.onTimeout(), this.pool.config.timeout * 1000);
      return;
    }
    if (reply.invalidPayload) {
      // Lambda's Invoke API refuses such a payload (400 InvalidRequestContentException); API Gateway answers 500.
      this.finish({ kind: 'failed', status: 500, message: 'Could not parse request body into json: the payload is not JSON' });
    } else {
      this.finish(reply.error ? functionError(reply.error) : { kind: 'success', payload: reply.payload ?? 'null' });
    }
    this.pool.release(this);
  }

  /** The function's own timeout: Lambda stops the environment and reports the invocation as failed. */
  private onTimeout(): void {
    const current = this.current;
    if (!current) return;
    const seconds = this.pool.config.timeout.toFixed(2);
    this.finish(
      functionError({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${current.job.requestId} Error: Task timed out after ${seconds} seconds` }),
    );
    this.pool.discard(this);
    void this.terminate();
  }

  private onExit(message: string): void {
    if (this.dead) return;
    this.dead = true;
    const current = this.current;
    if (current) {
      this.finish(functionError({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${current.job.requestId} Error: ${message}` }));
    }
    this.pool.discard(this);
  }
}

/** The warm workers of one local function: up to `maxWorkers` run at once; further invocations queue. */
class FunctionPool {
  private readonly idle: FunctionWorker[] = [];
  private readonly all = new Set<FunctionWorker>();
  private readonly queue: Job[] = [];

  constructor(
    readonly name: string,
    readonly directory: string,
    readonly config: LocalFunctionConfig,
    readonly region: string,
    private readonly file: string,
    private readonly exportName: string,
    private readonly maxWorkers: number,
  ) {}

  submit(job: Job): void {
    const worker = this.idle.pop() ?? (this.all.size < this.maxWorkers ? this.spawn() : undefined);
    if (worker) worker.run(job);
    else this.queue.push(job);
  }

  release(worker: FunctionWorker): void {
    let job = this.queue.shift();
    while (job?.cancelled) job = this.queue.shift();
    if (job) worker.run(job);
    else this.idle.push(worker);
  }

  discard(worker: FunctionWorker): void {
    this.all.delete(worker);
    const at = this.idle.indexOf(worker);
    if (at >= 0) this.idle.splice(at, 1);
    let job = this.queue.shift();
    while (job?.cancelled) job = this.queue.shift();
    if (job) this.submit(job);
  }

  async close(): Promise<void> {
    await Promise.all([...this.all].map((w) => w.terminate()));
    this.all.clear();
    this.idle.length = 0;
  }

  private spawn(): FunctionWorker {
    const worker = new FunctionWorker(this, this.file, this.exportName);
    this.all.add(worker);
    return worker;
  }
}

function readConfig(directory: string): LocalFunctionConfig | string {
  const file = join(directory, 'function.json');
  if (!existsSync(file)) return DEFAULT_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return `${file}: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `${file}: must be a JSON object`;
  const r = raw as Record<string, unknown>;
  const timeout = r.timeout ?? DEFAULT_CONFIG.timeout;
  const memorySize = r.memorySize ?? DEFAULT_CONFIG.memorySize;
  const handler = r.handler ?? DEFAULT_CONFIG.handler;
  const environment = r.environment ?? {};
  if (typeof timeout !== 'number' || !(timeout > 0) || timeout > 900) return `${file}: timeout must be 1–900 seconds`;
  if (typeof memorySize !== 'number' || !Number.isInteger(memorySize)) return `${file}: memorySize must be an integer`;
  if (typeof handler !== 'string' || !/^[^.]+\.[A-Za-z_$][\w$]*$/.test(handler)) return `${file}: handler must be file.export`;
  if (typeof environment !== 'object' || environment === null || Object.values(environment).some((v) => typeof v !== 'string')) {
    return `${file}: environment must map names to strings`;
  }
  return { timeout, memorySize, handler, environment: environment as Record<string, string> };
}

export interface LocalFunctionsOptions {
  /** `PORTICO_FUNCTIONS_DIR`: one folder per function, named as the function. */
  readonly directory: string;
  readonly region: string;
  readonly accountId: string;
  /** Concurrent invocations per function (warm worker threads); default 2. */
  readonly maxWorkersPerFunction?: number;
  /** Epoch milliseconds (tests); default Date.now. */
  readonly now?: () => number;
}

/**
 * How long "no local function of that name" is remembered. Every invocation of a remote function asks first,
 * and without this each one would stat the directory synchronously on the event loop; a folder added while the
 * data plane runs is picked up after at most this long.
 */
export const MISSING_FUNCTION_RECHECK_MS = 5_000;

/**
 * Local functions: `{directory}/{functionName}/index.mjs|index.js` exporting `handler(event, context)`, each run
 * in a small pool of warm worker threads. Aliases and versions all run the one local code.
 */
export class LocalFunctions {
  private readonly pools = new Map<string, FunctionPool | string>();
  /** Names found missing, with when to look again. */
  private readonly missing = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: LocalFunctionsOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True when a local function of that name exists (its folder has the handler's module). */
  has(name: string): boolean {
    return this.resolve(name) !== undefined;
  }

  invoke(target: FunctionTarget, payload: string, options: InvokeOptions): Promise<InvokeResult> {
    const pool = this.resolve(target.functionName);
    if (pool === undefined) {
      return Promise.resolve({ kind: 'failed', status: 500, message: `Function not found: ${target.functionArn}` });
    }
    if (typeof pool === 'string') return Promise.resolve({ kind: 'failed', status: 500, message: pool });
    return new Promise<InvokeResult>((resolve) => {
      let answered = false;
      const answer = (result: InvokeResult) => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        resolve(result);
      };
      const job: Job = {
        event: payload,
        requestId: randomUUID(),
        invokedArn: invokedFunctionArn(target, this.options.accountId),
        done: answer,
        cancelled: false,
      };
      // The integration's deadline: the caller stops waiting (504); a running invocation still runs to its end.
      const timer = setTimeout(() => {
        job.cancelled = true;
        answer({ kind: 'timeout', message: `no answer from ${target.functionName} before the integration timeout` });
      }, Math.max(0, options.deadline - Date.now()));
      pool.submit(job);
    });
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => (typeof p === 'string' ? undefined : p.close())));
  }

  private resolve(name: string): FunctionPool | string | undefined {
    const known = this.pools.get(name);
    if (known !== undefined) return known;
    const recheckAt = this.missing.get(name);
    if (recheckAt !== undefined && this.now() < recheckAt) return undefined;
    const found = this.load(name);
    if (found === undefined) this.missing.set(name, this.now() + MISSING_FUNCTION_RECHECK_MS);
    else this.missing.delete(name);
    return found;
  }

  private load(name: string): FunctionPool | string | undefined {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) return undefined;
    const directory = join(this.options.directory, name);
    if (!existsSync(directory)) return undefined;
    const config = readConfig(directory);
    let resolved: FunctionPool | string;
    if (typeof config === 'string') {
      resolved = config;
    } else {
      const dot = config.handler.lastIndexOf('.');
      const base = config.handler.slice(0, dot);
      const file = MODULE_EXTENSIONS.map((ext) => join(directory, base + ext)).find((f) => existsSync(f));
      if (!file) return undefined;
      resolved = new FunctionPool(
        name,
        directory,
        config,
        this.options.region,
        file,
        config.handler.slice(dot + 1),
        this.options.maxWorkersPerFunction ?? 2,
      );
    }
    this.pools.set(name, resolved);
    return resolved;
  }
}
