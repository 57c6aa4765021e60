import {
  BadRequestException,
  ConflictException,
  DeleteMethodCommand,
  DeleteMethodResponseCommand,
  GetMethodCommand,
  GetMethodResponseCommand,
  NotFoundException,
  PutMethodCommand,
  PutMethodResponseCommand,
  UpdateMethodCommand,
  UpdateMethodResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { errorOf, createApiWithResource, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let apiId: string;
let resourceId: string;
beforeAll(async () => {
  cp = await startTestControlPlane();
  ({ apiId, resourceId } = await createApiWithResource(cp.client, 'methods', '{id}'));
});
afterAll(async () => {
  await cp?.close();
});

describe('methods', () => {
  it('puts (201), gets, patches and deletes (204) a method', async () => {
    const put = await cp.client.send(
      new PutMethodCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        authorizationType: 'NONE',
        requestParameters: { 'method.request.path.id': true, 'method.request.querystring.page': false },
        operationName: 'GetThing',
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put).toMatchObject({ httpMethod: 'GET', authorizationType: 'NONE', apiKeyRequired: false, operationName: 'GetThing' });
    expect(put.requestParameters).toEqual({ 'method.request.path.id': true, 'method.request.querystring.page': false });

    const patched = await cp.client.send(
      new UpdateMethodCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'GET',
        patchOperations: [
          { op: 'replace', path: '/apiKeyRequired', value: 'true' },
          { op: 'add', path: '/requestParameters/method.request.header.X-Trace', value: 'false' },
          { op: 'remove', path: '/requestParameters/method.request.querystring.page' },
          { op: 'add', path: '/requestModels/application~1json', value: 'Empty' },
          { op: 'replace', path: '/authorizationType', value: 'AWS_IAM' },
        ],
      }),
    );
    expect(patched).toMatchObject({ apiKeyRequired: true, authorizationType: 'AWS_IAM', requestModels: { 'application/json': 'Empty' } });
    expect(patched.requestParameters).toEqual({ 'method.request.path.id': true, 'method.request.header.X-Trace': false });

    const got = await cp.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    expect(got.apiKeyRequired).toBe(true);

    const deleted = await cp.client.send(new DeleteMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    const gone = await errorOf(cp.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'GET' })));
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.message).toBe('Invalid Method identifier specified');
  });

  it('rejects invalid methods with AWS texts', async () => {
    await expect(
      cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'FETCH', authorizationType: 'NONE' })),
    ).rejects.toThrow('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
    await expect(
      cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', authorizationType: 'CUSTOM', authorizerId: 'abc123' })),
    ).rejects.toThrow(
      'Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.',
    );
    await expect(
      cp.client.send(
        new PutMethodCommand({
          restApiId: apiId,
          resourceId,
          httpMethod: 'POST',
          authorizationType: 'NONE',
          requestParameters: { 'method.request.header.id': true, 'method.request.querystring.id': false },
        }),
      ),
    ).rejects.toThrow('Parameter names must be unique across querystring, header and path');
    await expect(
      cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'POST', authorizationType: 'NONE', requestModels: { 'application/json': 'Pet' } })),
    ).rejects.toThrow('Invalid model identifier specified: Pet');
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }));
    await expect(cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'ANY', authorizationType: 'NONE' }))).rejects.toBeInstanceOf(
      ConflictException,
    );
    await expect(
      cp.client.send(new UpdateMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'ANY', patchOperations: [{ op: 'replace', path: '/httpMethod', value: 'GET' }] })),
    ).rejects.toBeInstanceOf(BadRequestException);
    await expect(cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId: 'zzzzzz', httpMethod: 'GET', authorizationType: 'NONE' }))).rejects.toThrow(
      'Invalid Resource identifier specified',
    );
  });

  it('manages method responses (Put 201, Update 201, Delete 204)', async () => {
    await cp.client.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'PUT', authorizationType: 'NONE' }));
    const put = await cp.client.send(
      new PutMethodResponseCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'PUT',
        statusCode: '200',
        responseParameters: { 'method.response.header.Access-Control-Allow-Origin': false },
        responseModels: { 'application/json': 'Empty' },
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put).toMatchObject({ statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': false } });
    const updated = await cp.client.send(
      new UpdateMethodResponseCommand({
        restApiId: apiId,
        resourceId,
        httpMethod: 'PUT',
        statusCode: '200',
        patchOperations: [{ op: 'replace', path: '/responseParameters/method.response.header.Access-Control-Allow-Origin', value: 'true' }],
      }),
    );
    expect(updated.$metadata.httpStatusCode).toBe(201);
    expect(updated.responseParameters).toEqual({ 'method.response.header.Access-Control-Allow-Origin': true });
    const method = await cp.client.send(new GetMethodCommand({ restApiId: apiId, resourceId, httpMethod: 'PUT' }));
    expect(method.methodResponses).toEqual({ '200': { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': true }, responseModels: { 'application/json': 'Empty' } } });

    const bad = await errorOf(cp.client
      .send(new PutMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'PUT', statusCode: '600' }))
      );
    expect(bad.name).toBe('ValidationException');
    await expect(cp.client.send(new GetMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'PUT', statusCode: '404' }))).rejects.toThrow(
      'Invalid Response status code specified',
    );
    const deleted = await cp.client.send(new DeleteMethodResponseCommand({ restApiId: apiId, resourceId, httpMethod: 'PUT', statusCode: '200' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });
});
