import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledGateway } from './compiled-gateway.js';
import { GatewayHolder } from './gateway-holder.js';

// A gateway that records what it served and whether it was closed; responses finish when the test says so.
function gateway(revision: string) {
  const served: ServerResponse[] = [];
  let closed = false;
  const g: CompiledGateway = {
    revision,
    warnings: [],
    handle: (_req, res) => void served.push(res),
    close: async () => {
      closed = true;
    },
  };
  return { g, served, isClosed: () => closed };
}

const request = () => ({}) as IncomingMessage;
const response = () => new EventEmitter() as unknown as ServerResponse;
const finish = (res: ServerResponse) => (res as unknown as EventEmitter).emit('close');

describe('GatewayHolder', () => {
  it('answers false before any gateway is loaded', () => {
    expect(new GatewayHolder(() => undefined).handle(request(), response())).toBe(false);
  });

  it('serves new requests from the swapped-in gateway and closes the old one after its last request', async () => {
    const holder = new GatewayHolder(() => undefined);
    const a = gateway('a');
    const b = gateway('b');
    holder.swap(a.g);
    const r1 = response();
    holder.handle(request(), r1);
    holder.swap(b.g);
    expect(holder.revision).toBe('b');
    const r2 = response();
    holder.handle(request(), r2);
    expect(a.served).toEqual([r1]);
    expect(b.served).toEqual([r2]);
    expect(a.isClosed()).toBe(false);
    finish(r1);
    await new Promise((resolve) => setImmediate(resolve));
    expect(a.isClosed()).toBe(true);
    expect(b.isClosed()).toBe(false);
  });

  it('closes an idle replaced gateway at once, and everything on close()', async () => {
    const holder = new GatewayHolder(() => undefined);
    const a = gateway('a');
    const b = gateway('b');
    holder.swap(a.g);
    holder.swap(b.g);
    const r = response();
    holder.handle(request(), r);
    const closed = holder.close();
    finish(r);
    await closed;
    expect(a.isClosed()).toBe(true);
    expect(b.isClosed()).toBe(true);
    expect(holder.revision).toBeUndefined();
  });
});
