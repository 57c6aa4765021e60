import { compileJsonPath } from './json-path.js';

const store = { store: { book: [{ title: 'A', price: 8 }, { title: 'B', price: 12 }], bicycle: { price: 19 } }, 'odd key': 1 };

function evaluate(path: string): unknown {
  const compiled = compileJsonPath(path);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.path.evaluate(store);
}

describe('compileJsonPath', () => {
  it.each([
    ['$', store],
    ['$.store.book[0].title', 'A'],
    ['$.store.book[-1].title', 'B'],
    ["$['odd key']", 1],
    ['$.store["bicycle"].price', 19],
    ['$.store.book[*].title', ['A', 'B']],
    ['$..price', [8, 12, 19]],
    ['$.store.missing', undefined],
  ])('%s', (path, expected) => {
    expect(evaluate(path)).toEqual(expected);
  });

  it('refuses what it does not support, with a reason', () => {
    expect(compileJsonPath('$.a[?(@.b)]').ok).toBe(false);
    expect(compileJsonPath('a.b').ok).toBe(false);
  });
});
