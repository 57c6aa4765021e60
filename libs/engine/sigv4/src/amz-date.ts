/** Parses `YYYYMMDD'T'HHMMSS'Z'` (ISO 8601 basic, UTC) into epoch ms; undefined when malformed. */
export function parseAmzDate(value: string): number | undefined {
  if (value.length !== 16 || value.charCodeAt(8) !== 84 /* T */ || value.charCodeAt(15) !== 90 /* Z */) return undefined;
  for (let i = 0; i < 15; i++) {
    if (i === 8) continue;
    const c = value.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
  }
  const year = digits(value, 0, 4);
  const month = digits(value, 4, 6);
  const day = digits(value, 6, 8);
  const hour = digits(value, 9, 11);
  const minute = digits(value, 11, 13);
  const second = digits(value, 13, 15);
  // Reject impossible calendar values instead of letting Date.UTC roll 20150231 over into March.
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function digits(value: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (value.charCodeAt(i) - 48);
  return n;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS_IN_MONTH[month - 1];
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
