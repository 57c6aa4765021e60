import { deploymentSnapshotSchema, type MethodSnapshot } from '@portico/contracts';
import { SnapshotValidators, type ValidatedRequest } from './compile-request-validation.js';

const url = (name: string) => `https://apigateway.amazonaws.com/restapis/api1/models/${name}`;
const snapshot = deploymentSnapshotSchema.parse({
  schemaVersion: 1,
  restApiId: 'api1',
  deploymentId: 'd1',
  createdDate: 1,
  api: { name: 'a', endpointConfiguration: { types: ['REGIONAL'] } },
  resources: [],
  models: [
    { id: 'm1', name: 'Pet', contentType: 'application/json', schema: JSON.stringify({ $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['name'], properties: { name: { type: 'string' }, age: { type: 'integer', minimum: 0 }, owner: { $ref: url('Owner') }, kind: { enum: ['cat', 'dog'] }, tag: { oneOf: [{ type: 'string' }, { type: 'null' }] } } }) },
    { id: 'm2', name: 'Owner', contentType: 'application/json', schema: JSON.stringify({ type: 'object', required: ['email'], properties: { email: { type: 'string' }, pets: { type: 'array', items: { $ref: url('Pet') } } } }) },
  ],
  requestValidators: [
    { id: 'all', name: 'all', validateRequestBody: true, validateRequestParameters: true },
    { id: 'none', name: 'none' },
  ],
});

const method = (overrides: Partial<MethodSnapshot>): MethodSnapshot =>
  ({ httpMethod: 'POST', authorizationType: 'NONE', apiKeyRequired: false, requestParameters: {}, requestModels: {}, authorizationScopes: [], methodResponses: {}, methodIntegration: { type: 'MOCK' }, ...overrides }) as MethodSnapshot;

const request = (headers: Record<string, string>, query: Record<string, string[]>, pathParameters: Record<string, string> = {}): ValidatedRequest => ({ headers, pathParameters, queryValues: (n) => query[n] });

describe('SnapshotValidators', () => {
  const validators = new SnapshotValidators(snapshot);

  it('lists missing or blank required parameters in declaration order', () => {
    const compiled = validators.compile(method({ requestValidatorId: 'all', requestParameters: { 'method.request.header.x-header-param': true, 'method.request.path.issuer': true, 'method.request.querystring.qs1': true, 'method.request.querystring.optional': false } }));
    if (!compiled.ok || !compiled.validation?.checkParameters) throw new Error('expected a parameter check');
    expect(compiled.validation.checkParameters(request({}, { qs1: [''] }))).toEqual({
      type: 'BAD_REQUEST_PARAMETERS',
      message: 'Missing required request parameters: [x-header-param, issuer, qs1]',
      validationErrorString: 'Missing required request parameters: [x-header-param, issuer, qs1]',
    });
    expect(compiled.validation.checkParameters(request({ 'x-header-param': 'v' }, { qs1: ['1'] }, { issuer: 'me' }))).toBeUndefined();
    expect(compiled.validation.checkBody).toBeUndefined();
  });

  it('validates bodies against draft-4 models with $ref between models (circular too)', () => {
    const compiled = validators.compile(method({ requestValidatorId: 'all', requestModels: { 'application/json': 'Pet' } }));
    if (!compiled.ok || !compiled.validation?.checkBody) throw new Error('expected a body check');
    const check = compiled.validation.checkBody;
    const body = (value: unknown) => Buffer.from(JSON.stringify(value));
    expect(check('application/json', body({ name: 'rex', age: 3, owner: { email: 'a@b', pets: [{ name: 'tom' }] }, kind: 'dog', tag: null }))).toBeUndefined();
    expect(check('application/json; charset=utf-8', body({ age: 3 }))).toMatchObject({ type: 'BAD_REQUEST_BODY', message: 'Invalid request body', validationErrorString: '[object has missing required properties (["name"])]' });
    expect(check(undefined, body({ name: 'rex', age: -1 }))?.message).toBe('Invalid request body');
    expect(check('application/json', body({ name: 'rex', owner: {} }))?.message).toBe('Invalid request body');
    expect(check('application/json', body({ name: 'rex', kind: 'cow' }))?.message).toBe('Invalid request body');
    expect(check('application/json', Buffer.from('{not json'))?.message).toBe('Invalid request body');
    // No model for this media type: not validated (the passthrough behaviour decides).
    expect(check('text/plain', Buffer.from('anything'))).toBeUndefined();
  });

  it('compiles nothing for methods without a validator, and refuses unknown validators', () => {
    expect(validators.compile(method({}))).toEqual({ ok: true, validation: undefined });
    expect(validators.compile(method({ requestValidatorId: 'none', requestModels: { 'application/json': 'Pet' } }))).toEqual({ ok: true, validation: undefined });
    expect(validators.compile(method({ requestValidatorId: 'gone' })).ok).toBe(false);
  });
});
