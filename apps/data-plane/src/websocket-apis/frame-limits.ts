import type { WebSocket } from 'ws';

interface ReceiverInternals {
  _opcode: number;
  _payloadLength: number;
  haveLength(cb: (error?: Error) => void): void;
  createError(type: typeof RangeError, message: string, prefix: boolean, statusCode: number, errorCode: string): Error;
}

/**
 * AWS's per-frame limits (spec §0, §7.2), which `ws` has no option for (its `maxPayload` bounds whole messages):
 * a data frame over `maxFrameBytes` closes the connection with 1009, a binary frame with 1003 — both decided from
 * the frame header, before its payload is buffered. The check sits on `ws`'s receiver at the point where a frame's
 * length is known (`haveLength`, ws 8); errors created there close the socket with their status code exactly as
 * ws's own `maxPayload` error does. If a future ws renames it, only whole-message limits apply (and binary
 * messages are still refused with 1003 by the message handler).
 */
export function enforceFrameLimits(ws: WebSocket, maxFrameBytes: number): void {
  const receiver = (ws as unknown as { _receiver?: ReceiverInternals })._receiver;
  if (!receiver || typeof receiver.haveLength !== 'function' || typeof receiver.createError !== 'function') return;
  const haveLength = receiver.haveLength;
  receiver.haveLength = function (this: ReceiverInternals, cb: (error?: Error) => void) {
    // Opcode 2 is a binary frame; 0 (continuation) and 1 (text) carry text; 8+ are control frames (≤ 125 bytes).
    if (this._opcode === 0x02) return cb(this.createError(RangeError, 'Binary frames are not supported', false, 1003, 'WS_ERR_UNSUPPORTED_DATA'));
    if (this._opcode < 0x08 && this._payloadLength > maxFrameBytes) {
      return cb(this.createError(RangeError, 'Frame size exceeded', false, 1009, 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'));
    }
    return haveLength.call(this, cb);
  };
}
