import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledGateway } from './compiled-gateway.js';
import { closeListenedBy, runResponseCloseHook } from './response-close.js';

/** A compiled gateway with the requests it is serving, so that a replaced one is closed only once they finish. */
interface Slot {
  readonly gateway: CompiledGateway;
  inFlight: number;
  /** Set when the slot is replaced: closes the gateway once `inFlight` is back to zero. */
  onDrained?: () => void;
}

const SLOT = Symbol('portico.gatewaySlot');
type TrackedResponse = ServerResponse & { [SLOT]?: Slot };

/**
 * Holds the gateway that serves new requests. The swap is one assignment: a request reads `current` once, when
 * it arrives, and runs to completion on that gateway even if a newer one is swapped in meanwhile. A replaced
 * gateway is closed (its backend pools shut) when its last in-flight request has finished.
 */
export class GatewayHolder {
  private current: Slot | undefined;
  private readonly closing = new Set<Promise<void>>();
  private readonly retired = new Set<Slot>();

  constructor(private readonly onCloseError: (error: unknown, revision: string) => void) {}

  get revision(): string | undefined {
    return this.current?.gateway.revision;
  }

  swap(gateway: CompiledGateway): void {
    const previous = this.current;
    this.current = { gateway, inFlight: 0 };
    if (previous) this.retire(previous);
  }

  /** Hands the request to the current gateway; false when none is loaded yet (the caller answers). */
  handle(req: IncomingMessage, res: ServerResponse): boolean {
    const slot = this.current;
    if (!slot) return false;
    slot.inFlight++;
    (res as TrackedResponse)[SLOT] = slot;
    // One shared listener instead of a closure per request: the slot rides on the response. `on`, not `once`
    // (which wraps each registration): 'close' fires once, and `release` is idempotent anyway. It is the
    // response's only 'close' listener: a later step's close hook (the proxy's exchange) runs from it.
    res.on('close', release);
    closeListenedBy(res);
    slot.gateway.handle(req, res);
    return true;
  }

  /** Retires the current gateway and waits until every gateway is closed (after its in-flight requests). */
  async close(): Promise<void> {
    const last = this.current;
    this.current = undefined;
    if (last) this.retire(last);
    while (this.retired.size > 0 || this.closing.size > 0) {
      if (this.closing.size > 0) await Promise.all([...this.closing]);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Closes every gateway now, in-flight requests or not (the end of a shutdown that ran out of time). */
  async forceClose(): Promise<void> {
    const last = this.current;
    this.current = undefined;
    if (last) this.retire(last);
    for (const slot of [...this.retired]) this.closeSlot(slot);
    await Promise.all([...this.closing]);
  }

  private retire(slot: Slot): void {
    slot.onDrained = () => this.closeSlot(slot);
    this.retired.add(slot);
    if (slot.inFlight === 0) this.closeSlot(slot);
  }

  private closeSlot(slot: Slot): void {
    if (!this.retired.delete(slot)) return;
    const done = slot.gateway
      .close()
      .catch((error: unknown) => this.onCloseError(error, slot.gateway.revision))
      .finally(() => this.closing.delete(done));
    this.closing.add(done);
  }
}

function release(this: TrackedResponse): void {
  // The hook first: an exchange aborts its backend request before a drained gateway closes its pools.
  runResponseCloseHook(this);
  const slot = this[SLOT];
  if (!slot) return;
  this[SLOT] = undefined;
  slot.inFlight--;
  if (slot.inFlight === 0) slot.onDrained?.();
}
