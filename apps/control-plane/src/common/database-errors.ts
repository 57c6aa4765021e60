/**
 * Tells apart the two kinds of database failure an admin request can meet, from whatever shape the error has
 * by the time it reaches the error filter (a Prisma error, the driver adapter's `DriverAdapterError` whose
 * `cause` carries a `kind` and the PostgreSQL SQLSTATE, or a bare `pg`/socket error):
 * - the database is unreachable or going away: the request was fine, the service is not (503, retry later);
 * - PostgreSQL refused the *content* (a NUL byte, an index row too large, a value out of range): the request
 *   is bad input that validation missed, and must be a 400, never a 500.
 * Duck-typed rather than instanceof: errors may come from another realm (Jest's VM contexts).
 */

/** Driver-adapter kinds (from @prisma/adapter-pg) meaning "no usable connection". */
const UNAVAILABLE_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections', 'DatabaseDoesNotExist']);
/** Prisma's own codes for the same: can't reach, timed out, closed, pool timeout. */
const UNAVAILABLE_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01-57P03 (admin/crash shutdown, cannot connect now: the
 * server is stopping or starting), 53300 (too many connections).
 */
const UNAVAILABLE_SQLSTATE = /^(08|57P0[123]$|53300$)/;
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * Texts only the database stack produces (node-postgres, PostgreSQL, Prisma): recognised whatever the error's
 * class, since node-postgres raises some of them as bare Errors that no adapter wrapped. The two transaction
 * texts (Prisma P2028) mean the database could not serve in time — seen at load average 40 on 2 cores — not
 * that the request was wrong: 503 with Retry-After, which the SDKs retry.
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Client has encountered a connection error|Can't reach database server|the database system is (shutting down|starting up|in recovery mode)|timeout exceeded when trying to connect|Timed out fetching a new connection|Server has closed the connection|terminating connection due to administrator command|Unable to start a transaction in the given time|A query cannot be executed on an expired transaction/i;

/**
 * SQLSTATEs caused by the values sent: 22xxx (data exception: invalid byte sequence 0x00, string too long,
 * numeric out of range, invalid text representation) and 54000 (program limit: index row size exceeded).
 */
const CONTENT_SQLSTATE = /^(22[0-9A-Z]{3}|54000|54001)$/;
const CONTENT_KINDS = new Set(['LengthMismatch', 'ValueOutOfRange', 'InvalidInputValue']);
const CONTENT_PRISMA_CODES = new Set(['P2000', 'P2005', 'P2006', 'P2007', 'P2019', 'P2020', 'P2023', 'P2033']);

interface Facts {
  /** Raised by Prisma or its driver adapter: only then do socket codes and SQLSTATEs speak of the database. */
  fromDatabase: boolean;
  codes: string[];
  kinds: string[];
  messages: string[];
}

/** Collects codes, adapter kinds and messages along the error's cause chain (bounded: causes may cycle). */
function factsOf(error: unknown): Facts {
  const facts: Facts = { fromDatabase: false, codes: [], kinds: [], messages: [] };
  let current: unknown = error;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const e = current as { name?: unknown; clientVersion?: unknown; code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; originalMessage?: unknown; cause?: unknown; meta?: unknown };
    if ((typeof e.name === 'string' && /^(Prisma|DriverAdapterError)/.test(e.name)) || typeof e.clientVersion === 'string') facts.fromDatabase = true;
    for (const code of [e.code, e.originalCode]) if (typeof code === 'string') facts.codes.push(code);
    if (typeof e.kind === 'string') facts.kinds.push(e.kind);
    for (const message of [e.message, e.originalMessage]) if (typeof message === 'string') facts.messages.push(message);
    const meta = e.meta as { driverAdapterError?: unknown } | undefined;
    current = e.cause ?? meta?.driverAdapterError;
  }
  return facts;
}

/** Why the database is unavailable, when `error` says so; undefined for every other error. */
export function databaseUnavailableReason(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'PrismaClientInitializationError') {
    return (error as Error).message;
  }
  const facts = factsOf(error);
  // Socket codes and SQLSTATEs count only from Prisma or its adapter: an outbound call of the request itself (a
  // Lambda, a JWKS endpoint) refusing a connection is not a database outage.
  const unavailable =
    facts.messages.some((message) => UNAVAILABLE_MESSAGE.test(message)) ||
    (facts.fromDatabase &&
      (facts.kinds.some((kind) => UNAVAILABLE_KINDS.has(kind)) ||
        facts.codes.some((code) => UNAVAILABLE_PRISMA_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))));
  if (!unavailable) return undefined;
  return facts.messages.find((m) => m.trim() !== '') ?? facts.kinds[0] ?? facts.codes[0] ?? 'unreachable';
}

/** True when PostgreSQL refused the values a request carried (see the file comment). */
export function isContentRejectedByDatabase(error: unknown): boolean {
  const facts = factsOf(error);
  return (
    facts.fromDatabase &&
    (facts.kinds.some((kind) => CONTENT_KINDS.has(kind)) ||
    facts.codes.some((code) => CONTENT_PRISMA_CODES.has(code) || CONTENT_SQLSTATE.test(code)) ||
    facts.messages.some((message) => /invalid byte sequence for encoding|index row (size|requires)|value too long for type/i.test(message)))
  );
}
