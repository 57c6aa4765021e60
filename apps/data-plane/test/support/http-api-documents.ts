import { request } from 'node:http';
import type { HttpApiSnapshotInput, IamConfig } from '@portico/contracts';
import { configDocument } from './pipeline-fixtures.js';

/**
 * A standalone config file body: an empty REST document plus `httpApis`, one HTTP API snapshot per served stage
 * (the v1 file form; config document v2 carries them under `apis`).
 */
export function httpApiDocument(snapshots: HttpApiSnapshotInput[], iam?: IamConfig): string {
  return JSON.stringify({ ...configDocument(), ...(iam && { iam }), httpApis: snapshots });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = Record<string, unknown>>(): T;
}

/** One request with an explicit Host (`{apiId}.execute-api.…`), which fetch cannot set. */
export function invoke(
  port: number,
  apiId: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string | string[]>; body?: string } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, headers: { host: `${apiId}.execute-api.us-east-1.amazonaws.com`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
