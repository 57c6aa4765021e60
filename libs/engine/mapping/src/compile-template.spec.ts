import { compileTemplate, MAX_FOREACH_ITERATIONS, type TemplateInput } from './compile-template.js';
import { contextObject } from './context-object.js';
import type { TemplateParams } from './input-variable.js';

const noParams: TemplateParams = { path: {}, querystring: {}, header: {} };

function render(source: string, input: Partial<TemplateInput> = {}): string {
  const compiled = compileTemplate(source);
  if (!compiled.ok) throw new Error(compiled.reason);
  const result = compiled.template.render({ body: '', params: () => noParams, context: {}, stageVariables: {}, ...input });
  if (!result.ok) throw new Error(`${result.kind}: ${result.message}`);
  return result.output;
}

// Cases below are AWS's documented examples (API Gateway developer guide: "Mapping template and access logging
// variables reference" and "Examples using variables for mapping template transformations").
describe('$input', () => {
  const things = JSON.stringify({ things: { '1d4e3f': {}, c2a7f0: {}, '0a4c2a': {} } });

  it('$input.path: the keySet example turns a map into a list', () => {
    const template = [
      "#set($inputRoot = $input.path('$'))",
      '{',
      '  "things": [',
      '#foreach($elem in $inputRoot.things.keySet())',
      '    {',
      '      "id": "$elem"',
      '    }#if($foreach.hasNext),#end',
      '#end',
      '  ]',
      '}',
    ].join('\n');
    expect(JSON.parse(render(template, { body: things }))).toEqual({ things: [{ id: '1d4e3f' }, { id: 'c2a7f0' }, { id: '0a4c2a' }] });
  });

  it('$input.json returns JSON text; $input.path an object printed Java-style', () => {
    const body = JSON.stringify({ name: 'Bella', age: 2, tags: ['a', 'b'], owner: { city: 'Seattle' } });
    expect(render("$input.json('$.name') $input.json('$.tags') $input.json('$.owner')", { body })).toBe('"Bella" ["a","b"] {"city":"Seattle"}');
    expect(render("$input.path('$.name') $input.path('$.age') $input.path('$.tags') $input.path('$.owner')", { body })).toBe(
      'Bella 2 [a, b] {city=Seattle}',
    );
    expect(render("$input.path('$.tags').size() $input.path('$.owner').city $input.path('$.tags[1]')", { body })).toBe('2 Seattle b');
  });

  it("$input.json('$') of an empty payload is {} (AWS's passthrough template relies on it)", () => {
    expect(render('{"body-json" : $input.json(\'$\')}')).toBe('{"body-json" : {}}');
  });

  it('$input.json of a missing path renders empty', () => {
    expect(render("[$input.json('$.missing')][$input.path('$.missing')]", { body: '{"a":1}' })).toBe('[][]');
  });

  it('$input.body is the raw payload', () => {
    expect(render('$input.body', { body: 'a=1&b=2' })).toBe('a=1&b=2');
  });

  it('$input.params(): every parameter; the passthrough example template (Example 2)', () => {
    const params: TemplateParams = { path: { petId: '7' }, querystring: { q: 'dog' }, header: { 'X-Trace': 'abc' } };
    const template = [
      '#set($allParams = $input.params())',
      '{',
      '  "params" : {',
      '    #foreach($type in $allParams.keySet())',
      '    #set($params = $allParams.get($type))',
      '    "$type" : {',
      '      #foreach($paramName in $params.keySet())',
      '      "$paramName" : "$util.escapeJavaScript($params.get($paramName))"',
      '      #if($foreach.hasNext),#end',
      '      #end',
      '    }',
      '    #if($foreach.hasNext),#end',
      '    #end',
      '  }',
      '}',
    ].join('\n');
    expect(JSON.parse(render(template, { params: () => params }))).toEqual({
      params: { path: { petId: '7' }, querystring: { q: 'dog' }, header: { 'X-Trace': 'abc' } },
    });
  });

  it("$input.params('x') searches path, then query string, then header", () => {
    const params: TemplateParams = { path: { id: 'p' }, querystring: { id: 'q', only: 'q2' }, header: { 'X-Only': 'h' } };
    expect(render("$input.params('id') $input.params('only') $input.params('X-Only') [$input.params('none')]", { params: () => params })).toBe(
      'p q2 h []',
    );
    expect(render("$input.params().header.get('X-Only')", { params: () => params })).toBe('h');
  });

  it('reading a non-JSON payload as JSON is an invalid-json result', () => {
    const compiled = compileTemplate("$input.json('$')");
    if (!compiled.ok) throw new Error(compiled.reason);
    const result = compiled.template.render({ body: 'not json', params: () => noParams, context: {}, stageVariables: {} });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.kind).toBe('invalid-json');
      expect(result.message).toMatch(/^Could not parse payload into json: /);
    }
  });
});

