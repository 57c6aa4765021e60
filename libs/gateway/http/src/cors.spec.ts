import { CompiledCors } from './cors.js';
import type { HeaderPairs } from './response-head.js';

describe('CompiledCors', () => {
  const cors = new CompiledCors({
    allowOrigins: ['https://www.example.com'],
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['content-type', 'authorization'],
    exposeHeaders: ['x-api-id'],
    maxAge: 300,
    allowCredentials: true,
  });

  it('answers an allowed preflight with the configured headers', () => {
    expect(Object.fromEntries(cors.preflightHeaders('https://www.example.com', 'content-type'))).toEqual({
      'access-control-allow-origin': 'https://www.example.com',
      vary: 'Origin',
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET,POST',
      'access-control-allow-headers': 'content-type,authorization',
      'access-control-expose-headers': 'x-api-id',
      'access-control-max-age': '300',
    });
  });

  it('gives an origin that is not allowed no CORS headers', () => {
    expect(cors.preflightHeaders('https://evil.example', undefined)).toEqual([]);
    const headers: HeaderPairs = [['access-control-allow-origin', '*']];
    cors.applyToResponse('https://evil.example', headers);
    expect(headers).toEqual([]);
  });

  it("replaces the integration's CORS headers on normal answers", () => {
    const headers: HeaderPairs = [
      ['content-type', 'text/plain'],
      ['Access-Control-Allow-Origin', '*'],
      ['access-control-max-age', '9'],
    ];
    cors.applyToResponse('https://www.example.com', headers);
    expect(headers).toEqual([
      ['content-type', 'text/plain'],
      ['access-control-allow-origin', 'https://www.example.com'],
      ['vary', 'Origin'],
      ['access-control-allow-credentials', 'true'],
      ['access-control-expose-headers', 'x-api-id'],
    ]);
  });

  it('answers * for any origin without credentials, and echoes requested headers for allowHeaders *', () => {
    const open = new CompiledCors({ allowOrigins: ['*'], allowHeaders: ['*'] });
    expect(Object.fromEntries(open.preflightHeaders('https://a.example', 'x-one,x-two'))).toEqual({
      'access-control-allow-origin': '*',
      'access-control-allow-headers': 'x-one,x-two',
    });
    expect(CompiledCors.isPreflight('OPTIONS', 'https://a', 'GET')).toBe(true);
    expect(CompiledCors.isPreflight('OPTIONS', 'https://a', undefined)).toBe(false);
  });
});
