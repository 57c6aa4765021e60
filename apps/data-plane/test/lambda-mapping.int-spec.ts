import { createFunctionRunner, type FunctionRunner } from '@portico/engine-lambda';
import { configDocument, echo, serveGateway, startBackend, testClient, type Backend, type Served } from './support/pipeline-fixtures.js';
import { request } from 'undici';
import { functionsDir, lambdaAws, withApiSettings } from './lambda-fixtures.js';

// Mapping templates through the real pipeline: an AWS (non-proxy) integration with the `event` function (it
// returns its event, i.e. what the request template made), AWS's documented examples as templates.
const API = 'mappingapi';
const host = `${API}.execute-api.localhost`;
const client = testClient();
let runner: FunctionRunner;
let served: Served;
let backend: Backend;

const template = (source: string, extra: Record<string, unknown> = {}) => lambdaAws('event', { requestTemplates: { 'application/json': source }, ...extra });

// AWS's "Example 2": all request parameters into a JSON payload.
const ALL_PARAMS = [
  '#set($allParams = $input.params())',
  '{',
  '"params" : {',
  '#foreach($type in $allParams.keySet())',
  '  #set($params = $allParams.get($type))',
  '  "$type" : {',
  '  #foreach($paramName in $params.keySet())',
  '    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"',
  '    #if($foreach.hasNext),#end',
  '  #end',
  '  }',
  '  #if($foreach.hasNext),#end',
  '#end',
  '}',
  '}',
].join('\n');

beforeAll(async () => {
  runner = createFunctionRunner({ functionsDir, region: 'us-east-1', accountId: '000000000000' });
  backend = await startBackend(echo);
  const doc = configDocument({
    apiId: API,
    resources: {
      // escapeJavaScript turns ' into \', which JSON does not allow: AWS's documented replaceAll undoes it.
      '/input/body': { POST: template('{"raw": "$util.escapeJavaScript($input.body).replaceAll("\\\\\'","\'")"}') },
      '/input/json': { POST: template("{\"a\": $input.json('$.a'), \"list\": $input.json('$.list'), \"all\": $input.json('$')}") },
      '/input/path': { POST: template("{\"b\": \"$input.path('$.a.b')\", \"size\": $input.path('$.list').size(), \"map\": \"$input.path('$.a')\"}") },
      '/input/params/{id}': { POST: template(ALL_PARAMS) },
      '/input/param/{id}': { POST: template("{\"id\": \"$input.params('id')\", \"q\": \"$input.params('q')\", \"h\": \"$input.params('X-H')\"}") },
      '/util': {
        POST: template(
          [
            '#set($parsed = $util.parseJson($input.path(\'$.nested\')))',
            '{"escaped": "$util.escapeJavaScript($input.path(\'$.quote\')).replaceAll("\\\\\'","\'")",',
            ' "parsed": $parsed.arr[1],',
            ' "encoded": "$util.urlEncode($input.path(\'$.text\'))",',
            ' "decoded": "$util.urlDecode(\'a+b%26c\')",',
            ' "b64": "$util.base64Encode($input.path(\'$.text\'))",',
            ' "unb64": "$util.base64Decode(\'aGVsbG8=\')"}',
          ].join('\n'),
        ),
      },
      '/context': {
        POST: template('{"stage": "$context.stage", "requestId": "$context.requestId", "apiId": "$context.apiId", "resourcePath": "$context.resourcePath", "httpMethod": "$context.httpMethod", "sourceIp": "$context.identity.sourceIp", "apiKey": "$context.identity.apiKey", "fn": "$stageVariables.fn", "fn2": "$stageVariables[\'fn\']"}'),
      },
      '/pass/when-no-match': { POST: template('{"templated": true}') },
      '/pass/when-no-templates': { POST: template('{"templated": true}', { passthroughBehavior: 'WHEN_NO_TEMPLATES' }) },
      '/pass/when-no-templates-none': { POST: lambdaAws('event', { passthroughBehavior: 'WHEN_NO_TEMPLATES' }) },
      '/pass/never': { POST: template('{"templated": true}', { passthroughBehavior: 'NEVER' }) },
      '/greet/{name}': {
        GET: lambdaAws('greet', {
          requestTemplates: {
            'application/json': '{"name": "#if($input.params(\'blank\') == \'yes\')#{else}$util.escapeJavaScript($input.params(\'name\'))#end"}',
          },
          integrationResponses: {
            '200': {
              statusCode: '200',
              responseParameters: { 'method.response.header.X-Greeting': "'yes'" },
              responseTemplates: { 'application/json': '{"message": "$input.path(\'$.greeting\')", "requestId": "$context.requestId"}' },
            },
            '404': {
              statusCode: '404',
              selectionPattern: 'Not found: .*',
              responseParameters: { 'method.response.header.X-Error-Type': 'integration.response.body.errorType' },
              responseTemplates: { 'application/json': '{"error": "$util.escapeJavaScript($input.path(\'$.errorMessage\'))"}' },
            },
            '400': { statusCode: '400', selectionPattern: 'Bad request.*', responseTemplates: { 'application/json': '#set($context.responseOverride.status = 422){"invalid": true}' } },
          },
        }),
      },
      '/greet-error-default': {
        GET: lambdaAws('error', { requestTemplates: { 'application/json': '{"what": "default"}' } }),
      },
      '/http': {
        POST: {
          methodIntegration: {
            type: 'HTTP',
            httpMethod: 'POST',
            uri: `${backend.url}/echo`,
            requestTemplates: { 'application/json': '{"wrapped": $input.json(\'$\'), "stage": "$context.stage"}' },
            integrationResponses: {
              '200': { statusCode: '200', responseTemplates: { 'application/json': '{"backendSaw": $input.json(\'$.body\'), "method": "$input.path(\'$.method\')"}' } },
            },
          },
        },
      },
      '/http-override': {
        POST: {
          methodIntegration: {
            type: 'HTTP',
            httpMethod: 'POST',
            uri: `${backend.url}/echo?q=original&keep=1`,
            requestTemplates: {
              'application/json': "#set($context.requestOverride.header.X-Over = 'over')#set($context.requestOverride.querystring.q = 'replaced'){}",
            },
            integrationResponses: { '200': { statusCode: '200' } },
          },
        },
      },
      '/binary-in': {
        POST: lambdaAws('event', { requestTemplates: { 'application/octet-stream': '{"b64": "$input.body"}' }, contentHandling: 'CONVERT_TO_TEXT' }),
      },
      '/binary-out': {
        GET: lambdaAws('event', {
          requestTemplates: { 'application/json': '{"data": "aGVsbG8sIGJ5dGVz"}' },
          integrationResponses: {
            '200': { statusCode: '200', contentHandling: 'CONVERT_TO_BINARY', responseTemplates: { 'application/octet-stream': "$input.path('$.data')" } },
          },
        }),
      },
      '/mock': {
        GET: {
          methodIntegration: {
            type: 'MOCK',
            requestTemplates: { 'application/json': '{"statusCode": #if($input.params(\'fail\') == "yes")500#{else}200#end}' },
            integrationResponses: {
              '200': { statusCode: '200', responseTemplates: { 'application/json': '{"fn": "$stageVariables.fn", "q": "$input.params(\'q\')"}' } },
              '500': { statusCode: '500', selectionPattern: '5\\d\\d', responseTemplates: { 'application/json': '{"failed": true}' } },
            },
          },
        },
      },
    },
    stages: [{ stageName: 'test', variables: { fn: 'event' } }],
  });
  served = await serveGateway(withApiSettings(doc, { binaryMediaTypes: ['application/octet-stream'] }), { functionRunner: runner });
  expect(served.gateway.warnings).toEqual([]);
});

