import { parseMockStatusCode } from './mock-status.js';

describe('parseMockStatusCode', () => {
  it.each([
    ['{"statusCode": 200}', 200],
    ['{ statusCode: 201 }', 201],
    ["{'statusCode':404}", 404],
    ['{"statusCode": "503"}', 503],
    ['{\n  "statusCode" : 302\n}', 302],
    ['{"statusCode": 2000}', undefined],
    ['{"statusCode": 99}', undefined],
    ['{"other": 200}', undefined],
    ['', undefined],
  ])('%s → %s', (text, status) => {
    expect(parseMockStatusCode(text)).toBe(status);
  });
});
