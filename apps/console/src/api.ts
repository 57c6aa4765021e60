import type { AdminErrorBody, ConsoleSessionWire, ConsoleSignInInput } from '@portico/admin-wire';

/** An admin API error as AWS sends it: the `x-amzn-ErrorType` header and the body's message, shown verbatim. */
export class AdminApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

const SESSION_KEY = 'portico.console.session';

/**
 * The session lives in sessionStorage (per tab, gone when the tab closes) and travels as `Authorization: Bearer`:
 * no cookie, so another site cannot make the browser send it (CSRF-safe by construction).
 */
export function storedSession(): ConsoleSessionWire | undefined {
  const text = sessionStorage.getItem(SESSION_KEY);
  if (!text) return undefined;
  try {
    const session = JSON.parse(text) as ConsoleSessionWire;
    return session.expiresAt * 1000 > Date.now() ? session : undefined;
  } catch {
    return undefined;
  }
}

let onSessionEnded: (() => void) | undefined;
export function whenSessionEnds(callback: () => void): void {
  onSessionEnded = callback;
}

export async function signIn(input: ConsoleSignInInput): Promise<ConsoleSessionWire> {
  const session = await send<ConsoleSessionWire>('POST', '/portico/console/sessions', input, false);
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
  return session;
}

export async function signOut(): Promise<void> {
  try {
    await send('DELETE', '/portico/console/sessions/current');
  } finally {
    sessionStorage.removeItem(SESSION_KEY);
  }
}

/** One admin API call with the session's token; the AWS error, if any, is thrown as AdminApiError. */
export async function send<T = unknown>(method: string, path: string, body?: unknown, authenticated = true): Promise<T> {
  const text = await sendText(method, path, body === undefined ? {} : { body: JSON.stringify(body), contentType: 'application/json' }, authenticated);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * The same call with a body sent as it is (an OpenAPI document in JSON or YAML) and the answer as text
 * (GetExport's document): the admin API takes and gives such documents byte for byte.
 */
export async function sendText(method: string, path: string, options: { body?: string; contentType?: string; accept?: string } = {}, authenticated = true): Promise<string> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (options.body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  if (authenticated) {
    const session = storedSession();
    if (session) headers.authorization = `Bearer ${session.token}`;
  }
  const response = await fetch(path, { method, headers, ...(options.body !== undefined && { body: options.body }) });
  const text = await response.text();
  if (!response.ok) {
    const type = response.headers.get('x-amzn-errortype')?.split(':')[0] ?? `HTTP ${response.status}`;
    let message = text;
    try {
      message = (JSON.parse(text) as AdminErrorBody).message ?? text;
    } catch {
      // Not JSON: show the text as it came.
    }
    if (authenticated && (type === 'ExpiredTokenException' || type === 'UnrecognizedClientException')) {
      sessionStorage.removeItem(SESSION_KEY);
      onSessionEnded?.();
    }
    throw new AdminApiError(response.status, type, message);
  }
  return text;
}

export const get = <T>(path: string) => send<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => send<T>('POST', path, body);
export const put = <T>(path: string, body: unknown = {}) => send<T>('PUT', path, body);
export const del = (path: string) => send('DELETE', path);

export interface PatchOperation {
  op: 'replace' | 'add' | 'remove' | 'copy' | 'move';
  path: string;
  value?: string;
  /** `copy` and `move` only: the path the value is taken from. */
  from?: string;
}
export const patch = <T>(path: string, patchOperations: PatchOperation[]) => send<T>('PATCH', path, { patchOperations });

/** Escapes one path segment (resource ids are safe, stage names and status codes may not be). */
export const seg = (value: string) => encodeURIComponent(value);
