// apigatewayv2 VPC links (/v2/vpclinks) and private integrations through the real SDK: AWS's shapes and statuses,
// targets from the portico:targets tag, private integration checks, the delete refusal in AWS's words, and bad
// input (fast-check, fixed seed) that never answers 5xx and changes nothing.
import {
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateVpcLinkCommand,
  DeleteIntegrationCommand,
  DeleteRouteCommand,
  DeleteVpcLinkCommand,
  GetTagsCommand,
  GetVpcLinkCommand,
  GetVpcLinksCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIntegrationCommand,
  UpdateVpcLinkCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import fc from 'fast-check';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, v2Client } from './support.js';

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:listener/app/orders/50dc6c495c0c9188/0467ef3c8400ae65';
const CLOUD_MAP_ARN = 'arn:aws:servicediscovery:us-east-1:000000000000:service/srv-abcdefghijk?stage=prod';
const TARGETS = '10.0.0.5:8080,10.0.0.6:8080';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let dumper: DatabaseDumper;
let apiId: string;
let linkId: string;

beforeAll(async () => {
  cp = await startTestControlPlane({ adminRequestsPerSecond: 1_000_000 });
  client = v2Client(cp);
  dumper = await openDatabaseDumper(cp.database.url);
  apiId = (await client.send(new CreateApiCommand({ Name: 'private', ProtocolType: 'HTTP' }))).ApiId!;
});
afterAll(async () => {
  client?.destroy();
  await dumper?.close();
  await cp?.close();
});

const arnOf = (id: string) => `arn:aws:apigateway:us-east-1::/vpclinks/${id}`;

