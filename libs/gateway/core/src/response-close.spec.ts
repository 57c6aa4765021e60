import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { GatewayHolder } from './gateway-holder.js';
import { ResponseSink } from './response-sink.js';

const response = () => new EventEmitter() as unknown as ServerResponse & EventEmitter;

describe('response close hooks', () => {
  it('ride on the gateway holder\'s listener: one close listener per response, the hook told once', () => {
    const told: string[] = [];
    const holder = new GatewayHolder(() => undefined);
    holder.swap({
      revision: 'r',
      warnings: [],
      handle: (_req, res) => new ResponseSink(res).onClose({ onResponseClose: () => told.push('closed') }),
      close: async () => undefined,
    });
    const res = response();
    holder.handle({} as IncomingMessage, res);
    expect(res.listenerCount('close')).toBe(1);
    res.emit('close');
    res.emit('close');
    expect(told).toEqual(['closed']);
  });

  it('get a listener of their own on a response nobody listens to, and a cleared hook is not told', () => {
    const told: string[] = [];
    const res = response();
    const sink = new ResponseSink(res);
    sink.onClose({ onResponseClose: () => told.push('first') });
    sink.onClose(undefined);
    sink.onClose({ onResponseClose: () => told.push('second') });
    expect(res.listenerCount('close')).toBe(1);
    res.emit('close');
    expect(told).toEqual(['second']);

    const untouched = response();
    new ResponseSink(untouched).onClose(undefined);
    expect(untouched.listenerCount('close')).toBe(0);
  });
});
