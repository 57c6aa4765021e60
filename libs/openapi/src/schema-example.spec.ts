import { schemaExample } from './schema-example.js';

describe('schemaExample (GetExport extensions=postman)', () => {
  it("uses a schema's example, default or first enum value, else a value of its type", () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string', example: 'rex' },
        kind: { type: 'string', enum: ['dog', 'cat'] },
        size: { type: 'string', default: 'small' },
        age: { type: 'integer', minimum: 1 },
        price: { type: 'number' },
        vaccinated: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' } },
        note: { type: ['null', 'string'] },
      },
    };
    expect(schemaExample(schema, {})).toEqual({ name: 'rex', kind: 'dog', size: 'small', age: 1, price: 0, vaccinated: true, tags: ['string'], note: 'string' });
  });

  it('follows references to other models and stops at a cycle', () => {
    const schemas = {
      Owner: { type: 'object', properties: { email: { type: 'string' }, pets: { $ref: '#/components/schemas/Pets' } } },
      Pets: { type: 'array', items: { $ref: '#/definitions/Pet' } },
      Pet: { type: 'object', properties: { name: { type: 'string' }, owner: { $ref: '#/components/schemas/Owner' } } },
    };
    expect(schemaExample(schemas.Owner, schemas)).toEqual({ email: 'string', pets: [{ name: 'string', owner: { email: 'string', pets: {} } }] });
    expect(schemaExample({ $ref: '#/definitions/Nope' }, schemas)).toEqual({});
  });
});
