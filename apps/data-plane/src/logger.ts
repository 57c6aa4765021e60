/**
 * Operational log lines, one JSON object per line on stderr. Stdout is reserved for access logs, so that a log
 * shipper can tell the two apart without parsing.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

export const stderrLogger: Logger = {
  log(level, message, fields) {
    process.stderr.write(JSON.stringify({ time: new Date().toISOString(), level, component: 'data-plane', message, ...fields }) + '\n');
  },
};

/** The message of an unknown thrown value, for log fields. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The Redis clients' log (`@portico/redis`), as lines of this logger. */
export function redisLog(log: Logger): { warn(message: string, fields: Record<string, unknown>): void; info(message: string, fields: Record<string, unknown>): void } {
  return { warn: (message, fields) => log.log('warn', message, fields), info: (message, fields) => log.log('info', message, fields) };
}
