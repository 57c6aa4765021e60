import type { RequestRecord } from '@portico/gateway-rest';
import { compileAccessLogFormat, type AccessLogFormatter } from './format-access-log.js';

export type LineSink = (lines: string) => void;

/**
 * Writes one line per request for stages with `accessLogSettings.format`, to stdout by default. Each line is a
 * JSON object: a JSON format is written as substituted; any other format (CLF, CSV…) is wrapped as
 * `{"apiId","stage","message"}` so that stdout stays JSON lines. Lines are batched per event-loop turn: one
 * write per turn instead of one syscall per request.
 */
export class AccessLogWriter {
  private readonly formatters = new Map<string, { format: AccessLogFormatter; json: boolean }>();
  private pending: string[] = [];
  private scheduled = false;

  constructor(private readonly sink: LineSink = (lines) => process.stdout.write(lines)) {}

  write(record: RequestRecord): void {
    const format = record.accessLogFormat;
    if (!format) return;
    let compiled = this.formatters.get(format);
    if (!compiled) {
      compiled = { format: compileAccessLogFormat(format), json: format.trimStart().startsWith('{') };
      this.formatters.set(format, compiled);
    }
    // Read variable by variable when the record can (the pipeline's can): the full `$context` record is not built.
    const text = compiled.format(record.contextValue ? record.contextValue.bind(record) : record.context);
    this.pending.push(compiled.json ? text : JSON.stringify({ apiId: record.apiId, stage: record.stage, message: text }));
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Formats of a replaced config are dropped so the cache does not grow with every redeployment. */
  retainOnly(formats: ReadonlySet<string>): void {
    for (const format of this.formatters.keys()) if (!formats.has(format)) this.formatters.delete(format);
  }

  flush(): void {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    const lines = this.pending.join('\n') + '\n';
    this.pending = [];
    this.sink(lines);
  }
}
