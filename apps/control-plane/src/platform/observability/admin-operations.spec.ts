import { adminOperationName, signingAccessKeyId } from './admin-operations.js';
import { ControlPlaneMetrics } from './control-plane-metrics.js';

describe('adminOperationName', () => {
  it("names REST routes as AWS does, IAM/STS calls by the body's Action, and unmatched requests Unknown", () => {
    expect(adminOperationName('PUT', '/restapis/:restApiId/resources/:resourceId/methods/:httpMethod/integration', {}, undefined)).toBe('PutIntegration');
    expect(adminOperationName('POST', '/restapis/:restApiId/authorizers/:authorizerId', {}, undefined)).toBe('TestInvokeAuthorizer');
    expect(adminOperationName('POST', '/apikeys', { mode: 'import', format: 'csv' }, undefined)).toBe('ImportApiKeys');
    expect(adminOperationName('POST', '/restapis', { mode: 'import' }, undefined)).toBe('ImportRestApi');
    expect(adminOperationName('PUT', '/restapis/:restApiId', { mode: 'overwrite' }, undefined)).toBe('PutRestApi');
    expect(adminOperationName('POST', '/apikeys', {}, undefined)).toBe('CreateApiKey');
    expect(adminOperationName('POST', '/', {}, Buffer.from('Action=AssumeRole&Version=2011-06-15&RoleArn=x'))).toBe('AssumeRole');
    expect(adminOperationName('POST', '/', {}, Buffer.from('Action=%3Cscript%3E'))).toBe('Unknown');
    expect(adminOperationName('GET', undefined, {}, undefined)).toBe('Unknown');
    expect(adminOperationName('PUT', '/restapis', {}, undefined)).toBe('Unknown');
  });
});

describe('signingAccessKeyId', () => {
  it('reads the SigV4 credential from the header or a presigned query, and nothing that is not a key id', () => {
    expect(signingAccessKeyId('AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE0001/20261201/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=ab', {})).toBe('AKIAEXAMPLE0001');
    expect(signingAccessKeyId(undefined, { 'X-Amz-Credential': 'AKIAEXAMPLE0002/20261201/us-east-1/apigateway/aws4_request' })).toBe('AKIAEXAMPLE0002');
    expect(signingAccessKeyId('Bearer token', {})).toBeUndefined();
    expect(signingAccessKeyId('AWS4-HMAC-SHA256 Credential=a"b/…', {})).toBeUndefined();
  });
});

describe('ControlPlaneMetrics', () => {
  it('reports a dependency that fails or throws as down, probed at scrape time', async () => {
    let up = true;
    const metrics = new ControlPlaneMetrics({ database: async () => up, redis: async () => Promise.reject(new Error('ECONNREFUSED')) });
    expect(await metrics.render()).toMatch(/^portico_database_up 1$/m);
    expect(await metrics.render()).toMatch(/^portico_redis_up 0$/m);
    up = false;
    expect(await metrics.render()).toMatch(/^portico_database_up 0$/m);
    expect(await new ControlPlaneMetrics({ database: async () => true }).render()).not.toContain('portico_redis_up');
  });
});