describe('/v2/vpclinks', () => {
  it('creates a link PENDING (201, V2), then AVAILABLE; lists, renames and reads it as AWS shapes it', async () => {
    const created = await client.send(
      new CreateVpcLinkCommand({ Name: 'orders', SubnetIds: ['subnet-aaaa1111', 'subnet-bbbb2222'], SecurityGroupIds: ['sg-1234'], Tags: { 'portico:targets': TARGETS, team: 'orders' } }),
    );
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      Name: 'orders',
      SubnetIds: ['subnet-aaaa1111', 'subnet-bbbb2222'],
      SecurityGroupIds: ['sg-1234'],
      Tags: { 'portico:targets': TARGETS, team: 'orders' },
      VpcLinkStatus: 'PENDING',
      VpcLinkStatusMessage: 'VPC link is provisioning ENIs',
      VpcLinkVersion: 'V2',
    });
    expect(created.CreatedDate).toBeInstanceOf(Date);
    linkId = created.VpcLinkId!;
    expect(linkId).toMatch(/^[a-z0-9]{6}$/);
    expect(await client.send(new GetVpcLinkCommand({ VpcLinkId: linkId }))).toMatchObject({ VpcLinkId: linkId, VpcLinkStatus: 'AVAILABLE', VpcLinkStatusMessage: 'VPC link is ready to route traffic' });
    const raw = await cp.request('GET', `/v2/vpclinks/${linkId}`);
    expect(raw.json()).toMatchObject({ vpcLinkId: linkId, createdDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/), vpcLinkVersion: 'V2' });
    const renamed = await client.send(new UpdateVpcLinkCommand({ VpcLinkId: linkId, Name: 'orders-v2' }));
    expect(renamed).toMatchObject({ VpcLinkId: linkId, Name: 'orders-v2', SubnetIds: ['subnet-aaaa1111', 'subnet-bbbb2222'], VpcLinkStatus: 'AVAILABLE' });
    expect((await client.send(new GetVpcLinksCommand({}))).Items?.map((l) => l.VpcLinkId)).toEqual([linkId]);
  });

  it('is FAILED, saying why, while portico:targets lists no target, and follows TagResource/UntagResource', async () => {
    const bare = await client.send(new CreateVpcLinkCommand({ Name: 'bare', SubnetIds: ['subnet-cccc3333'] }));
    const id = bare.VpcLinkId!;
    expect(await client.send(new GetVpcLinkCommand({ VpcLinkId: id }))).toMatchObject({ VpcLinkStatus: 'FAILED', VpcLinkStatusMessage: expect.stringContaining('portico:targets'), SecurityGroupIds: [], Tags: {} });
    await client.send(new TagResourceCommand({ ResourceArn: arnOf(id), Tags: { 'portico:targets': '10.0.0.7:80' } }));
    expect(await client.send(new GetVpcLinkCommand({ VpcLinkId: id }))).toMatchObject({ VpcLinkStatus: 'AVAILABLE', Tags: { 'portico:targets': '10.0.0.7:80' } });
    expect((await client.send(new GetTagsCommand({ ResourceArn: arnOf(id) }))).Tags).toEqual({ 'portico:targets': '10.0.0.7:80' });
    await client.send(new TagResourceCommand({ ResourceArn: arnOf(id), Tags: { 'portico:targets': 'not a target' } }));
    expect(await client.send(new GetVpcLinkCommand({ VpcLinkId: id }))).toMatchObject({ VpcLinkStatus: 'FAILED', VpcLinkStatusMessage: expect.stringContaining('"not"') });
    await client.send(new UntagResourceCommand({ ResourceArn: arnOf(id), TagKeys: ['portico:targets'] }));
    expect((await client.send(new GetVpcLinkCommand({ VpcLinkId: id }))).VpcLinkStatus).toBe('FAILED');
    const deleted = await client.send(new DeleteVpcLinkCommand({ VpcLinkId: id }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    expect(await failure(client.send(new GetVpcLinkCommand({ VpcLinkId: id })))).toMatchObject({ name: 'NotFoundException', status: 404, message: `Invalid VpcLink identifier specified 000000000000:${id}` });
  });

  it('refuses bad input with BadRequestException and changes nothing', async () => {
    const before = await dumper.dump();
    const create = (input: Record<string, unknown>) => failure(client.send(new CreateVpcLinkCommand(input as never)));
    expect(await create({ SubnetIds: ['subnet-1'] })).toMatchObject({ name: 'BadRequestException', message: 'name is required' });
    expect(await create({ Name: 'x' })).toMatchObject({ name: 'BadRequestException', message: 'subnetIds is required' });
    expect(await create({ Name: 'x', SubnetIds: [] })).toMatchObject({ name: 'BadRequestException' });
    expect(await create({ Name: 'x', SubnetIds: ['vpc-123'] })).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('vpc-123') });
    expect(await create({ Name: 'x', SubnetIds: ['subnet-1'], SecurityGroupIds: ['group'] })).toMatchObject({ name: 'BadRequestException' });
    expect(await create({ Name: 'x'.repeat(129), SubnetIds: ['subnet-1'] })).toMatchObject({ name: 'BadRequestException' });
    expect(await create({ Name: 'x', SubnetIds: Array.from({ length: 11 }, (_, i) => `subnet-${i}`) })).toMatchObject({ name: 'BadRequestException' });
    expect(await create({ Name: 'x', SubnetIds: ['subnet-1'], Tags: { 'aws:reserved': 'x' } })).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new UpdateVpcLinkCommand({ VpcLinkId: linkId, Name: '' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new UpdateVpcLinkCommand({ VpcLinkId: 'nope00', Name: 'x' })))).toMatchObject({ name: 'NotFoundException' });
    expect(await failure(client.send(new DeleteVpcLinkCommand({ VpcLinkId: 'nope00' })))).toMatchObject({ name: 'NotFoundException' });
    expect((await cp.request('POST', '/v2/vpclinks', { body: '{"name":1,"subnetIds":["subnet-1"]}', headers: { 'content-type': 'application/json' } })).status).toBe(400);
    expect(await dumper.dump()).toEqual(before);
  });

  it('never answers 5xx to hostile bodies, and a refused write changes nothing', async () => {
    const hostile: fc.Arbitrary<unknown> = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.constantFrom('', 'subnet-1', 'sg-1', 'x'.repeat(3000), 'a\u0000b'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant('subnet-abc')), { maxLength: 12 }),
      fc.dictionary(fc.string({ maxLength: 10 }), fc.oneof(fc.string({ maxLength: 10 }), fc.integer()), { maxKeys: 3 }),
    );
    const body = fc.record({ name: hostile, subnetIds: hostile, securityGroupIds: hostile, tags: hostile }, { requiredKeys: [] }).map((b) => JSON.stringify(b));
    const requests = fc.oneof(
      fc.record({ method: fc.constant('POST'), path: fc.constant('/v2/vpclinks'), body: fc.oneof(body, fc.constantFrom('{', '[]', 'null')) }),
      fc.record({ method: fc.constant('PATCH'), path: fc.constantFrom(`/v2/vpclinks/${linkId}`, '/v2/vpclinks/nope00', '/v2/vpclinks/%00'), body: fc.oneof(body, fc.constantFrom('{}', '[]')) }),
      fc.record({ method: fc.constantFrom('GET', 'DELETE'), path: fc.constantFrom('/v2/vpclinks/nope00', '/v2/vpclinks/%00', '/v2/vpclinks?maxResults=0', '/v2/vpclinks?nextToken=%%'), body: fc.constant('') }),
    );
    let refusedWrites = 0;
    await fc.assert(
      fc.asyncProperty(requests, async ({ method, path, body }) => {
        const before = method === 'GET' ? undefined : await dumper.dump();
        const res = await cp.request(method, path, { body: body === '' ? undefined : body, headers: { 'content-type': 'application/json' } });
        expect(res.status).toBeLessThan(500);
        if (res.status >= 400) {
          expect(res.headers.get('x-amzn-errortype')).toMatch(/^[A-Za-z]+Exception$/);
          if (before) {
            refusedWrites++;
            expect(await dumper.dump()).toEqual(before);
          }
        }
      }),
      { seed: 20261202, numRuns: 120 },
    );
    expect(refusedWrites).toBeGreaterThan(40);
    // The hostile creates that were valid are removed, so that the next cases see the one fixture link.
    for (const link of (await client.send(new GetVpcLinksCommand({}))).Items ?? []) if (link.VpcLinkId !== linkId) await client.send(new DeleteVpcLinkCommand({ VpcLinkId: link.VpcLinkId }));
  });
});

