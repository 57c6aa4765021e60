/** One quota or usage counter's admissions by this replica, per Redis run (see AdmissionLedger). */
export interface LedgerEntry {
  readonly run: string;
  readonly key: string;
  ttlSeconds: number;
  /** When the entry was last handed out (a lease, a decision): idle entries with nothing unpersisted go. */
  touchedMs: number;
  /** Admitted and not yet folded into the counter's persisted base. */
  admitted: number;
  /** Folded into the base (`b`) in Redis, with the counter's fold number, until a flush has persisted them. */
  folds: { count: number; fold: number }[];
}

/** What a replica adds to a counter: its admissions that no persisted value holds yet. */
export interface Carry {
  readonly key: string;
  readonly count: number;
  readonly ttlSeconds: number;
  /**
   * For admissions already folded into the base: the run and the counter's fold number. The seeder skips
   * those PostgreSQL's row already holds (the row keeps the run and last fold number it persisted), so that
   * a fold this replica did not yet know was persisted is never counted twice.
   */
  readonly foldRun?: string;
  readonly fold?: number;
}

/** A fold's answer for one counter: its fold number now, and the highest one a flush has persisted. */
export interface FoldAnswer {
  readonly fold: number;
  readonly persisted: number;
}

/*
 * Why a ledger (issue 11). Redis holds the live quota and usage counters, PostgreSQL a copy the control plane
 * flushes every few seconds. Redis restarted empty loses what was counted since the last flush, and re-creating
 * the counters from zero over-admits. Each replica therefore remembers, per counter and per Redis run (the run
 * id lives in Redis and is new after every restart), what it admitted that no persisted value holds yet:
 *
 *   - `admitted`: admitted since the last fold. About once a second the replica folds these into the counter's
 *     base `b` in Redis (the base = what the run started from plus folded admissions; the flush persists it).
 *   - `folds`: folded but not known persisted; dropped once the counter's persisted fold number reaches theirs.
 *
 * When Redis comes back empty (a new run id), every replica adds its `admitted + folds` of the old runs to the
 * new run (a carry), and the control plane adds the persisted base: the new counter equals everything admitted,
 * before any quota-bound request is admitted again (the run stays `seeding` until then). What a replica cannot
 * bring back is its record when the replica itself died: at most its last second of admissions plus what it
 * folded since the last flush — and only when Redis is lost within that window too.
 */
export class AdmissionLedger {
  private readonly entries = new Map<string, LedgerEntry>();

  /** The entry of `key` in `run`; leases keep it so that an admission costs one increment. */
  entry(run: string, key: string, ttlSeconds: number, nowMs: number): LedgerEntry {
    const id = `${run}\u0000${key}`;
    let entry = this.entries.get(id);
    if (!entry) this.entries.set(id, (entry = { run, key, ttlSeconds, touchedMs: nowMs, admitted: 0, folds: [] }));
    else {
      entry.ttlSeconds = Math.max(entry.ttlSeconds, ttlSeconds);
      entry.touchedMs = nowMs;
    }
    return entry;
  }

  /** Whether any entry belongs to a run other than `run` (admissions a new run does not hold yet). */
  hasOtherThan(run: string): boolean {
    for (const entry of this.entries.values()) if (entry.run !== run && unpersisted(entry) > 0) return true;
    return false;
  }

  /**
   * Every unpersisted admission of runs other than `run`: what a new run must add — per counter the unfolded
   * admissions summed, and each fold not known persisted with its run and fold number.
   */
  carries(run: string): Carry[] {
    const sums = new Map<string, { count: number; ttlSeconds: number }>();
    const folds: Carry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.run === run) continue;
      for (const f of entry.folds) folds.push({ key: entry.key, count: f.count, ttlSeconds: entry.ttlSeconds, foldRun: entry.run, fold: f.fold });
      if (entry.admitted === 0) continue;
      const sum = sums.get(entry.key);
      if (sum) {
        sum.count += entry.admitted;
        sum.ttlSeconds = Math.max(sum.ttlSeconds, entry.ttlSeconds);
      } else sums.set(entry.key, { count: entry.admitted, ttlSeconds: entry.ttlSeconds });
    }
    return [...[...sums].map(([key, s]) => ({ key, count: s.count, ttlSeconds: s.ttlSeconds })), ...folds];
  }

  /** Forgets the entries of runs other than `run`: the current run holds them now. */
  dropOtherThan(run: string): void {
    for (const [id, entry] of this.entries) if (entry.run !== run) this.entries.delete(id);
  }

  /** The entries of `run` with something to fold or a fold not yet known persisted. */
  toFold(run: string): LedgerEntry[] {
    const found: LedgerEntry[] = [];
    for (const entry of this.entries.values()) if (entry.run === run && (entry.admitted > 0 || entry.folds.length > 0)) found.push(entry);
    return found;
  }

  /**
   * Applies a fold's answers: `counts[i]` of `entries[i]` went into the base as fold `answers[i].fold` (when
   * the count was above 0), and folds up to `answers[i].persisted` are in PostgreSQL now.
   */
  folded(entries: readonly LedgerEntry[], counts: readonly number[], answers: readonly FoldAnswer[]): void {
    entries.forEach((entry, i) => {
      const answer = answers[i];
      if (counts[i] > 0) {
        entry.admitted -= counts[i];
        entry.folds.push({ count: counts[i], fold: answer.fold });
      }
      entry.folds = entry.folds.filter((f) => f.fold > answer.persisted);
    });
  }

  /**
   * Drops entries with nothing unpersisted that nothing used for `idleMs`: no lease can still count into them
   * (a lease re-fetches its entries at every fetch, and expires long before).
   */
  sweep(nowMs: number, idleMs = 60_000): void {
    for (const [id, entry] of this.entries) if (unpersisted(entry) === 0 && nowMs - entry.touchedMs > idleMs) this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Every unpersisted admission of `run`, per counter (for tests and the shutdown fold). */
  unpersisted(run: string): Carry[] {
    const list: Carry[] = [];
    for (const entry of this.entries.values()) {
      if (entry.run === run && unpersisted(entry) > 0) list.push({ key: entry.key, count: unpersisted(entry), ttlSeconds: entry.ttlSeconds });
    }
    return list;
  }
}

function unpersisted(entry: LedgerEntry): number {
  let n = entry.admitted;
  for (const f of entry.folds) n += f.count;
  return n;
}