describe('$util', () => {
  it('escapeJavaScript escapes quotes (single ones too), backslashes, slashes, control and non-ASCII characters', () => {
    expect(render('$util.escapeJavaScript($input.body)', { body: 'He said "it\'s" a\\b/c\n\té' })).toBe(
      'He said \\"it\\\'s\\" a\\\\b\\/c\\n\\t\\u00E9',
    );
  });

  it("escapeJavaScript with AWS's replaceAll to turn \\' back into ' for JSON", () => {
    expect(render('"$util.escapeJavaScript($input.body).replaceAll("\\\\\'","\'")"', { body: "it's" })).toBe('"it\'s"');
  });

  it("parseJson: AWS's errorMessage example", () => {
    const body = JSON.stringify({ errorMessage: JSON.stringify({ key1: 'var1', key2: { arr: [1, 2, 3] } }) });
    const template = [
      "#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))",
      '{',
      '   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]',
      '}',
    ].join('\n');
    expect(JSON.parse(render(template, { body }))).toEqual({ errorMessageObjKey2ArrVal: 1 });
  });

  it('urlEncode / urlDecode use application/x-www-form-urlencoded (java.net.URLEncoder)', () => {
    expect(render("$util.urlEncode('a b&c=d/é*~')")).toBe('a+b%26c%3Dd%2F%C3%A9*%7E');
    expect(render("$util.urlDecode('a+b%26c%3Dd%2F%C3%A9')")).toBe('a b&c=d/é');
  });

  it('base64Encode / base64Decode', () => {
    expect(render("$util.base64Encode('hello, world')")).toBe('aGVsbG8sIHdvcmxk');
    expect(render("$util.base64Decode('aGVsbG8sIHdvcmxk')")).toBe('hello, world');
  });
});

describe('$context and $stageVariables', () => {
  const context = contextObject([
    ['stage', 'prod'],
    ['requestId', 'abcdefg-000-000-0000-abcdefg'],
    ['apiId', 'abcd1234'],
    ['resourcePath', '/'],
    ['httpMethod', 'GET'],
    ['identity.sourceIp', '192.0.2.1'],
    ['identity.userAgent', 'curl/7.84.0'],
  ]);

  it("AWS's Example 1: $context variables into a payload", () => {
    const template =
      '{"stage" : "$context.stage", "request_id" : "$context.requestId", "api_id" : "$context.apiId", ' +
      '"resource_path" : "$context.resourcePath", "http_method" : "$context.httpMethod", ' +
      '"source_ip" : "$context.identity.sourceIp", "user-agent" : "$context.identity.userAgent"}';
    expect(JSON.parse(render(template, { context }))).toEqual({
      stage: 'prod',
      request_id: 'abcdefg-000-000-0000-abcdefg',
      api_id: 'abcd1234',
      resource_path: '/',
      http_method: 'GET',
      source_ip: '192.0.2.1',
      'user-agent': 'curl/7.84.0',
    });
  });

  it('stage variables in all three forms', () => {
    expect(render("$stageVariables.fn ${stageVariables.fn} $stageVariables['fn'] ${stageVariables['fn']}", { stageVariables: { fn: 'f' } })).toBe(
      'f f f f',
    );
  });

  it('requestOverride and responseOverride are reported', () => {
    const compiled = compileTemplate(
      "#set($context.requestOverride.header.X-Extra = 'one')#set($context.responseOverride.status = 418)#set($context.responseOverride.header.X-R = 'r')ok",
    );
    if (!compiled.ok) throw new Error(compiled.reason);
    const result = compiled.template.render({ body: '', params: () => noParams, context, stageVariables: {} });
    expect(result).toEqual({
      ok: true,
      output: 'ok',
      overrides: { requestHeaders: { 'X-Extra': 'one' }, requestQuerystring: {}, requestPath: {}, responseStatus: 418, responseHeaders: { 'X-R': 'r' } },
    });
  });
});

describe('VTL', () => {
  it('a reference to a missing property renders empty, never as its own text (AWS; Velocity would print it)', () => {
    const body = '{"a":{"b":1},"n":null}';
    expect(render("#set($root = $input.path('$'))[$root.missing][$root.a.missing][$root.n][$nothing][$root.a.b]", { body })).toBe('[][][][][1]');
  });
  it('lists and maps print Java-style, a null inside them as null', () => {
    const body = '{"arr":[1,"a",null,{"x":[true]}],"m":{"k":"v","n":null}}';
    expect(render("$input.path('$.arr') $input.path('$.m')", { body })).toBe('[1, a, null, {x=[true]}] {k=v, n=null}');
    expect(render('#set($m = {"a": 1, "b": [1, 2]})$m #set($l = [1, "x"])$l $l.size() $l.get(1)')).toBe('{a=1, b=[1, 2]} [1, x] 2 x');
  });
  it(`#foreach stops after ${MAX_FOREACH_ITERATIONS} iterations`, () => {
    const body = JSON.stringify(Array.from({ length: 1500 }, (_, i) => i));
    expect(render("#foreach($i in $input.path('$'))x#end", { body })).toHaveLength(MAX_FOREACH_ITERATIONS);
  });

  it('a template without $ or # renders as itself', () => {
    expect(render('{"statusCode": 200}')).toBe('{"statusCode": 200}');
  });

  it('a template that does not parse is refused at compile time', () => {
    const compiled = compileTemplate("#set($a = )");
    expect(compiled.ok).toBe(false);
  });

  it('templates are compiled once and render many times without sharing state', () => {
    const compiled = compileTemplate("#set($n = $input.path('$.n'))$n");
    if (!compiled.ok) throw new Error(compiled.reason);
    const one = compiled.template.render({ body: '{"n":1}', params: () => noParams, context: {}, stageVariables: {} });
    const two = compiled.template.render({ body: '{"n":2}', params: () => noParams, context: {}, stageVariables: {} });
    expect([one.ok && one.output, two.ok && two.output]).toEqual(['1', '2']);
  });
});
