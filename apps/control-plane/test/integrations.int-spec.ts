import {
  DeleteIntegrationCommand,
  DeleteIntegrationResponseCommand,
  GetIntegrationCommand,
  GetIntegrationResponseCommand,
  GetMethodCommand,
  NotFoundException,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  UpdateIntegrationCommand,
  UpdateIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { errorOf, createApiWithResource, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let apiId: string;
let resourceId: string;
beforeAll(async () => {
  cp = await startTestControlPlane();
  ({ apiId, resourceId } = await createApiWithResource(cp.client, 'integrations', '{proxy+}'));
  for (const httpMethod of ['ANY', 'GET', 'POST']) {
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE' }));
  }
});
afterAll(async () => {
  await cp?.close();
});

const key = (httpMethod: string) => ({ restApiId: apiId, resourceId, httpMethod });

describe('integrations', () => {
  it('puts an HTTP_PROXY integration with AWS defaults', async () => {
    const put = await cp.client.send(
      new PutIntegrationCommand({
        ...key('ANY'),
        type: 'HTTP_PROXY',
        integrationHttpMethod: 'ANY',
        uri: 'http://backend.example:8080/{proxy}',
        requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy', 'integration.request.header.x-static': "'v'" },
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put).toMatchObject({
      type: 'HTTP_PROXY',
      httpMethod: 'ANY',
      uri: 'http://backend.example:8080/{proxy}',
      connectionType: 'INTERNET',
      passthroughBehavior: 'WHEN_NO_MATCH',
      timeoutInMillis: 29000,
      cacheNamespace: resourceId,
      cacheKeyParameters: [],
    });
    const method = await cp.client.send(new GetMethodCommand(key('ANY')));
    expect(method.methodIntegration?.type).toBe('HTTP_PROXY');
  });

  it('puts a MOCK integration without method or uri, with integration responses', async () => {
    await cp.client.send(new PutIntegrationCommand({ ...key('GET'), type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
    const response = await cp.client.send(
      new PutIntegrationResponseCommand({
        ...key('GET'),
        statusCode: '200',
        selectionPattern: '',
        responseTemplates: { 'application/json': '{"ok":true}' },
        responseParameters: { 'method.response.header.X-Mock': "'yes'" },
      }),
    );
    expect(response.$metadata.httpStatusCode).toBe(201);
    expect(response).toMatchObject({ statusCode: '200', responseTemplates: { 'application/json': '{"ok":true}' } });
    const updated = await cp.client.send(
      new UpdateIntegrationResponseCommand({ ...key('GET'), statusCode: '200', patchOperations: [{ op: 'replace', path: '/selectionPattern', value: '2\\d{2}' }] }),
    );
    expect(updated.selectionPattern).toBe('2\\d{2}');
    const integration = await cp.client.send(new GetIntegrationCommand(key('GET')));
    expect(integration.integrationResponses?.['200']?.selectionPattern).toBe('2\\d{2}');
    // AWS returns no connectionType for a MOCK integration.
    expect(integration).not.toHaveProperty('connectionType');
    expect((await cp.client.send(new GetIntegrationResponseCommand({ ...key('GET'), statusCode: '200' }))).statusCode).toBe('200');
    await expect(cp.client.send(new GetIntegrationResponseCommand({ ...key('GET'), statusCode: '500' }))).rejects.toThrow(
      'Invalid Response status code specified',
    );
    expect((await cp.client.send(new DeleteIntegrationResponseCommand({ ...key('GET'), statusCode: '200' }))).$metadata.httpStatusCode).toBe(204);
  });

  it('patches an integration and re-validates it', async () => {
    await cp.client.send(new PutIntegrationCommand({ ...key('POST'), type: 'HTTP', integrationHttpMethod: 'POST', uri: 'https://example.com/a' }));
    const patched = await cp.client.send(
      new UpdateIntegrationCommand({
        ...key('POST'),
        patchOperations: [
          { op: 'replace', path: '/uri', value: 'https://example.com/${stageVariables.path}' },
          { op: 'replace', path: '/timeoutInMillis', value: '5000' },
          { op: 'add', path: '/requestTemplates/application~1json', value: '$input.body' },
          { op: 'replace', path: '/passthroughBehavior', value: 'NEVER' },
        ],
      }),
    );
    expect(patched).toMatchObject({ uri: 'https://example.com/${stageVariables.path}', timeoutInMillis: 5000, passthroughBehavior: 'NEVER' });
    expect(patched.requestTemplates).toEqual({ 'application/json': '$input.body' });
    await expect(
      cp.client.send(new UpdateIntegrationCommand({ ...key('POST'), patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '40000' }] })),
    ).rejects.toThrow('Timeout should be between 50 ms and 29000 ms');
    await expect(
      cp.client.send(new UpdateIntegrationCommand({ ...key('POST'), patchOperations: [{ op: 'replace', path: '/uri', value: 'not a url' }] })),
    ).rejects.toThrow('Invalid HTTP endpoint specified for URI');
    expect((await cp.client.send(new GetIntegrationCommand(key('POST')))).timeoutInMillis).toBe(5000);
  });

  it('rejects integrations missing their type-specific fields, with AWS texts', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ type: 'HTTP', uri: 'https://example.com' }, 'Enumeration value for HttpMethod must be non-empty'],
      [{ type: 'HTTP_PROXY', integrationHttpMethod: 'GET', uri: 'ftp://example.com' }, 'Invalid HTTP endpoint specified for URI'],
      [{ type: 'HTTP_PROXY', integrationHttpMethod: 'GET' }, 'Invalid HTTP endpoint specified for URI'],
      [{ type: 'AWS', integrationHttpMethod: 'POST', uri: 'lambda' }, 'Invalid ARN specified in the request'],
      [{ type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:s3:bucket/key' }, 'AWS ARN for integration must contain path or action'],
      [
        { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:action/SendMessage' },
        "Integrations of type 'AWS_PROXY' currently only supports Lambda function and Firehose stream invocations.",
      ],
    ];
    for (const [input, message] of cases) {
      await expect(cp.client.send(new PutIntegrationCommand({ ...key('POST'), ...input } as never))).rejects.toThrow(message);
    }
    const badType = await errorOf(cp.client.send(new PutIntegrationCommand({ ...key('POST'), type: 'SOAP' as 'HTTP' })));
    expect(badType.name).toBe('ValidationException');
    expect(badType.message).toBe(
      "1 validation error detected: Value 'SOAP' at 'putIntegrationInput.type' failed to satisfy constraint: Member must satisfy enum value set: [HTTP, AWS, MOCK, HTTP_PROXY, AWS_PROXY]",
    );
    const lambda = await cp.client.send(
      new PutIntegrationCommand({
        ...key('POST'),
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations',
      }),
    );
    expect(lambda.type).toBe('AWS_PROXY');
  });

  it('rejects a boolean request parameter value with a SerializationException (via a raw request)', async () => {
    const path = `/restapis/${apiId}/resources/${resourceId}/methods/POST/integration`;
    const res = await cp.request('PUT', path, {
      body: JSON.stringify({ type: 'MOCK', requestParameters: { 'integration.request.header.x': true } }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-amzn-errortype')).toBe('SerializationException');
  });

  it('deletes an integration (204) and then 404s', async () => {
    expect((await cp.client.send(new DeleteIntegrationCommand(key('GET')))).$metadata.httpStatusCode).toBe(204);
    const error = await errorOf(cp.client.send(new GetIntegrationCommand(key('GET'))));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error.message).toBe('Invalid Integration identifier specified');
    await expect(cp.client.send(new PutIntegrationResponseCommand({ ...key('GET'), statusCode: '200' }))).rejects.toThrow('No integration defined for method');
  });
});
