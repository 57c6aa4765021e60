// The AWS CLI (`aws apigatewayv2 … --protocol-type WEBSOCKET`) against the /v2 control plane: a WebSocket API built
// route by route and deployed, as AWS's WebSocket guide does it with the CLI. Skipped, with a message, where no
// `aws` executable is on the PATH.
import { awsCli, describeWithAwsCli } from '@portico/testing-aws-cli';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

let cp: TestControlPlane;
const aws = awsCli({ endpoint: () => cp.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: TEST_REGION });

describeWithAwsCli('aws apigatewayv2 (WebSocket)', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('creates a WebSocket API, its routes, integrations, responses, model, authorizer, stage and deployment', async () => {
    const api = await aws.json('apigatewayv2', 'create-api', '--name', 'cli-chat', '--protocol-type', 'WEBSOCKET', '--route-selection-expression', '$request.body.action');
    expect(api).toMatchObject({ Name: 'cli-chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action', ApiKeySelectionExpression: '$request.header.x-api-key' });
    const apiId = api.ApiId as string;
    const proxy = await aws.json('apigatewayv2', 'create-integration', '--api-id', apiId, '--integration-type', 'AWS_PROXY', '--integration-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:chat/invocations');
    expect(proxy).toMatchObject({ IntegrationType: 'AWS_PROXY', PassthroughBehavior: 'WHEN_NO_MATCH', TimeoutInMillis: 29000, ConnectionType: 'INTERNET' });
    const mock = await aws.json('apigatewayv2', 'create-integration', '--api-id', apiId, '--integration-type', 'MOCK', '--request-templates', '{"$default":"{\\"statusCode\\":200}"}', '--template-selection-expression', '\\$default');
    expect(mock).toMatchObject({ IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode":200}' }, IntegrationResponseSelectionExpression: '${integration.response.statuscode}' });
    const integrationResponse = await aws.json('apigatewayv2', 'create-integration-response', '--api-id', apiId, '--integration-id', mock.IntegrationId as string, '--integration-response-key', '$default', '--response-templates', '{"$default":"{\\"pong\\":true}"}');
    expect(integrationResponse).toMatchObject({ IntegrationResponseKey: '$default' });
    expect(await aws.json('apigatewayv2', 'get-integration-responses', '--api-id', apiId, '--integration-id', mock.IntegrationId as string)).toMatchObject({ Items: [{ IntegrationResponseKey: '$default' }] });

    const authorizer = await aws.json(
      'apigatewayv2', 'create-authorizer', '--api-id', apiId, '--name', 'tokens', '--authorizer-type', 'REQUEST', '--identity-source', 'route.request.querystring.token',
      '--authorizer-uri', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorize/invocations',
    );
    expect(authorizer).toMatchObject({ AuthorizerType: 'REQUEST', IdentitySource: ['route.request.querystring.token'] });
    const connect = await aws.json('apigatewayv2', 'create-route', '--api-id', apiId, '--route-key', '$connect', '--authorization-type', 'CUSTOM', '--authorizer-id', authorizer.AuthorizerId as string, '--target', `integrations/${proxy.IntegrationId as string}`);
    expect(connect).toMatchObject({ RouteKey: '$connect', AuthorizationType: 'CUSTOM', ApiKeyRequired: false });
    await aws.json('apigatewayv2', 'create-model', '--api-id', apiId, '--name', 'Ping', '--content-type', 'application/json', '--schema', '{"$schema":"http://json-schema.org/draft-04/schema#","type":"object"}');
    const ping = await aws.json(
      'apigatewayv2', 'create-route', '--api-id', apiId, '--route-key', 'ping', '--target', `integrations/${mock.IntegrationId as string}`, '--route-response-selection-expression', '$default',
      '--request-models', '{"$default":"Ping"}', '--model-selection-expression', '$request.body.kind',
    );
    expect(ping).toMatchObject({ RouteKey: 'ping', RouteResponseSelectionExpression: '$default', RequestModels: { $default: 'Ping' } });
    const routeResponse = await aws.json('apigatewayv2', 'create-route-response', '--api-id', apiId, '--route-id', ping.RouteId as string, '--route-response-key', '$default');
    expect(routeResponse).toMatchObject({ RouteResponseKey: '$default' });
    expect(await aws.json('apigatewayv2', 'get-models', '--api-id', apiId)).toMatchObject({ Items: [{ Name: 'Ping', ContentType: 'application/json' }] });

    await aws.json('apigatewayv2', 'create-stage', '--api-id', apiId, '--stage-name', 'prod', '--route-settings', '{"ping":{"LoggingLevel":"INFO","DataTraceEnabled":true}}');
    const deployment = await aws.json('apigatewayv2', 'create-deployment', '--api-id', apiId, '--stage-name', 'prod');
    expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED' });
    expect(await aws.json('apigatewayv2', 'get-stage', '--api-id', apiId, '--stage-name', 'prod')).toMatchObject({ DeploymentId: deployment.DeploymentId, RouteSettings: { ping: { LoggingLevel: 'INFO', DataTraceEnabled: true } } });

    expect(await aws.result('apigatewayv2', 'create-route-response', '--api-id', apiId, '--route-id', ping.RouteId as string, '--route-response-key', 'other')).toEqual({
      ok: false,
      stderr: expect.stringContaining('An error occurred (BadRequestException) when calling the CreateRouteResponse operation: Invalid routeResponseKey specified: other. Only $default is supported'),
    });
    expect(await aws.result('apigatewayv2', 'create-authorizer', '--api-id', apiId, '--name', 'jwt', '--authorizer-type', 'JWT', '--identity-source', '$request.header.Authorization', '--jwt-configuration', 'Issuer=https://idp.example')).toEqual({
      ok: false,
      stderr: expect.stringContaining('(BadRequestException) when calling the CreateAuthorizer operation: JWT authorizers are supported only for HTTP APIs'),
    });
    expect(await aws.json('apigatewayv2', 'delete-api', '--api-id', apiId)).toEqual({});
  });
});
