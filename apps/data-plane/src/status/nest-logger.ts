import type { LoggerService } from '@nestjs/common';
import type { Logger } from '../logger.js';

/** Nest's own messages in the data plane's JSON log format, on stderr (stdout carries access logs only). */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  // Nest's info messages are start-up chatter (mapped routes, module init): debug. The data plane logs its own start.
  log(message: unknown, context?: unknown): void {
    this.logger.log('debug', String(message), { context });
  }
  error(message: unknown, trace?: unknown, context?: unknown): void {
    this.logger.log('error', String(message), { trace, context });
  }
  warn(message: unknown, context?: unknown): void {
    this.logger.log('warn', String(message), { context });
  }
}
