import { setTimeout as sleep } from 'node:timers/promises';
import { Prisma, type Database } from '@portico/db';

const MAX_ATTEMPTS = 10;

// The delegate methods that write rows. A call is recorded when it is made (a failing one aborts the transaction).
const WRITE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert', 'delete', 'deleteMany']);

/**
 * Who learns what each committed admin write wrote: the config distribution registers one per database (see
 * platform/config-distribution/config-changes.ts), so that the one place every write passes through decides
 * whether data planes must hear of it, instead of each service remembering to say so.
 */
export interface WriteObserver {
  /**
   * Inside the writer's transaction, after its work, with the Prisma models it wrote (e.g. `Stage`). It may write
   * in the same transaction; it returns whether `committed` is due once the transaction has committed.
   */
  writing(tx: Prisma.TransactionClient, models: ReadonlySet<string>): Promise<boolean>;
  /** After the commit of a transaction whose `writing` returned true; exactly once per committed write. */
  committed(): void;
}

const observers = new WeakMap<Database, WriteObserver>();

/** Registers the observer of every `writeTransaction` on `database` (one per database; the last one wins). */
export function observeWrites(database: Database, observer: WriteObserver): void {
  observers.set(database, observer);
}

/**
 * Runs an admin write (read, validate, write) as one SERIALIZABLE transaction, so that two concurrent
 * requests can never both pass a check that only one may pass (two variable siblings, lost PATCH updates).
 * Postgres aborts the loser with a serialization failure (Prisma P2034); the write is retried from the start
 * after a jittered, exponentially growing pause (so that a burst of writers on a busy machine spreads out
 * instead of colliding again), re-reading what the winner committed. A write that keeps losing surfaces as the
 * 409 "concurrent modification" AWS answers (mapped by the error filter).
 *
 * Every admin write passes through here: the transaction client `work` gets records which models it writes, and
 * the database's WriteObserver hears of them before the commit and, when they matter, once after it.
 */
export async function writeTransaction<T>(database: Database, work: (tx: Prisma.TransactionClient) => Promise<T>): Promise<T> {
  const observer = observers.get(database);
  for (let attempt = 1; ; attempt++) {
    let notify = false;
    try {
      const result = await database.prisma.$transaction(
        async (tx) => {
          const written = new Set<string>();
          const value = await work(recordingWrites(tx, written));
          if (observer && written.size > 0) notify = await observer.writing(tx, written);
          return value;
        },
        // Bounds, not speeds: on a starved machine starting a transaction took over 10 s.
        { isolationLevel: Prisma.TransactionIsolationLevel.Serializable, maxWait: 30_000, timeout: 60_000 },
      );
      if (notify) observer?.committed();
      return result;
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= MAX_ATTEMPTS) throw error;
      await sleep(Math.random() * Math.min(250, 5 * 2 ** attempt));
    }
  }
}

// The transaction client's model delegates (`restApi`, `usagePlanKey`, …) and the model each writes.
const DELEGATES: ReadonlyMap<string, string> = new Map(Object.values(Prisma.ModelName).map((model) => [model.charAt(0).toLowerCase() + model.slice(1), model]));

/**
 * The transaction client as `work` sees it: each model delegate's write methods add the model's name to `written`.
 * Everything else is the client's own (methods bound to it, so that `$queryRaw` and the like run on the real client).
 */
function recordingWrites(tx: Prisma.TransactionClient, written: Set<string>): Prisma.TransactionClient {
  const delegates = new Map<string, object>();
  return new Proxy(tx, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      const model = typeof property === 'string' ? DELEGATES.get(property) : undefined;
      if (model === undefined || typeof value !== 'object' || value === null) {
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      }
      let delegate = delegates.get(model);
      if (!delegate) {
        delegate = new Proxy(value, {
          get(inner, operation) {
            const method: unknown = Reflect.get(inner, operation, inner);
            if (typeof method !== 'function') return method;
            const call = method as (...args: unknown[]) => unknown;
            if (typeof operation !== 'string' || !WRITE_OPERATIONS.has(operation)) return call.bind(inner);
            return (...args: unknown[]) => {
              written.add(model);
              return call.apply(inner, args);
            };
          },
        });
        delegates.set(model, delegate);
      }
      return delegate;
    },
  });
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
