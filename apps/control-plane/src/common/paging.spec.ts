import { AdminError } from '@portico/contracts';
import { encodePosition, pageWindow, parsePaging, toPage } from './paging.js';

describe('paging', () => {
  it('defaults to 25, caps at 500', () => {
    expect(parsePaging({})).toEqual({ limit: 25, offset: 0 });
    expect(parsePaging({ limit: '10' })).toEqual({ limit: 10, offset: 0 });
    expect(parsePaging({ limit: '5000' })).toEqual({ limit: 500, offset: 0 });
  });

  it('rejects bad limits and positions not issued by us', () => {
    expect(() => parsePaging({ limit: '0' })).toThrow(AdminError);
    expect(() => parsePaging({ limit: 'ten' })).toThrow(AdminError);
    expect(() => parsePaging({ position: 'abc' })).toThrow('Invalid position specified');
    expect(() => parsePaging({ position: '!!' })).toThrow(AdminError);
  });

  it('round-trips positions and pages a full list', () => {
    const rows = Array.from({ length: 7 }, (_, i) => i);
    const first = toPage(rows, parsePaging({ limit: '3' }), (n) => n * 10, true);
    expect(first).toEqual({ item: [0, 10, 20], position: encodePosition(3) });
    const second = toPage(rows, parsePaging({ limit: '3', position: first.position }), (n) => n * 10, true);
    expect(second.item).toEqual([30, 40, 50]);
    const last = toPage(rows, parsePaging({ limit: '3', position: second.position }), (n) => n * 10, true);
    expect(last).toEqual({ item: [60] });
  });

  it('builds a database window with one look-ahead row', () => {
    const paging = parsePaging({ limit: '2', position: encodePosition(4) });
    expect(pageWindow(paging)).toEqual({ skip: 4, take: 3 });
    expect(toPage(['a', 'b', 'c'], paging, (s) => s)).toEqual({ item: ['a', 'b'], position: encodePosition(6) });
    expect(toPage(['a'], paging, (s) => s)).toEqual({ item: ['a'] });
  });
});
