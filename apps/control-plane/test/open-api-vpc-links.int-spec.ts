// OpenAPI import of private integrations through the real SDKs: REST ImportRestApi/PutRestApi and apigatewayv2
// ImportApi keep a connectionId that names one of the account's VPC links (literally or through a stage
// variable) and refuse a missing one or one that names no link, changing nothing.
import { CreateVpcLinkCommand, GetMethodCommand, GetResourcesCommand, ImportRestApiCommand, PutRestApiCommand, CreateRestApiCommand } from '@aws-sdk/client-api-gateway';
import { CreateVpcLinkCommand as CreateV2VpcLinkCommand, GetIntegrationsCommand, ImportApiCommand } from '@aws-sdk/client-apigatewayv2';
import { openDatabaseDumper, type DatabaseDumper } from './support/database-dump.js';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';
import { failure, v2Client } from './apigatewayv2/support.js';

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/net/orders/50dc6c495c0c9188/0467ef3c8400ae65';

let cp: TestControlPlane;
let dumper: DatabaseDumper;
let restLinkId: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  dumper = await openDatabaseDumper(cp.database.url);
  restLinkId = (await cp.client.send(new CreateVpcLinkCommand({ name: 'orders', targetArns: ['10.0.0.1:80'] }))).id!;
});
afterAll(async () => {
  await dumper?.close();
  await cp?.close();
});

const encode = (document: unknown) => new TextEncoder().encode(typeof document === 'string' ? document : JSON.stringify(document));
const restDocument = (connection: Record<string, unknown>) => ({
  swagger: '2.0',
  info: { title: 'linked', version: '1' },
  paths: { '/orders': { get: { responses: {}, 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'http://orders.internal/orders', connectionType: 'VPC_LINK', ...connection } } } },
});

describe('REST import of private integrations', () => {
  it('keeps a connectionId naming a link, literally or through a stage variable', async () => {
    const api = await cp.client.send(new ImportRestApiCommand({ body: encode(restDocument({ connectionId: restLinkId })) }));
    const resourceId = (await cp.client.send(new GetResourcesCommand({ restApiId: api.id }))).items!.find((r) => r.path === '/orders')!.id;
    expect((await cp.client.send(new GetMethodCommand({ restApiId: api.id, resourceId, httpMethod: 'GET' }))).methodIntegration).toMatchObject({ connectionType: 'VPC_LINK', connectionId: restLinkId });
    const staged = await cp.client.send(new ImportRestApiCommand({ body: encode(restDocument({ connectionId: '${stageVariables.vpcLinkId}' })) }));
    expect(staged.warnings ?? []).toEqual([]);
  });

  it('refuses a missing connectionId and one naming no link, in PutIntegration\'s words, and changes nothing', async () => {
    const before = await dumper.dump();
    const missing = await errorOf(cp.client.send(new ImportRestApiCommand({ body: encode(restDocument({})) })));
    expect(missing).toMatchObject({ name: 'BadRequestException', message: "Errors found during import:\n\tUnable to put integration on 'GET' for resource at path '/orders': connectionId must be set to a VpcLink id when connectionType is VPC_LINK" });
    const unknown = await errorOf(cp.client.send(new ImportRestApiCommand({ body: encode(restDocument({ connectionId: 'nope00' })) })));
    expect(unknown).toMatchObject({ name: 'BadRequestException', message: "Errors found during import:\n\tUnable to put integration on 'GET' for resource at path '/orders': Invalid VPC link identifier specified" });
    const target = await cp.client.send(new CreateRestApiCommand({ name: 'target' }));
    const afterCreate = await dumper.dump();
    expect(await errorOf(cp.client.send(new PutRestApiCommand({ restApiId: target.id, mode: 'overwrite', body: encode(restDocument({ connectionId: 'nope00' })) })))).toMatchObject({ name: 'BadRequestException' });
    expect(await dumper.dump()).toEqual(afterCreate);
    expect(before).not.toEqual(afterCreate);
  });
});

describe('HTTP API import of private integrations', () => {
  const httpDocument = (connection: Record<string, unknown>) =>
    JSON.stringify({
      openapi: '3.0.1',
      info: { title: 'private', version: '1' },
      paths: { '/orders': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: LISTENER_ARN, payloadFormatVersion: '1.0', connectionType: 'VPC_LINK', ...connection } } } },
    });

  it('imports an integration through a v2 link and refuses one naming no link, changing nothing', async () => {
    const client = v2Client(cp);
    try {
      const linkId = (await client.send(new CreateV2VpcLinkCommand({ Name: 'orders', SubnetIds: ['subnet-1'] }))).VpcLinkId!;
      const api = await client.send(new ImportApiCommand({ Body: httpDocument({ connectionId: linkId }) }));
      expect((await client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items).toEqual([expect.objectContaining({ ConnectionType: 'VPC_LINK', ConnectionId: linkId, IntegrationUri: LISTENER_ARN })]);
      const before = await dumper.dump();
      expect(await failure(client.send(new ImportApiCommand({ Body: httpDocument({ connectionId: 'nope00' }) })))).toMatchObject({
        name: 'BadRequestException',
        message: 'Invalid OpenAPI definition at paths./orders.get: Invalid VPC link identifier specified',
      });
      // A REST link's id is not a v2 link's.
      expect(await failure(client.send(new ImportApiCommand({ Body: httpDocument({ connectionId: restLinkId }) })))).toMatchObject({ name: 'BadRequestException' });
      expect(await failure(client.send(new ImportApiCommand({ Body: httpDocument({}) })))).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('connectionId must be set') });
      expect(await dumper.dump()).toEqual(before);
    } finally {
      client.destroy();
    }
  });
});
