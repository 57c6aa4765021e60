import { isoTimestamp, parseV2Paging, toV2Page } from './v2-wire.js';

describe('apigatewayv2 wire conventions', () => {
  it('writes timestamps as ISO-8601 without milliseconds', () => {
    expect(isoTimestamp(new Date('2018-11-15T06:23:51.789Z'))).toBe('2018-11-15T06:23:51Z');
  });

  it('pages with maxResults and an opaque nextToken, and refuses what it did not issue', () => {
    const rows = [1, 2, 3, 4, 5];
    const first = toV2Page(rows, parseV2Paging({ maxResults: '2' }), (n) => n * 10);
    expect(first.items).toEqual([10, 20]);
    const second = toV2Page(rows, parseV2Paging({ maxResults: '2', nextToken: first.nextToken }), (n) => n * 10);
    expect(second.items).toEqual([30, 40]);
    const last = toV2Page(rows, parseV2Paging({ maxResults: '2', nextToken: second.nextToken }), (n) => n * 10);
    expect(last).toEqual({ items: [50] });
    expect(toV2Page(rows, parseV2Paging({}), (n) => n).items).toHaveLength(5);
    expect(() => parseV2Paging({ maxResults: '0' })).toThrow(/maxResults/);
    expect(() => parseV2Paging({ maxResults: '-1' })).toThrow(/maxResults/);
    expect(() => parseV2Paging({ nextToken: 'bm90IGEgdG9rZW4' })).toThrow(/nextToken/);
    expect(parseV2Paging({ maxResults: '100000' }).maxResults).toBe(500);
  });
});
