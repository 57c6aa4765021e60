/** What a load run saw: one status per request (0 = the request failed), and when the first and last were sent. */
export interface LoadRun {
  statuses: number[];
  /** When each request left (performance.now() ms). */
  sentAt: number[];
  firstSentMs: number;
  lastSentMs: number;
  /** When the last answer arrived (performance.now() ms): every decision lies in [firstSentMs, lastAnsweredMs]. */
  lastAnsweredMs: number;
}

/**
 * Sends `total` requests at a steady `rps` (request i leaves at start + i/rps, without waiting for earlier
 * answers), then waits for every answer. `send(i)` returns the status.
 */
export async function driveLoad(total: number, rps: number, send: (i: number) => Promise<number>): Promise<LoadRun> {
  const start = performance.now();
  const pending: Promise<number>[] = [];
  const sentAt: number[] = [];
  let lastSentMs = start;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lastSentMs = performance.now();
    sentAt.push(lastSentMs);
    pending.push(send(i).catch(() => 0));
  }
  const statuses = await Promise.all(pending);
  return { statuses, sentAt, firstSentMs: start, lastSentMs, lastAnsweredMs: performance.now() };
}

/**
 * What an ideal token bucket (capacity, rate/s) admits for these send times: the reference for a load run on a
 * busy machine, where a stalled sender loses tokens to the bucket's cap that no gateway could have admitted.
 */
export function idealAdmissions(sentAt: readonly number[], capacity: number, rate: number): number {
  let tokens = capacity;
  let last = sentAt[0] ?? 0;
  let admitted = 0;
  for (const t of sentAt) {
    tokens = Math.min(capacity, tokens + ((t - last) * rate) / 1000);
    last = t;
    if (tokens >= 1) {
      tokens -= 1;
      admitted++;
    }
  }
  return admitted;
}

/** The longest pause between two consecutive sends (ms). */
export function longestGap(sentAt: readonly number[]): number {
  let gap = 0;
  for (let i = 1; i < sentAt.length; i++) gap = Math.max(gap, sentAt[i] - sentAt[i - 1]);
  return gap;
}

export function count(statuses: readonly number[], status: number): number {
  return statuses.filter((s) => s === status).length;
}
