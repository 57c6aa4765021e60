import { pino, type DestinationStream, type Level } from 'pino';

/**
 * Operational log lines, one JSON object per line on stderr, written by pino (the logger Fastify carries). Stdout
 * is reserved for access logs, so that a log shipper can tell the two apart without parsing. Every line has
 * `time` (ISO 8601), `level` (its name), `component` and `message`, then the fields of the call.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** PORTICO_LOG_LEVEL: the least severe level written. */
export type LogThreshold = Level | 'silent';
export const LOG_THRESHOLDS: readonly LogThreshold[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The data plane's logging facade: the one call every part of the app makes. */
export interface Logger {
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
}

/**
 * A pino logger in Portico's line shape; `destination` defaults to stderr, written synchronously so that no line is
 * lost at exit. No pino base fields: `component` is written per line by the facade, so a part of the app (the
 * authorizers) can name itself without a duplicate key.
 */
export function createPinoLogger(level: LogThreshold = 'info', destination?: DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: null,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 2, sync: true }),
  );
}

/** The facade over a pino logger. */
export function createLogger(level: LogThreshold = 'info', destination?: DestinationStream): Logger {
  const logger = createPinoLogger(level, destination);
  return {
    log(lineLevel, message, fields) {
      logger[lineLevel]({ component: 'data-plane', ...fields }, message);
    },
  };
}

/** Info and above on stderr: for code that runs before the configuration is read. */
export const stderrLogger: Logger = createLogger('info');

/** The message of an unknown thrown value, for log fields. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The Redis clients' log (`@portico/redis`), as lines of this logger. */
export function redisLog(log: Logger): { warn(message: string, fields: Record<string, unknown>): void; info(message: string, fields: Record<string, unknown>): void } {
  return { warn: (message, fields) => log.log('warn', message, fields), info: (message, fields) => log.log('info', message, fields) };
}
