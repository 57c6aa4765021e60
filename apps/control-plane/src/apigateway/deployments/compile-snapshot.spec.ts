import { deploymentSnapshotSchema } from '@portico/contracts';
import { apiSummaryOf, compileSnapshot, NO_INTEGRATION_MESSAGE, NO_METHODS_MESSAGE, type ApiRows } from './compile-snapshot.js';

const deployment = { id: 'dep123', createdDate: 1_700_000_000 };

function rows(overrides: Partial<ApiRows> = {}): ApiRows {
  return {
    restApi: {
      id: 'api123',
      name: 'pets',
      description: null,
      version: null,
      apiKeySource: 'HEADER',
      binaryMediaTypes: ['image/png'],
      minimumCompressionSize: null,
      endpointConfiguration: { types: ['REGIONAL'], ipAddressType: 'ipv4' },
      policy: null,
      disableExecuteApiEndpoint: false,
    },
    resources: [
      { id: 'pets1', parentId: 'root1', pathPart: 'pets', path: '/pets' },
      { id: 'root1', parentId: null, pathPart: null, path: '/' },
      { id: 'proxy1', parentId: 'pets1', pathPart: '{proxy+}', path: '/pets/{proxy+}' },
    ],
    methods: [method('pets1', 'GET'), method('proxy1', 'ANY', { apiKeyRequired: true })],
    methodResponses: [{ resourceId: 'pets1', httpMethod: 'GET', statusCode: '200', responseParameters: { 'method.response.header.X-A': false }, responseModels: {} }],
    integrations: [
      integration('pets1', 'GET', 'MOCK', { requestTemplates: { 'application/json': '{"statusCode": 200}' } }),
      integration('proxy1', 'ANY', 'HTTP_PROXY', { integrationHttpMethod: 'ANY', uri: 'http://backend/{proxy}' }),
    ],
    integrationResponses: [
      {
        resourceId: 'pets1',
        httpMethod: 'GET',
        statusCode: '200',
        selectionPattern: null,
        responseParameters: { 'method.response.header.X-A': "'x'" },
        responseTemplates: {},
        contentHandling: null,
      },
    ],
    authorizers: [],
    models: [{ id: 'm1', name: 'Pet', contentType: 'application/json', schema: '{"type":"object"}', description: null }],
    requestValidators: [{ id: 'v1', name: 'all', validateRequestBody: true, validateRequestParameters: true }],
    gatewayResponses: [
      { responseType: 'MISSING_AUTHENTICATION_TOKEN', statusCode: '404', responseParameters: {}, responseTemplates: { 'application/json': '{"message":"nope"}' } },
    ],
    ...overrides,
  };
}

function method(resourceId: string, httpMethod: string, extra: Partial<ApiRows['methods'][number]> = {}): ApiRows['methods'][number] {
  return {
    resourceId,
    httpMethod,
    authorizationType: 'NONE',
    authorizerId: null,
    apiKeyRequired: false,
    operationName: null,
    requestValidatorId: null,
    requestParameters: {},
    requestModels: {},
    authorizationScopes: [],
    ...extra,
  };
}

function integration(
  resourceId: string,
  httpMethod: string,
  type: string,
  extra: Partial<ApiRows['integrations'][number]> = {},
): ApiRows['integrations'][number] {
  return {
    resourceId,
    httpMethod,
    type,
    integrationHttpMethod: null,
    uri: null,
    connectionType: 'INTERNET',
    connectionId: null,
    credentials: null,
    requestParameters: {},
    requestTemplates: {},
    passthroughBehavior: 'WHEN_NO_MATCH',
    contentHandling: null,
    timeoutInMillis: 29000,
    cacheNamespace: resourceId,
    cacheKeyParameters: [],
    tlsConfig: null,
    ...extra,
  };
}

