import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Level } from 'pino';

/** PORTICO_LOG_LEVEL: the least severe level written. */
export type LogThreshold = Level | 'silent';
export const LOG_THRESHOLDS: readonly LogThreshold[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * The control plane's logger: pino (the logger Fastify carries), one JSON object per line on stdout, in the data
 * plane's shape — `time` (ISO 8601), `level` (its name), `component`, `message`, then the fields.
 */
export function createControlPlaneLogger(level: LogThreshold = 'info', destination?: DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { component: 'control-plane' },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? pino.destination({ fd: 1, sync: true }),
  );
}

// Nest's start-up chatter (one line per module and per mapped route, ~100 lines): debug, not info.
const START_UP_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/**
 * Nest's LoggerService on pino, so that `new Logger('Context')` anywhere in the app (Nest's own facade, whose call
 * signatures stay as they are) writes the same JSON lines, with the context as a field.
 */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: pino.Logger) {}

  log(message: unknown, context?: unknown): void {
    this.write(typeof context === 'string' && START_UP_CONTEXTS.has(context) ? 'debug' : 'info', message, context);
  }
  error(message: unknown, trace?: unknown, context?: unknown): void {
    // Nest passes (message, context) when there is no stack.
    if (context === undefined && typeof trace === 'string' && !trace.includes('\n')) this.write('error', message, trace);
    else this.write('error', message, context, typeof trace === 'string' ? { stack: trace } : undefined);
  }
  warn(message: unknown, context?: unknown): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: unknown): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: unknown): void {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: unknown): void {
    this.write('fatal', message, context);
  }

  private write(level: Level, message: unknown, context: unknown, extra?: Record<string, unknown>): void {
    const fields = { ...(typeof context === 'string' ? { context } : {}), ...extra };
    if (message instanceof Error) this.logger[level]({ ...fields, error: message.message, stack: message.stack }, message.message);
    else if (typeof message === 'object' && message !== null) this.logger[level]({ ...fields, ...(message as Record<string, unknown>) }, 'log');
    else this.logger[level](fields, String(message));
  }
}
