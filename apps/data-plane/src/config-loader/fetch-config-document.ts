import { configAcceptHeader, REPLICA_HEADER } from '@portico/contracts';
import type { ControlPlaneSource } from '../config.js';

export type FetchResult =
  | { kind: 'not-modified' }
  | { kind: 'document'; body: unknown; etag: string | undefined }
  | { kind: 'error'; message: string };

/**
 * `GET {controlPlane}/internal/config` with the data-plane token and the ETag of the document being served.
 * Every failure — unreachable, refused token, a body that is not JSON — is a value: the caller keeps serving.
 */
export async function fetchConfigDocument(
  source: ControlPlaneSource,
  etag: string | undefined,
  timeoutMs: number,
  statusAdvertisement?: string,
  replicaId?: string,
): Promise<FetchResult> {
  // Every schema version this build reads (newest first): the control plane answers with the newest it serves.
  const headers: Record<string, string> = { authorization: `Bearer ${source.token}`, accept: configAcceptHeader() };
  if (etag) headers['if-none-match'] = etag;
  // Where this data plane's /metrics is (a URL, or a port on the address the control plane sees): the control plane
  // keeps a registry of the replicas that poll it and gathers their traffic for the console.
  if (statusAdvertisement) headers['x-portico-status'] = statusAdvertisement;
  // Which replica this is: decision trails are found by it (the control plane's GET /portico/requests/{id}).
  if (replicaId) headers[REPLICA_HEADER] = replicaId;
  let response: Response;
  try {
    response = await fetch(`${source.url}/internal/config`, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return { kind: 'error', message: `control plane unreachable at ${source.url}${cause || (error instanceof Error ? `: ${error.message}` : '')}` };
  }
  if (response.status === 304) return { kind: 'not-modified' };
  const text = await response.text().catch(() => '');
  if (response.status !== 200) {
    return { kind: 'error', message: `control plane answered ${response.status} to GET /internal/config: ${text.slice(0, 200)}` };
  }
  try {
    return { kind: 'document', body: JSON.parse(text) as unknown, etag: response.headers.get('etag') ?? undefined };
  } catch {
    return { kind: 'error', message: 'control plane sent a config document that is not JSON' };
  }
}