describe('compileSnapshot', () => {
  it('compiles resources, methods, responses and integrations into a valid snapshot', () => {
    const result = compileSnapshot(rows(), deployment);
    if (!result.ok) throw new Error(result.message);
    const { snapshot } = result;
    expect(deploymentSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.deploymentId).toBe('dep123');
    expect(snapshot.createdDate).toBe(1_700_000_000);
    expect(snapshot.resources.map((r) => r.path)).toEqual(['/', '/pets', '/pets/{proxy+}']);
    const root = snapshot.resources[0]!;
    expect(root.parentId).toBeUndefined();
    expect(root.pathPart).toBeUndefined();
    expect(root.resourceMethods).toEqual({});

    const get = snapshot.resources[1]!.resourceMethods['GET']!;
    expect(get.methodIntegration.type).toBe('MOCK');
    expect(get.methodIntegration.requestTemplates).toEqual({ 'application/json': '{"statusCode": 200}' });
    expect(get.methodResponses['200']!.responseParameters).toEqual({ 'method.response.header.X-A': false });
    // Static response parameters of integration responses are kept.
    expect(get.methodIntegration.integrationResponses['200']!.responseParameters).toEqual({ 'method.response.header.X-A': "'x'" });

    const any = snapshot.resources[2]!.resourceMethods['ANY']!;
    expect(any.apiKeyRequired).toBe(true);
    expect(any.methodIntegration).toMatchObject({ type: 'HTTP_PROXY', httpMethod: 'ANY', uri: 'http://backend/{proxy}', timeoutInMillis: 29000 });

    expect(snapshot.api).toMatchObject({ name: 'pets', binaryMediaTypes: ['image/png'], endpointConfiguration: { types: ['REGIONAL'] } });
    expect(snapshot.gatewayResponses['MISSING_AUTHENTICATION_TOKEN']).toMatchObject({ statusCode: '404' });
  });

  it('is deterministic whatever the row order', () => {
    const a = compileSnapshot(rows(), deployment);
    const shuffled = rows();
    shuffled.resources.reverse();
    shuffled.methods.reverse();
    shuffled.integrations.reverse();
    expect(compileSnapshot(shuffled, deployment)).toEqual(a);
  });

  it('refuses an API without methods with AWS text', () => {
    expect(compileSnapshot(rows({ methods: [], integrations: [], methodResponses: [], integrationResponses: [] }), deployment)).toEqual({
      ok: false,
      message: NO_METHODS_MESSAGE,
    });
  });

  it('refuses a method without an integration with AWS text', () => {
    const r = rows();
    r.methods.push(method('root1', 'POST'));
    expect(compileSnapshot(r, deployment)).toEqual({ ok: false, message: NO_INTEGRATION_MESSAGE });
  });

  it('keeps request templates that compile and refuses one that does not, naming the method and content type', () => {
    const r = rows();
    r.integrations[1] = { ...r.integrations[1]!, type: 'HTTP', requestTemplates: { 'application/xml': '<a>$input.body</a>' } };
    const kept = compileSnapshot(r, deployment);
    if (!kept.ok) throw new Error(kept.message);
    expect(kept.snapshot.resources[2]!.resourceMethods['ANY']!.methodIntegration.requestTemplates).toEqual({ 'application/xml': '<a>$input.body</a>' });
    r.integrations[1] = { ...r.integrations[1]!, type: 'HTTP', requestTemplates: { 'application/xml': '#set($a = )' } };
    const result = compileSnapshot(r, deployment);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(/^Invalid mapping template: the integration request template for 'application\/xml' of method ANY \/pets\/\{proxy\+\} does not compile/);
  });

  it('keeps the templates of proxy integrations, which AWS and the data plane ignore', () => {
    const r = rows();
    r.integrations[1] = { ...r.integrations[1]!, requestTemplates: { 'application/json': '$input.body' } };
    r.integrationResponses.push({
      resourceId: 'proxy1',
      httpMethod: 'ANY',
      statusCode: '200',
      selectionPattern: null,
      responseParameters: {},
      responseTemplates: { 'application/json': '$input.path("$")' },
      contentHandling: null,
    });
    expect(compileSnapshot(r, deployment).ok).toBe(true);
  });

  it('keeps a MOCK request template computed in VTL', () => {
    const r = rows();
    r.integrations[0] = { ...r.integrations[0]!, requestTemplates: { 'application/json': '#set($x = 1){"statusCode": $x}' } };
    expect(compileSnapshot(r, deployment).ok).toBe(true);
  });

  it('keeps static and VTL response templates, refuses one that does not compile', () => {
    const r = rows();
    r.integrationResponses[0] = { ...r.integrationResponses[0]!, responseTemplates: { 'application/json': '{"pets": []}', 'text/plain': '' } };
    const kept = compileSnapshot(r, deployment);
    if (!kept.ok) throw new Error(kept.message);
    expect(kept.snapshot.resources[1]!.resourceMethods['GET']!.methodIntegration.integrationResponses['200']!.responseTemplates).toEqual({
      'application/json': '{"pets": []}',
      'text/plain': '',
    });
    r.integrationResponses[0] = { ...r.integrationResponses[0]!, responseTemplates: { 'application/json': '{"id": "$context.requestId"}' } };
    expect(compileSnapshot(r, deployment).ok).toBe(true);
    r.integrationResponses[0] = { ...r.integrationResponses[0]!, responseTemplates: { 'application/json': "{\"id\": $input.json('$'}" } };
    const result = compileSnapshot(r, deployment);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/integration response 200 template for 'application\/json' of method GET \/pets does not compile/);
  });

  it('builds the apiSummary of a snapshot', () => {
    const result = compileSnapshot(rows(), deployment);
    if (!result.ok) throw new Error(result.message);
    expect(apiSummaryOf(result.snapshot)).toEqual({
      '/pets': { GET: { authorizationType: 'NONE', apiKeyRequired: false } },
      '/pets/{proxy+}': { ANY: { authorizationType: 'NONE', apiKeyRequired: true } },
    });
  });
});
