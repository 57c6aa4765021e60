import { parseProxyResponse } from './proxy-response.js';

function parse(result: unknown, acceptIsBinary = false) {
  return parseProxyResponse(JSON.stringify(result), acceptIsBinary);
}

// Cases observed against AWS (spec §2.4, LocalStack snapshots).
describe('parseProxyResponse', () => {
  it.each([
    ['an unknown key', { statusCode: 200, wrongValue: 1 }],
    ['null', null],
    ['a bare string', 'just a string'],
    ['a non-numeric statusCode', { statusCode: 'test' }],
    ['multiValueHeaders values that are not lists', { statusCode: 200, multiValueHeaders: { 'X-A': 'a' } }],
    ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
    ['an array', [1, 2]],
  ])('refuses %s', (_name, result) => {
    expect(parse(result).ok).toBe(false);
  });

  it('refuses a result that is not JSON', () => {
    expect(parseProxyResponse('not json', false).ok).toBe(false);
  });

  it('accepts a numeric-string statusCode, headers only, null headers', () => {
    expect(parse({ statusCode: '201' })).toMatchObject({ ok: true, response: { statusCode: 201 } });
    const headersOnly = parse({ headers: { 'X-Only': 'yes' } });
    expect(headersOnly).toMatchObject({ ok: true, response: { statusCode: 200, headers: [['X-Only', 'yes']] } });
    if (headersOnly.ok) expect(headersOnly.response.body.length).toBe(0);
    expect(parse({ statusCode: 204, headers: null, multiValueHeaders: null, body: null }).ok).toBe(true);
  });

  it('merges headers: multi values first, the multiValueHeaders casing wins; booleans become text', () => {
    const result = parse({ headers: { 'x-merged': 'value-solo', 'X-Bool': true }, multiValueHeaders: { 'X-Merged': ['value-multi'] } });
    expect(result).toMatchObject({ ok: true, response: { headers: [['X-Merged', 'value-multi, value-solo'], ['X-Bool', 'true']] } });
  });

  it('keeps Set-Cookie values as separate header lines', () => {
    const result = parse({ multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] } });
    expect(result).toMatchObject({ ok: true, response: { headers: [['Set-Cookie', ['a=1', 'b=2']]] } });
  });

  it('decodes a base64 body only when the client accepts a binary media type', () => {
    const result = { statusCode: 200, body: Buffer.from('hi').toString('base64'), isBase64Encoded: true };
    const decoded = parse(result, true);
    const verbatim = parse(result, false);
    expect(decoded.ok && decoded.response.body.toString()).toBe('hi');
    expect(verbatim.ok && verbatim.response.body.toString()).toBe('aGk=');
  });
});
