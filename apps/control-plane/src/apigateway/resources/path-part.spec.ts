import { AdminError } from '@portico/contracts';
import { checkPathPart, checkPlacement, childPath } from './path-part.js';

describe('path parts', () => {
  it('accepts literals and whole-segment variables', () => {
    for (const ok of ['pets', 'a.b-c_d', 'v1:x,y', '{id}', '{proxy+}']) expect(() => checkPathPart(ok)).not.toThrow();
    for (const bad of ['a/b', '{id', 'x{id}', '{a}{b}', '', 'sp ace', '{+}']) expect(() => checkPathPart(bad)).toThrow(AdminError);
  });

  it('checks placement among siblings', () => {
    const root = { id: 'r', pathPart: null };
    expect(() => checkPlacement(root, [{ id: 'a', pathPart: 'pets' }], 'pets')).toThrow('Another resource with the same parent already has this name: pets');
    expect(() => checkPlacement(root, [{ id: 'a', pathPart: '{id}' }], '{other+}')).toThrow(
      'A sibling ({id}) of this resource already has a variable path part -- only one is allowed',
    );
    expect(() => checkPlacement({ id: 'g', pathPart: '{proxy+}' }, [], 'x')).toThrow('Cannot create a child of a resource with a greedy path variable: {proxy+}');
    expect(() => checkPlacement(root, [{ id: 'a', pathPart: '{id}' }], 'pets')).not.toThrow();
    expect(childPath('/', 'a')).toBe('/a');
    expect(childPath('/a', '{b}')).toBe('/a/{b}');
  });
});
