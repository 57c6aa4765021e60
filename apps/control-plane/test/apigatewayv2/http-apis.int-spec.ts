// apigatewayv2 control plane through the real @aws-sdk/client-apigatewayv2: APIs, quick create, CORS and tags.
import {
  CreateApiCommand,
  DeleteApiCommand,
  DeleteCorsConfigurationCommand,
  DeleteIntegrationCommand,
  GetApiCommand,
  GetApisCommand,
  GetDeploymentsCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, LAMBDA_ARN, v2Client } from './support.js';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let dumper: DatabaseDumper;

beforeAll(async () => {
  cp = await startTestControlPlane();
  client = v2Client(cp);
  dumper = await openDatabaseDumper(cp.database.url);
});
afterAll(async () => {
  client?.destroy();
  await dumper?.close();
  await cp?.close();
});

describe('APIs', () => {
  it('creates, reads, lists, updates partially and deletes an HTTP API', async () => {
    const created = await client.send(new CreateApiCommand({ Name: 'pets', ProtocolType: 'HTTP', Description: 'pet store', Version: '1', Tags: { team: 'a' } }));
    expect(created.$metadata.httpStatusCode).toBe(201);
    expect(created).toMatchObject({
      Name: 'pets',
      ProtocolType: 'HTTP',
      Description: 'pet store',
      RouteSelectionExpression: '$request.method $request.path',
      ApiKeySelectionExpression: '$request.header.x-api-key',
      DisableExecuteApiEndpoint: false,
      ApiEndpoint: `https://${created.ApiId}.execute-api.us-east-1.amazonaws.com`,
      Tags: { team: 'a' },
    });
    expect(created.ApiId).toMatch(/^[a-z0-9]{10}$/);
    expect(created.CreatedDate).toBeInstanceOf(Date);
    // ISO-8601 on the wire (the SDK parses it into the Date above).
    const raw = await cp.request('GET', `/v2/apis/${created.ApiId}`);
    expect((raw.json() as { createdDate: string }).createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

    const updated = await client.send(new UpdateApiCommand({ ApiId: created.ApiId, Name: 'pets-v2' }));
    expect(updated).toMatchObject({ Name: 'pets-v2', Description: 'pet store', Version: '1' });
    expect(await client.send(new GetApiCommand({ ApiId: created.ApiId }))).toMatchObject({ Name: 'pets-v2' });

    const second = await client.send(new CreateApiCommand({ Name: 'second', ProtocolType: 'HTTP', RouteSelectionExpression: '${request.method} ${request.path}' }));
    expect(second.RouteSelectionExpression).toBe('${request.method} ${request.path}');
    const page1 = await client.send(new GetApisCommand({ MaxResults: '1' }));
    expect(page1.Items).toHaveLength(1);
    expect(page1.NextToken).toBeDefined();
    const page2 = await client.send(new GetApisCommand({ MaxResults: '1', NextToken: page1.NextToken }));
    expect(page2.Items?.[0]?.ApiId).not.toBe(page1.Items?.[0]?.ApiId);

    const deleted = await client.send(new DeleteApiCommand({ ApiId: created.ApiId }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect(await failure(client.send(new GetApiCommand({ ApiId: created.ApiId })))).toEqual({
      name: 'NotFoundException',
      message: `Invalid API identifier specified 000000000000:${created.ApiId}`,
      status: 404,
    });
  });

  it('refuses a WebSocket API without route selection, a missing name and a REST-style route selection, changing nothing', async () => {
    const before = await dumper.dump();
    expect(await failure(client.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET' })))).toMatchObject({
      name: 'BadRequestException',
      message: 'RouteSelectionExpression is required for WEBSOCKET protocol',
      status: 400,
    });
    const unnamed = await cp.request('POST', '/v2/apis', { body: JSON.stringify({ protocolType: 'HTTP' }) });
    expect([unnamed.status, unnamed.headers.get('x-amzn-errortype'), unnamed.json()]).toEqual([400, 'BadRequestException', { message: 'name is required' }]);
    expect(await failure(client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', RouteSelectionExpression: '$request.body.action' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new CreateApiCommand({ Name: 'x', ProtocolType: 'HTTP', Target: 'not a target' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await dumper.dump()).toEqual(before);
  });

  it('keeps a CORS configuration, refuses * with credentials, and deletes it', async () => {
    const api = await client.send(
      new CreateApiCommand({
        Name: 'cors',
        ProtocolType: 'HTTP',
        CorsConfiguration: { AllowOrigins: ['https://www.example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], MaxAge: 300, AllowCredentials: true },
      }),
    );
    expect(api.CorsConfiguration).toEqual({ AllowOrigins: ['https://www.example.com'], AllowMethods: ['GET', 'POST'], AllowHeaders: ['content-type'], MaxAge: 300, AllowCredentials: true });
    expect(await failure(client.send(new UpdateApiCommand({ ApiId: api.ApiId, CorsConfiguration: { AllowOrigins: ['*'], AllowCredentials: true } })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new UpdateApiCommand({ ApiId: api.ApiId, CorsConfiguration: { MaxAge: 86_401 } })))).toMatchObject({ name: 'BadRequestException' });
    const removed = await client.send(new DeleteCorsConfigurationCommand({ ApiId: api.ApiId }));
    expect(removed.$metadata.httpStatusCode).toBe(204);
    expect((await client.send(new GetApiCommand({ ApiId: api.ApiId }))).CorsConfiguration).toBeUndefined();
  });
});

describe('quick create', () => {
  it('makes the managed integration, route and auto-deployed $default stage for a URL', async () => {
    const api = await client.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: 'https://backend.example.com', RouteKey: 'GET /pets' }));
    const [integrations, routes, stages, deployments] = await Promise.all([
      client.send(new GetIntegrationsCommand({ ApiId: api.ApiId })),
      client.send(new GetRoutesCommand({ ApiId: api.ApiId })),
      client.send(new GetStagesCommand({ ApiId: api.ApiId })),
      client.send(new GetDeploymentsCommand({ ApiId: api.ApiId })),
    ]);
    expect(integrations.Items).toEqual([
      expect.objectContaining({ ApiGatewayManaged: true, IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', IntegrationUri: 'https://backend.example.com', PayloadFormatVersion: '1.0', TimeoutInMillis: 30_000, ConnectionType: 'INTERNET' }),
    ]);
    const integrationId = integrations.Items![0]!.IntegrationId!;
    expect(routes.Items).toEqual([expect.objectContaining({ ApiGatewayManaged: true, RouteKey: 'GET /pets', Target: `integrations/${integrationId}`, AuthorizationType: 'NONE' })]);
    expect(deployments.Items).toEqual([expect.objectContaining({ AutoDeployed: true, DeploymentStatus: 'DEPLOYED' })]);
    expect(stages.Items).toEqual([expect.objectContaining({ StageName: '$default', AutoDeploy: true, ApiGatewayManaged: true, DeploymentId: deployments.Items![0]!.DeploymentId })]);

    // Managed resources: the integration is not deletable, the route key is fixed, the stage is not modifiable.
    expect(await failure(client.send(new DeleteIntegrationCommand({ ApiId: api.ApiId, IntegrationId: integrationId })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new UpdateRouteCommand({ ApiId: api.ApiId, RouteId: routes.Items![0]!.RouteId, RouteKey: 'GET /cats' })))).toMatchObject({ name: 'BadRequestException' });
    expect(await failure(client.send(new UpdateStageCommand({ ApiId: api.ApiId, StageName: '$default', Description: 'x' })))).toMatchObject({ name: 'BadRequestException' });

    // UpdateApi's target and routeKey rewrite the managed pair, and the auto-deploy stage follows.
    await client.send(new UpdateApiCommand({ ApiId: api.ApiId, Target: LAMBDA_ARN, RouteKey: 'ANY /{proxy+}' }));
    expect((await client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items).toEqual([
      expect.objectContaining({ IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA_ARN, PayloadFormatVersion: '2.0', IntegrationMethod: 'POST' }),
    ]);
    expect((await client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items).toEqual([expect.objectContaining({ RouteKey: 'ANY /{proxy+}' })]);
    expect((await client.send(new GetDeploymentsCommand({ ApiId: api.ApiId }))).Items).toHaveLength(2);
  });

  it('defaults the route to $default and uses AWS_PROXY 2.0 for a Lambda target', async () => {
    const api = await client.send(new CreateApiCommand({ Name: 'quick-lambda', ProtocolType: 'HTTP', Target: LAMBDA_ARN }));
    expect((await client.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items).toEqual([expect.objectContaining({ RouteKey: '$default' })]);
    expect((await client.send(new GetIntegrationsCommand({ ApiId: api.ApiId }))).Items).toEqual([expect.objectContaining({ IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' })]);
  });
});

describe('tags', () => {
  it('tags and untags APIs and stages by ARN', async () => {
    const api = await client.send(new CreateApiCommand({ Name: 'tagged', ProtocolType: 'HTTP', Target: 'https://b.example.com', Tags: { a: '1' } }));
    const apiArn = `arn:aws:apigateway:us-east-1::/apis/${api.ApiId}`;
    const tagged = await client.send(new TagResourceCommand({ ResourceArn: apiArn, Tags: { b: '2' } }));
    expect(tagged.$metadata.httpStatusCode).toBe(201);
    expect((await client.send(new GetTagsCommand({ ResourceArn: apiArn }))).Tags).toEqual({ a: '1', b: '2' });
    await client.send(new UntagResourceCommand({ ResourceArn: apiArn, TagKeys: ['a'] }));
    expect((await client.send(new GetApiCommand({ ApiId: api.ApiId }))).Tags).toEqual({ b: '2' });

    const stageArn = `${apiArn}/stages/$default`;
    await client.send(new TagResourceCommand({ ResourceArn: stageArn, Tags: { stage: 'yes' } }));
    expect((await client.send(new GetTagsCommand({ ResourceArn: stageArn }))).Tags).toEqual({ stage: 'yes' });
    expect(await failure(client.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nosuchapi0' })))).toMatchObject({ name: 'NotFoundException', status: 404 });
    expect(await failure(client.send(new GetTagsCommand({ ResourceArn: 'arn:aws:s3:::bucket' })))).toMatchObject({ name: 'BadRequestException' });
  });
});
