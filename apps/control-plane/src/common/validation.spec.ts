import { AdminError } from '@portico/contracts';
import { InputValidator, bodyObject, read } from './validation.js';
import { newRestApiId, newShortId } from './ids.js';

describe('InputValidator', () => {
  it("formats one or several violations like AWS's front end", () => {
    const v = new InputValidator('createRestApiInput');
    v.required(undefined, 'name');
    expect(() => v.check()).toThrow("1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null");
    const w = new InputValidator('putIntegrationInput');
    w.enumValue('SOAP', 'type', ['HTTP', 'MOCK']);
    w.enumValue('X', 'connectionType', ['INTERNET']);
    expect(() => w.check()).toThrow(/^2 validation errors detected: Value 'SOAP' at 'putIntegrationInput.type' .*; Value 'X' at 'putIntegrationInput.connectionType'/);
    expect(() => new InputValidator('x').check()).not.toThrow();
  });
});

describe('read', () => {
  const type = (fn: () => unknown) => {
    try {
      fn();
      return 'ok';
    } catch (error) {
      return (error as AdminError).type;
    }
  };
  it('accepts the right JSON types and treats null as absent', () => {
    const obj = { s: 'x', b: true, i: 3, n: 1.5, l: ['a'], m: { a: 'b' }, bm: { a: false }, z: null };
    expect(read.string(obj, 's')).toBe('x');
    expect(read.boolean(obj, 'b')).toBe(true);
    expect(read.integer(obj, 'i')).toBe(3);
    expect(read.number(obj, 'n')).toBe(1.5);
    expect(read.stringList(obj, 'l')).toEqual(['a']);
    expect(read.stringMap(obj, 'm')).toEqual({ a: 'b' });
    expect(read.booleanMap(obj, 'bm')).toEqual({ a: false });
    expect(read.string(obj, 'z')).toBeUndefined();
  });
  it('raises SerializationException for wrong types', () => {
    expect(type(() => read.string({ a: 1 }, 'a'))).toBe('SerializationException');
    expect(type(() => read.boolean({ a: 'true' }, 'a'))).toBe('SerializationException');
    expect(type(() => read.integer({ a: 1.5 }, 'a'))).toBe('SerializationException');
    expect(type(() => read.stringList({ a: [1] }, 'a'))).toBe('SerializationException');
    expect(type(() => read.stringMap({ a: { k: true } }, 'a'))).toBe('SerializationException');
    expect(type(() => bodyObject('text'))).toBe('SerializationException');
    expect(bodyObject(undefined)).toEqual({});
  });
});

describe('ids', () => {
  it('generates lower-case alphanumeric ids of AWS lengths', () => {
    for (let i = 0; i < 200; i++) {
      expect(newRestApiId()).toMatch(/^[a-z0-9]{10}$/);
      expect(newShortId()).toMatch(/^[a-z0-9]{6}$/);
    }
  });
});
