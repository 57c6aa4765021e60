import { compileTemplate } from '@portico/engine-mapping';
import { modelTemplate } from './model-template.js';

/** Renders a generated template over a payload with the data plane's VTL engine and parses the output. */
function transform(template: string, payload: unknown): unknown {
  const compiled = compileTemplate(template);
  if (!compiled.ok) throw new Error(compiled.reason);
  const rendered = compiled.template.render({ body: JSON.stringify(payload), params: () => ({ path: {}, querystring: {}, header: {} }), context: {}, stageVariables: {} });
  if (!rendered.ok) throw new Error(rendered.message);
  return JSON.parse(rendered.output);
}

describe('modelTemplate (GetModelTemplate)', () => {
  it('writes AWS\'s form for an array of objects: strings quoted, numbers bare, one #foreach', () => {
    const pets = { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, type: { type: 'string' }, price: { type: 'number' } } } };
    const template = modelTemplate(pets);
    expect(template).toBe(
      [
        "#set($inputRoot = $input.path('$'))",
        '[',
        '#foreach($elem in $inputRoot)',
        '  {',
        '    "id" : $elem.id,',
        '    "type" : "$elem.type",',
        '    "price" : $elem.price',
        '  }#if($foreach.hasNext),#end',
        '#end',
        ']',
      ].join('\n'),
    );
    expect(transform(template, [{ id: 1, type: 'dog', price: 249.99, extra: true }, { id: 2, type: 'cat', price: 124.99 }])).toEqual([
      { id: 1, type: 'dog', price: 249.99 },
      { id: 2, type: 'cat', price: 124.99 },
    ]);
  });

  it('follows $refs to other models and #/definitions, nests objects and arrays, and quotes odd property names', () => {
    const address = { type: 'object', properties: { city: { type: 'string' }, zip: { type: 'string' } } };
    const order = {
      type: 'object',
      definitions: { line: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } } } },
      properties: {
        'order-id': { type: 'string' },
        paid: { type: 'boolean' },
        shipTo: { $ref: 'https://apigateway.amazonaws.com/restapis/api1/models/Address' },
        lines: { type: 'array', items: { $ref: '#/definitions/line' } },
        tags: { type: 'array', items: { type: 'string' } },
      },
    };
    const template = modelTemplate(order, (ref) => (ref.endsWith('/models/Address') ? address : undefined));
    expect(template).toContain(`"order-id" : "$inputRoot.get('order-id')"`);
    const payload = { 'order-id': 'o-1', paid: true, shipTo: { city: 'Lyon', zip: '69001', street: 'x' }, lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }], tags: ['x', 'y'] };
    expect(transform(template, payload)).toEqual({ 'order-id': 'o-1', paid: true, shipTo: { city: 'Lyon', zip: '69001' }, lines: [{ sku: 'a', qty: 2 }, { sku: 'b', qty: 1 }], tags: ['x', 'y'] });
  });

  it('ends a reference cycle instead of recursing, and gives an empty object for a schema without properties', () => {
    const node: Record<string, unknown> = { type: 'object', properties: { name: { type: 'string' } } };
    (node.properties as Record<string, unknown>).next = { $ref: 'https://apigateway.amazonaws.com/restapis/api1/models/Node' };
    const template = modelTemplate(node, () => node);
    expect(template).toContain('"next" : $inputRoot.next');
    expect(modelTemplate({ type: 'object' })).toBe("#set($inputRoot = $input.path('$'))\n{}");
  });
});
