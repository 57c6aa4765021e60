/** One API stage's running totals on one data plane, read from its /metrics (CloudWatch names). */
export interface StageTotals {
  count: number;
  clientErrors: number;
  serverErrors: number;
  latencySum: number;
  latencyCount: number;
}

const LINE = /^(apigateway_Count|apigateway_4XXError|apigateway_5XXError|apigateway_Latency_sum|apigateway_Latency_count)\{([^}]*)\} ([0-9.eE+-]+)$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

const unescape = (value: string) => value.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));

/**
 * Reads the per-stage series of a data plane's Prometheus text (apps/data-plane's stage-series.ts writes them),
 * keyed `apiId stage` (a space cannot be in either). Other lines are skipped; a malformed one is ignored.
 */
export function parseStageMetrics(text: string): Map<string, StageTotals> {
  const totals = new Map<string, StageTotals>();
  for (const line of text.split('\n')) {
    const match = LINE.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const l of match[2].matchAll(LABEL)) labels[l[1]] = unescape(l[2]);
    if (labels.api_id === undefined || labels.stage === undefined) continue;
    const value = Number(match[3]);
    if (!Number.isFinite(value)) continue;
    const key = `${labels.api_id} ${labels.stage}`;
    let t = totals.get(key);
    if (!t) totals.set(key, (t = { count: 0, clientErrors: 0, serverErrors: 0, latencySum: 0, latencyCount: 0 }));
    if (match[1] === 'apigateway_Count') t.count = value;
    else if (match[1] === 'apigateway_4XXError') t.clientErrors = value;
    else if (match[1] === 'apigateway_5XXError') t.serverErrors = value;
    else if (match[1] === 'apigateway_Latency_sum') t.latencySum = value;
    else t.latencyCount = value;
  }
  return totals;
}
