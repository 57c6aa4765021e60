import { AdminError } from '@portico/contracts';
import { applyPatchOperations, parsePatchOperations, patchValue, splitPointer, type PatchRule } from './patch-operations.js';

interface Thing {
  name: string;
  tags: Record<string, string>;
  size: number;
  nested: string;
}

const rules: PatchRule<Thing>[] = [
  { ops: ['replace'], path: '/name', apply: (t, ctx) => void (t.name = patchValue.required(ctx)) },
  { ops: ['replace'], path: '/size', apply: (t, ctx) => void (t.size = patchValue.integer(ctx)) },
  {
    ops: ['add', 'remove'],
    path: '/tags/*',
    display: '/tags/{key}',
    apply(t, ctx) {
      const { [ctx.params[0]]: _removed, ...rest } = t.tags;
      t.tags = ctx.op === 'remove' ? rest : { ...rest, [ctx.params[0]]: ctx.value ?? '' };
    },
  },
  { ops: ['replace'], path: '/deep/**', apply: (t, ctx) => void (t.nested = ctx.params[0]) },
];

const thing = (): Thing => ({ name: 'a', tags: {}, size: 1, nested: '' });

function errorOf(fn: () => unknown): AdminError {
  try {
    fn();
  } catch (error) {
    return error as AdminError;
  }
  throw new Error('expected an error');
}

describe('splitPointer', () => {
  it('unescapes ~1 then ~0 per segment', () => {
    expect(splitPointer('/binaryMediaTypes/image~1png')).toEqual(['binaryMediaTypes', 'image/png']);
    expect(splitPointer('/a/~01')).toEqual(['a', '~1']);
    expect(splitPointer('/a/~0~1')).toEqual(['a', '~/']);
    expect(splitPointer('nope')).toEqual([]);
  });
});

describe('parsePatchOperations', () => {
  it('reads operations and treats an absent list as empty', () => {
    expect(parsePatchOperations({ patchOperations: [{ op: 'replace', path: '/name', value: 'x' }] }, 'updateThingInput')).toEqual([
      { op: 'replace', path: '/name', value: 'x', from: undefined },
    ]);
    expect(parsePatchOperations(undefined, 'updateThingInput')).toEqual([]);
    expect(parsePatchOperations({}, 'updateThingInput')).toEqual([]);
  });

  it('reports unknown ops as a ValidationException with the 1-based index', () => {
    const error = errorOf(() =>
      parsePatchOperations({ patchOperations: [{ op: 'replace', path: '/a' }, { op: 'jump', path: '/b' }, { op: 'fly', path: '/c' }] }, 'updateThingInput'),
    );
    expect(error.type).toBe('ValidationException');
    expect(error.message).toBe(
      "2 validation errors detected: Value 'jump' at 'updateThingInput.patchOperations.2.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]; " +
        "Value 'fly' at 'updateThingInput.patchOperations.3.member.op' failed to satisfy constraint: Member must satisfy enum value set: [add, remove, move, test, replace, copy]",
    );
  });

  it('reports non-string values as a SerializationException', () => {
    expect(errorOf(() => parsePatchOperations({ patchOperations: [{ op: 'replace', path: '/size', value: 3 }] }, 'x')).type).toBe('SerializationException');
    expect(errorOf(() => parsePatchOperations({ patchOperations: 'nope' }, 'x')).type).toBe('SerializationException');
    expect(errorOf(() => parsePatchOperations([1], 'x')).type).toBe('SerializationException');
  });
});

describe('applyPatchOperations', () => {
  it('applies operations in order, with wildcard and rest captures', () => {
    const t = applyPatchOperations(
      thing(),
      [
        { op: 'replace', path: '/name', value: 'b' },
        { op: 'add', path: '/tags/a~1b', value: '1' },
        { op: 'add', path: '/tags/c', value: '2' },
        { op: 'remove', path: '/tags/c' },
        { op: 'replace', path: '/size', value: '42' },
        { op: 'replace', path: '/deep/x/y/z' },
      ],
      rules,
    );
    expect(t).toEqual({ name: 'b', tags: { 'a/b': '1' }, size: 42, nested: 'x/y/z' });
  });

  it("uses AWS's texts for unsupported ops and paths", () => {
    expect(errorOf(() => applyPatchOperations(thing(), [{ op: 'move', path: '/name' }], rules)).message).toBe(
      'Invalid patch operation specified. Must be one of: [add, remove, replace]',
    );
    expect(errorOf(() => applyPatchOperations(thing(), [{ op: 'add', path: '/name', value: 'x' }], rules)).message).toBe(
      "Invalid patch path  '/name' specified for op 'add'. Please choose supported operations",
    );
    expect(errorOf(() => applyPatchOperations(thing(), [{ op: 'replace', path: '/id', value: 'x' }], rules)).message).toBe(
      "Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/name, /size, /deep/**]",
    );
    expect(errorOf(() => applyPatchOperations(thing(), [{ op: 'add', path: '/tags' }], rules)).message).toBe(
      "Invalid patch path  '/tags' specified for op 'add'. Must be one of: [/tags/{key}]",
    );
    expect(errorOf(() => applyPatchOperations(thing(), [{ op: 'replace', path: '/size', value: 'big' }], rules)).status).toBe(400);
  });

  it('refuses an operation without op (AWS answers 400; it is not a replace)', () => {
    const operations = parsePatchOperations({ patchOperations: [{ path: '/name', value: 'x' }] }, 'updateThingInput');
    expect(operations).toEqual([{ op: undefined, path: '/name', value: 'x', from: undefined }]);
    const error = errorOf(() => applyPatchOperations(thing(), operations, rules));
    expect(error.status).toBe(400);
    expect(error.message).toBe('Invalid patch operation specified. Must be one of: [add, remove, replace]');
  });
});

describe('patchValue', () => {
  const ctx = (value?: string) => ({ op: 'replace' as const, path: '/p', value, from: undefined, params: [] });
  it('parses booleans and numbers from strings', () => {
    expect(patchValue.boolean(ctx('TRUE'))).toBe(true);
    expect(patchValue.boolean(ctx('false'))).toBe(false);
    expect(() => patchValue.boolean(ctx('yes'))).toThrow(AdminError);
    expect(patchValue.number(ctx('0.5'))).toBe(0.5);
    expect(() => patchValue.number(ctx(''))).toThrow(AdminError);
    expect(() => patchValue.required(ctx())).toThrow(AdminError);
  });
});
