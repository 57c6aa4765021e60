/** The content codings API Gateway compresses with (AWS: gzip, deflate, identity). */
export type ResponseCoding = 'gzip' | 'deflate';

const SUPPORTED: Readonly<Record<string, ResponseCoding | 'identity'>> = { gzip: 'gzip', 'x-gzip': 'gzip', deflate: 'deflate', identity: 'identity', '*': 'gzip' };

/**
 * The coding a response gets for this `Accept-Encoding`, or undefined for none (identity). Codings are ranked by
 * their q-value (default 1; q=0 means "not acceptable"); AWS compresses only when the highest-ranked coding is one
 * it supports, so `br;q=1, gzip;q=0.5` gets no compression. Codings of equal rank are taken in the order listed,
 * the first supported one winning (`gzip, deflate, br` → gzip); `*` stands for gzip.
 */
export function chooseResponseCoding(header: string | undefined): ResponseCoding | undefined {
  if (!header) return undefined;
  let bestQ = 0;
  let best: ResponseCoding | 'identity' | undefined;
  for (const part of header.split(',')) {
    const [rawName, ...params] = part.split(';');
    const name = rawName.trim().toLowerCase();
    if (name === '') continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') {
        const parsed = Number(value?.trim());
        q = Number.isFinite(parsed) ? Math.min(Math.max(parsed, 0), 1) : 0;
      }
    }
    if (q <= 0) continue;
    const coding = SUPPORTED[name];
    if (q > bestQ) {
      bestQ = q;
      best = coding;
    } else if (q === bestQ && best === undefined) {
      best = coding;
    }
  }
  return best === 'identity' ? undefined : best;
}
