import type { FunctionRunner, FunctionTarget, InvokeOptions, InvokeResult } from '@portico/engine-lambda';
import type { Logger } from '../logger.js';

/** One line per function per this long, however many requests fail meanwhile. */
const REPORT_INTERVAL_MS = 60_000;

/**
 * The process's function runner, telling the operator why a function cannot be invoked (not local, an endpoint
 * that refuses or does not resolve, no credentials, no such function). The client gets AWS's answer (500 or
 * 502 `Internal server error`), which says nothing; without this line the cause would be invisible. Logged once
 * per function per minute, with how many failures the previous minute hid.
 */
export function reportInvokeFailures(runner: FunctionRunner, log: Logger, now: () => number = Date.now): FunctionRunner {
  const reported = new Map<string, { at: number; suppressed: number }>();
  const report = (target: FunctionTarget, result: InvokeResult & { kind: 'failed' }): void => {
    const key = `${target.region}/${target.functionName}`;
    const last = reported.get(key);
    const at = now();
    if (last && at - last.at < REPORT_INTERVAL_MS) {
      last.suppressed++;
      return;
    }
    reported.set(key, { at, suppressed: 0 });
    log.log('warn', 'Lambda function cannot be invoked', {
      functionName: target.functionName,
      functionArn: target.functionArn,
      region: target.region,
      endpoint: result.endpoint ?? 'local',
      status: result.status,
      error: result.message,
      ...(last && last.suppressed > 0 ? { suppressedSinceLastReport: last.suppressed } : {}),
    });
  };
  return {
    async invoke(target: FunctionTarget, payload: string, options: InvokeOptions): Promise<InvokeResult> {
      const result = await runner.invoke(target, payload, options);
      if (result.kind === 'failed') report(target, result);
      return result;
    },
    close: (options) => runner.close(options),
  };
}