afterAll(async () => {
  await served.close();
  await backend.close();
  await client.close();
  await runner.close();
});

function post(path: string, body: string | Buffer, contentType = 'application/json', headers: Record<string, string> = {}) {
  return client.send(`${served.url}/test${path}`, { method: 'POST', headers: { host, 'content-type': contentType, ...headers }, body });
}

function get(path: string, headers: Record<string, string> = {}) {
  return client.send(`${served.url}/test${path}`, { headers: { host, ...headers } });
}

describe('$input through the pipeline', () => {
  it('$input.body', async () => {
    expect((await post('/input/body', 'it\'s "raw"')).json()).toEqual({ raw: 'it\'s "raw"' });
  });

  it('$input.json', async () => {
    const answer = await post('/input/json', JSON.stringify({ a: { b: 'x' }, list: [1, 2] }));
    expect(answer.json()).toEqual({ a: { b: 'x' }, list: [1, 2], all: { a: { b: 'x' }, list: [1, 2] } });
  });

  it('$input.path (values, .size(), maps printed Java-style)', async () => {
    const answer = await post('/input/path', JSON.stringify({ a: { b: 'x' }, list: [1, 2, 3] }));
    expect(answer.json()).toEqual({ b: 'x', size: 3, map: '{b=x}' });
  });

  it("$input.params(): AWS's Example 2 (all parameters)", async () => {
    const answer = await post('/input/params/42?q=dog&q=cat', '{}', 'application/json', { 'X-H': 'h1' });
    const params = answer.json<{ params: Record<string, Record<string, string>> }>().params;
    expect(params.path).toEqual({ id: '42' });
    expect(params.querystring).toEqual({ q: 'cat' });
    expect(params.header).toMatchObject({ 'X-H': 'h1', 'content-type': 'application/json' });
  });

  it("$input.params('x'): path, then query string, then header", async () => {
    const answer = await post('/input/param/7?q=query', '{}', 'application/json', { 'X-H': 'header' });
    expect(answer.json()).toEqual({ id: '7', q: 'query', h: 'header' });
  });

  it('a payload that is not JSON, read as JSON, answers 400', async () => {
    const answer = await post('/input/json', 'not json');
    expect(answer.status).toBe(400);
    expect(answer.json<{ message: string }>().message).toMatch(/^Could not parse request body into json: Could not parse payload into json: /);
  });
});

