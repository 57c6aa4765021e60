import {
  CreateRestApiCommand,
  DeleteGatewayResponseCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  NotFoundException,
  PutGatewayResponseCommand,
  UpdateGatewayResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { gatewayResponseTypes } from '@portico/contracts';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let apiId: string;
beforeAll(async () => {
  cp = await startTestControlPlane();
  apiId = (await cp.client.send(new CreateRestApiCommand({ name: 'gateway-responses' }))).id!;
});
afterAll(async () => {
  await cp?.close();
});

const template = { 'application/json': '{"message":$context.error.messageString}' };

describe('gateway responses', () => {
  it('lists all 21 types with their defaults', async () => {
    const list = await cp.client.send(new GetGatewayResponsesCommand({ restApiId: apiId }));
    expect(list.items).toHaveLength(21);
    expect(list.items!.map((r) => r.responseType)).toEqual([...gatewayResponseTypes]);
    expect(list.items!.every((r) => r.defaultResponse === true)).toBe(true);
    expect(list.items!.find((r) => r.responseType === 'MISSING_AUTHENTICATION_TOKEN')).toEqual({
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '403',
      responseParameters: {},
      responseTemplates: template,
      defaultResponse: true,
    });
    expect(list.items!.find((r) => r.responseType === 'DEFAULT_4XX')!.statusCode).toBeUndefined();
    const paged = await cp.client.send(new GetGatewayResponsesCommand({ restApiId: apiId, limit: 20 }));
    expect(paged.items).toHaveLength(20);
    expect(paged.position).toBeDefined();
  });

  it('puts (201), patches, gets and deletes (202) a customisation', async () => {
    const put = await cp.client.send(
      new PutGatewayResponseCommand({
        restApiId: apiId,
        responseType: 'UNAUTHORIZED',
        statusCode: '401',
        responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'" },
        responseTemplates: { 'application/json': '{"error":"unauthorized"}' },
      }),
    );
    expect(put.$metadata.httpStatusCode).toBe(201);
    expect(put).toMatchObject({ responseType: 'UNAUTHORIZED', statusCode: '401', defaultResponse: false });

    const patched = await cp.client.send(
      new UpdateGatewayResponseCommand({
        restApiId: apiId,
        responseType: 'UNAUTHORIZED',
        patchOperations: [
          { op: 'replace', path: '/statusCode', value: '403' },
          { op: 'add', path: '/responseParameters/gatewayresponse.header.x-extra', value: "'1'" },
          { op: 'replace', path: '/responseTemplates/application~1json', value: '{"error":"nope"}' },
        ],
      }),
    );
    expect(patched).toMatchObject({
      statusCode: '403',
      responseParameters: { 'gatewayresponse.header.WWW-Authenticate': "'Bearer'", 'gatewayresponse.header.x-extra': "'1'" },
      responseTemplates: { 'application/json': '{"error":"nope"}' },
    });
    expect((await cp.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'UNAUTHORIZED' }))).statusCode).toBe('403');

    const deleted = await cp.client.send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: 'UNAUTHORIZED' }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    expect(await cp.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'UNAUTHORIZED' }))).toMatchObject({
      statusCode: '401',
      defaultResponse: true,
    });
  });

  it('customises a default type on PATCH', async () => {
    const patched = await cp.client.send(
      new UpdateGatewayResponseCommand({ restApiId: apiId, responseType: 'DEFAULT_4XX', patchOperations: [{ op: 'replace', path: '/statusCode', value: '400' }] }),
    );
    expect(patched).toMatchObject({ responseType: 'DEFAULT_4XX', statusCode: '400', responseTemplates: template, defaultResponse: false });
  });

  it('rejects unknown types, bad paths and deleting a default, with AWS texts', async () => {
    const deleteDefault = await errorOf(cp.client
      .send(new DeleteGatewayResponseCommand({ restApiId: apiId, responseType: 'THROTTLED' }))
      );
    expect(deleteDefault).toBeInstanceOf(NotFoundException);
    expect(deleteDefault.message).toBe('Gateway response type not defined on api');
    const unknown = await errorOf(cp.client.send(new GetGatewayResponseCommand({ restApiId: apiId, responseType: 'NOPE' as 'THROTTLED' })));
    expect(unknown.name).toBe('ValidationException');
    await expect(
      cp.client.send(new UpdateGatewayResponseCommand({ restApiId: apiId, responseType: 'THROTTLED', patchOperations: [{ op: 'add', path: '/statusCode', value: '400' }] })),
    ).rejects.toThrow("Invalid patch path  '/statusCode' specified for op 'add'. Please choose supported operations");
    await expect(
      cp.client.send(new PutGatewayResponseCommand({ restApiId: apiId, responseType: 'THROTTLED', responseTemplates: { 'application/json': '' } })),
    ).rejects.toThrow('Invalid null or empty value in responseTemplates');
    await expect(cp.client.send(new GetGatewayResponsesCommand({ restApiId: 'nosuchapi0' }))).rejects.toThrow(
      'Invalid API identifier specified 000000000000:nosuchapi0',
    );
  });
});
