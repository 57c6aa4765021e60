import { Logger } from '@nestjs/common';
import type { RedisLog } from '@portico/redis';

/** A Redis client's loss and recovery lines (`@portico/redis`) through Nest's logger, under `context`. */
export function redisLog(context: string): RedisLog {
  const logger = new Logger(context);
  const text = (message: string, fields: Record<string, unknown>): string => `${message} ${JSON.stringify(fields)}`;
  return { warn: (message, fields) => logger.warn(text(message, fields)), info: (message, fields) => logger.log(text(message, fields)) };
}
