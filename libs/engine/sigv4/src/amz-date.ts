/** Parses `YYYYMMDD'T'HHMMSS'Z'` (ISO 8601 basic, UTC) into epoch ms; undefined when malformed. */
export function parseAmzDate(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 84 /* T */ || value.charCodeAt(15) !== 90 /* Z */) return undefined;
  for (let i = 0; i < 15; i++) {
    if (i === 8) continue;
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const ms = Date.UTC(
    Number(value.slice(0, 4)),
    Number(value.slice(4, 6)) - 1,
    Number(value.slice(6, 8)),
    Number(value.slice(9, 11)),
    Number(value.slice(11, 13)),
    Number(value.slice(13, 15)),
  );
  // Date.UTC rolls 20150231 over to March: a round trip rejects impossible calendar values.
  return formatAmzDate(ms) === value ? ms : undefined;
}

/** Epoch ms → `YYYYMMDD'T'HHMMSS'Z'`. */
export function formatAmzDate(ms: number): string {
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** An RFC 7231 `Date` header (used when X-Amz-Date is absent) → basic ISO form; undefined when unparseable. */
export function httpDateToAmzDate(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : formatAmzDate(ms);
}