describe('$util, $context and $stageVariables through the pipeline', () => {
  it('escapeJavaScript, parseJson, urlEncode, urlDecode, base64Encode, base64Decode', async () => {
    const answer = await post('/util', JSON.stringify({ quote: 'it\'s "q"', nested: '{"arr":[1,2,3]}', text: 'a b&c' }));
    expect(answer.json()).toEqual({ escaped: 'it\'s "q"', parsed: 2, encoded: 'a+b%26c', decoded: 'a b&c', b64: 'YSBiJmM=', unb64: 'hello' });
  });

  it("$context and $stageVariables (AWS's Example 1)", async () => {
    const answer = await post('/context', '{}');
    expect(answer.json()).toEqual({
      stage: 'test',
      requestId: answer.headers['x-amzn-requestid'],
      apiId: API,
      resourcePath: '/context',
      httpMethod: 'POST',
      sourceIp: '127.0.0.1',
      apiKey: '',
      fn: 'event',
      fn2: 'event',
    });
  });
});

describe('passthroughBehavior through the pipeline', () => {
  it('WHEN_NO_MATCH: a matching type is templated, another passes through', async () => {
    expect((await post('/pass/when-no-match', '{"x":1}')).json()).toEqual({ templated: true });
    expect((await post('/pass/when-no-match', '{"x":1}', 'text/plain')).json()).toEqual({ x: 1 });
  });

  it('WHEN_NO_TEMPLATES: 415 for an unmatched type when templates exist; passthrough when none', async () => {
    const refused = await post('/pass/when-no-templates', '{"x":1}', 'text/plain');
    expect(refused.status).toBe(415);
    expect(refused.json()).toEqual({ message: 'Unsupported Media Type' });
    expect((await post('/pass/when-no-templates-none', '{"x":1}', 'text/plain')).json()).toEqual({ x: 1 });
  });

  it('NEVER: 415 whenever no template matches', async () => {
    expect((await post('/pass/never', '<x/>', 'application/xml')).status).toBe(415);
    expect((await post('/pass/never', '{}')).json()).toEqual({ templated: true });
  });
});

describe('AWS (non-proxy) integration responses', () => {
  it('the default response renders the result, with its mapped headers', async () => {
    const answer = await get('/greet/ada');
    expect(answer.status).toBe(200);
    expect(answer.headers['x-greeting']).toBe('yes');
    expect(answer.json()).toEqual({ message: 'Hello, ada!', requestId: answer.headers['x-amzn-requestid'] });
  });

  it('selectionPattern matches the Lambda errorMessage; responseOverride.status wins', async () => {
    const missing = await get('/greet/nobody');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: 'Not found: nobody' });
    expect(missing.headers['x-error-type']).toBe('Error');
    const bad = await get('/greet/ada?blank=yes');
    expect([bad.status, bad.json()]).toEqual([422, { invalid: true }]);
  });

  it('a Lambda error no pattern matches takes the default response (200), as in AWS', async () => {
    const answer = await get('/greet-error-default');
    expect(answer.status).toBe(200);
    expect(answer.json()).toMatchObject({ errorType: 'NotFoundError', errorMessage: 'Not found: default' });
  });
});

describe('contentHandling (AWS with Lambda)', () => {
  it('CONVERT_TO_TEXT: a binary request body reaches the template base64-encoded', async () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255]);
    const answer = await post('/binary-in', bytes, 'application/octet-stream');
    expect(answer.json()).toEqual({ b64: bytes.toString('base64') });
  });

  it('CONVERT_TO_BINARY: the rendered response is base64-decoded into bytes', async () => {
    const answer = await request(`${served.url}/test/binary-out`, { headers: { host } });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
    expect(Buffer.from(await answer.body.arrayBuffer()).toString()).toBe('hello, bytes');
  });
});

describe('HTTP (non-proxy) and MOCK with templates', () => {
  it('HTTP: the request template makes the backend body, the response template the client body', async () => {
    const answer = await post('/http', '{"a":1}');
    expect(answer.status).toBe(200);
    expect(answer.json()).toEqual({ backendSaw: '{"wrapped": {"a":1}, "stage": "test"}', method: 'POST' });
  });

  it('HTTP: requestOverride replaces integration request headers and query parameters', async () => {
    const seen = (await post('/http-override', '{}')).json<{ url: string; headers: Record<string, string> }>();
    expect(seen.url).toBe('/echo?keep=1&q=replaced');
    expect(seen.headers['x-over']).toBe('over');
  });

  it('MOCK: a VTL request template picks the status, response templates render the body', async () => {
    const ok = await get('/mock?q=hello');
    expect([ok.status, ok.json()]).toEqual([200, { fn: 'event', q: 'hello' }]);
    const failed = await get('/mock?fail=yes');
    expect([failed.status, failed.json()]).toEqual([500, { failed: true }]);
  });
});