describe('private integrations (connectionType VPC_LINK)', () => {
  const create = (input: Record<string, unknown>) =>
    client.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', ConnectionType: 'VPC_LINK', ...input }));

  it('checks connectionId and the integrationUri forms, and changes nothing when it refuses', async () => {
    const before = await dumper.dump();
    expect(await failure(create({ IntegrationUri: LISTENER_ARN }))).toMatchObject({ name: 'BadRequestException', message: 'connectionId must be set to a VpcLink id when connectionType is VPC_LINK' });
    expect(await failure(create({ IntegrationUri: LISTENER_ARN, ConnectionId: 'nope00' }))).toMatchObject({ name: 'BadRequestException', message: 'Invalid VPC link identifier specified' });
    expect(await failure(create({ IntegrationUri: 'http://orders.internal/', ConnectionId: linkId }))).toMatchObject({ name: 'BadRequestException', message: expect.stringContaining('listener') });
    expect(await failure(create({ IntegrationUri: 'arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/app/orders/50dc6c495c0c9188', ConnectionId: linkId }))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(create({ IntegrationType: 'AWS_PROXY', IntegrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:f', ConnectionId: linkId }))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(create({ ConnectionType: 'INTERNET', IntegrationUri: 'http://example.com', ConnectionId: linkId }))).toMatchObject({ name: 'BadRequestException', message: 'connectionId is supported only with connectionType VPC_LINK' });
    expect(await dumper.dump()).toEqual(before);
  });

  it('accepts a listener ARN or a Cloud Map service ARN through an existing link, and updates keep the checks', async () => {
    const alb = await create({ IntegrationUri: LISTENER_ARN, ConnectionId: linkId, TlsConfig: { ServerNameToVerify: 'orders.example.com' } });
    expect(alb).toMatchObject({ ConnectionType: 'VPC_LINK', ConnectionId: linkId, IntegrationUri: LISTENER_ARN, TlsConfig: { ServerNameToVerify: 'orders.example.com' } });
    const cloudMap = await create({ IntegrationUri: CLOUD_MAP_ARN, ConnectionId: linkId });
    expect(cloudMap).toMatchObject({ ConnectionType: 'VPC_LINK', IntegrationUri: CLOUD_MAP_ARN });
    expect(await failure(client.send(new UpdateIntegrationCommand({ ApiId: apiId, IntegrationId: cloudMap.IntegrationId, ConnectionId: 'nope00' })))).toMatchObject({ name: 'BadRequestException', message: 'Invalid VPC link identifier specified' });
    await client.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: cloudMap.IntegrationId }));

    // In use: DeleteVpcLink is refused in AWS's words, naming the integration's method and the route.
    const route = await client.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'ANY /orders/{proxy+}', Target: `integrations/${alb.IntegrationId}` }));
    const refusal = await failure(client.send(new DeleteVpcLinkCommand({ VpcLinkId: linkId })));
    expect(refusal).toMatchObject({ name: 'BadRequestException', message: `Cannot delete vpc link. Vpc link '${linkId}', is referenced in [ANY:${route.RouteId}] in format of [Method:Resource].` });
    await client.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId }));
    expect(await failure(client.send(new DeleteVpcLinkCommand({ VpcLinkId: linkId })))).toMatchObject({ message: `Cannot delete vpc link. Vpc link '${linkId}', is referenced in [ANY:${alb.IntegrationId}] in format of [Method:Resource].` });
    await client.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: alb.IntegrationId }));
    expect((await client.send(new DeleteVpcLinkCommand({ VpcLinkId: linkId }))).$metadata.httpStatusCode).toBe(202);
    expect((await client.send(new GetVpcLinksCommand({}))).Items).toEqual([]);
  });
});
