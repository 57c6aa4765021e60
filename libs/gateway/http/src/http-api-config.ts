import { httpApiSnapshotSchema, type HttpApiSnapshot } from '@portico/contracts';

/**
 * The HTTP API snapshots (one per served stage, `libs/contracts/src/http-api-snapshot.ts`) a raw config document
 * carries: config document v2's `apis[id]` entries of `protocolType: HTTP` (their `stages`), or — for a
 * standalone file in the v1 form — a top-level `httpApis` list of snapshots. Throws when one is malformed, so
 * that the whole document is refused rather than half served.
 */
export function httpApiSnapshotsFrom(raw: unknown): HttpApiSnapshot[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const doc = raw as { httpApis?: unknown; apis?: unknown };
  const entries: Array<{ where: string; value: unknown }> = [];
  if (Array.isArray(doc.httpApis)) doc.httpApis.forEach((value, i) => entries.push({ where: `httpApis.${i}`, value }));
  if (typeof doc.apis === 'object' && doc.apis !== null) {
    for (const [apiId, api] of Object.entries(doc.apis as Record<string, unknown>)) {
      const entry = api as { protocolType?: unknown; stages?: unknown };
      if (entry?.protocolType !== 'HTTP' || !Array.isArray(entry.stages)) continue;
      entry.stages.forEach((value, i) => entries.push({ where: `apis.${apiId}.stages.${i}`, value }));
    }
  }
  return entries.map(({ where, value }) => {
    const parsed = httpApiSnapshotSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`HTTP API snapshot ${where}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  });
}
