import type { ServerResponse } from 'node:http';

/** Told when its response closes: a client that went away before the answer was complete. */
export interface ResponseCloseHook {
  onResponseClose(): void;
}

const HOOK = Symbol('portico.responseCloseHook');
/** Absent: nobody listens on the response yet. Null: a listener runs the hook, and there is none now. */
type HookedResponse = ServerResponse & { [HOOK]?: ResponseCloseHook | null };

/**
 * Sets (or, with undefined, clears) the hook run when `res` closes, with at most one 'close' listener per
 * response whoever asks: the gateway holder listens on every response it hands out (`closeListenedBy`), and a
 * hook set later (the proxy's exchange) rides on that listener instead of adding its own.
 */
export function setResponseCloseHook(res: ServerResponse, hook: ResponseCloseHook | undefined): void {
  const hooked = res as HookedResponse;
  if (hooked[HOOK] === undefined) {
    if (!hook) return;
    res.on('close', runOwnListener);
  }
  hooked[HOOK] = hook ?? null;
}

/** For a response's own 'close' listener (the holder's): marks it as listened to. */
export function closeListenedBy(res: ServerResponse): void {
  const hooked = res as HookedResponse;
  if (hooked[HOOK] === undefined) hooked[HOOK] = null;
}

/** Runs the response's hook, once (from the 'close' listener that `closeListenedBy` marked). */
export function runResponseCloseHook(res: ServerResponse): void {
  const hooked = res as HookedResponse;
  const hook = hooked[HOOK];
  if (!hook) return;
  hooked[HOOK] = null;
  hook.onResponseClose();
}

function runOwnListener(this: ServerResponse): void {
  runResponseCloseHook(this);
}
