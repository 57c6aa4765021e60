import { setTimeout as sleep } from 'node:timers/promises';
import { Prisma, type Database } from '@portico/db';

const MAX_ATTEMPTS = 10;

/**
 * Runs an admin write (read, validate, write) as one SERIALIZABLE transaction, so that two concurrent
 * requests can never both pass a check that only one may pass (two variable siblings, lost PATCH updates).
 * Postgres aborts the loser with a serialization failure (Prisma P2034); the write is retried from the start
 * after a jittered, exponentially growing pause (so that a burst of writers on a busy machine spreads out
 * instead of colliding again), re-reading what the winner committed. A write that keeps losing surfaces as the
 * 409 "concurrent modification" AWS answers (mapped by the error filter).
 */
export async function writeTransaction<T>(database: Database, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await database.prisma.$transaction(work, { isolationLevel: Prisma.TransactionIsolationLevel.Serializable, maxWait: 10_000, timeout: 30_000 });
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));
    }
  }
}

/**
 * A serialization failure or deadlock (SQLSTATE 40001/40P01): Prisma reports it as P2034 from a query, but a
 * conflict detected at COMMIT arrives as the driver adapter's own error.
 */
export function isWriteConflict(error: unknown): boolean {
  if (error instanceof Prisma.PrismaClientKnownRequestError) return error.code === 'P2034';
  if (error instanceof Error && error.name === 'DriverAdapterError') {
    const cause = (error as Error & { cause?: { kind?: unknown } }).cause;
    return cause?.kind === 'TransactionWriteConflict';
  }
  return false;
}
