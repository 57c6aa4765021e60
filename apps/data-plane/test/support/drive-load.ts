/** What a load run saw: one status per request (0 = the request failed), and when the first and last were sent. */
export interface LoadRun {
  statuses: number[];
  firstSentMs: number;
  lastSentMs: number;
}

/**
 * Sends `total` requests at a steady `rps` (request i leaves at start + i/rps, without waiting for earlier
 * answers), then waits for every answer. `send(i)` returns the status.
 */
export async function driveLoad(total: number, rps: number, send: (i: number) => Promise<number>): Promise<LoadRun> {
  const start = performance.now();
  const pending: Promise<number>[] = [];
  let lastSentMs = start;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    lastSentMs = performance.now();
    pending.push(send(i).catch(() => 0));
  }
  return { statuses: await Promise.all(pending), firstSentMs: start, lastSentMs };
}

export function count(statuses: readonly number[], status: number): number {
  return statuses.filter((s) => s === status).length;
}
