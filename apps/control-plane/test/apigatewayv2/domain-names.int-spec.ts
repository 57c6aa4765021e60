// apigatewayv2 custom domain names and API mappings through the real @aws-sdk/client-apigatewayv2, on the store
// REST's domain names and base path mappings use (read back through the real @aws-sdk/client-api-gateway): shapes,
// AWS's mapping rules (REGIONAL only, multi-level keys and HTTP APIs need TLS_1_2, WebSocket APIs alone on a
// domain, one key per domain), bad input that changes nothing, and the mappings in the config document.
import { CreateBasePathMappingCommand, CreateDeploymentCommand as CreateRestDeploymentCommand, CreateDomainNameCommand as CreateRestDomainNameCommand, GetBasePathMappingsCommand, GetDomainNameCommand as GetRestDomainNameCommand } from '@aws-sdk/client-api-gateway';
import {
  CreateApiCommand,
  CreateApiMappingCommand,
  CreateDomainNameCommand,
  CreateStageCommand,
  DeleteApiMappingCommand,
  DeleteDomainNameCommand,
  GetApiMappingCommand,
  GetApiMappingsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiMappingCommand,
  UpdateDomainNameCommand,
  type ApiGatewayV2Client,
} from '@aws-sdk/client-apigatewayv2';
import { configAcceptHeader, configDocumentV2Schema } from '@portico/contracts';
import { openDatabaseDumper, type DatabaseDumper } from '../support/database-dump.js';
import { createMockApi, startTestControlPlane, type TestControlPlane } from '../support/test-control-plane.js';
import { failure, v2Client } from './support.js';

const TOKEN = 'portico-test-data-plane-token';
const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const ONLY_REGIONAL = 'Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE domain names, please use the API Gateway V1 API. Also note that only REST APIs can be attached to EDGE domain names.';

let cp: TestControlPlane;
let client: ApiGatewayV2Client;
let dumper: DatabaseDumper;
let httpApiId: string;
let websocketApiId: string;
let restApiId: string;

beforeAll(async () => {
  cp = await startTestControlPlane({ dataPlaneToken: TOKEN });
  client = v2Client(cp);
  dumper = await openDatabaseDumper(cp.database.url);
  httpApiId = (await client.send(new CreateApiCommand({ Name: 'orders', ProtocolType: 'HTTP' }))).ApiId!;
  await client.send(new CreateStageCommand({ ApiId: httpApiId, StageName: '$default' }));
  websocketApiId = (await client.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
  await client.send(new CreateStageCommand({ ApiId: websocketApiId, StageName: 'live' }));
  restApiId = (await createMockApi(cp.client, 'legacy')).apiId;
  await cp.client.send(new CreateRestDeploymentCommand({ restApiId, stageName: 'prod' }));
});
afterAll(async () => {
  client?.destroy();
  await dumper?.close();
  await cp?.close();
});

/** The request fails with `name` (and `message` when given), and the database is exactly as before. */
async function refusedUnchanged(send: () => Promise<unknown>, name: string, message?: string | RegExp): Promise<void> {
  const before = await dumper.dump();
  const error = await failure(send());
  expect(error.name).toBe(name);
  if (message !== undefined) expect(error.message).toEqual(typeof message === 'string' ? message : expect.stringMatching(message));
  expect(await dumper.dump()).toEqual(before);
}

describe('apigatewayv2 domain names', () => {
  it('creates a REGIONAL domain name in AWS shape, visible to the REST API too', async () => {
    const created = await client.send(
      new CreateDomainNameCommand({
        DomainName: 'API.example.test',
        DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }],
        MutualTlsAuthentication: { TruststoreUri: 's3://truststores/api.pem', TruststoreVersion: '1' },
        Tags: { team: 'orders' },
      }),
    );
    expect(created).toMatchObject({
      DomainName: 'api.example.test',
      DomainNameArn: 'arn:aws:apigateway:us-east-1::/domainnames/api.example.test',
      ApiMappingSelectionExpression: '$request.basepath',
      MutualTlsAuthentication: { TruststoreUri: 's3://truststores/api.pem', TruststoreVersion: '1' },
      Tags: { team: 'orders' },
    });
    expect(created.DomainNameConfigurations).toHaveLength(1);
    expect(created.DomainNameConfigurations![0]).toMatchObject({ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2', DomainNameStatus: 'AVAILABLE', HostedZoneId: 'Z1UJRXOUMOOFQ8' });
    expect(created.DomainNameConfigurations![0]!.ApiGatewayDomainName).toMatch(/^d-[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com$/);
    expect(created.DomainNameConfigurations![0]!.CertificateUploadDate).toBeInstanceOf(Date);
    expect(await client.send(new GetDomainNameCommand({ DomainName: 'api.example.test' }))).toMatchObject({ DomainName: 'api.example.test', Tags: { team: 'orders' } });

    const rest = await cp.client.send(new GetRestDomainNameCommand({ domainName: 'api.example.test' }));
    expect(rest).toMatchObject({ domainName: 'api.example.test', regionalCertificateArn: CERTIFICATE, endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_2' });
    expect(rest.regionalDomainName).toBe(created.DomainNameConfigurations![0]!.ApiGatewayDomainName);
  });

  it('lists domains created through either API; EDGE ones are read-only here', async () => {
    await cp.client.send(new CreateRestDomainNameCommand({ domainName: 'edge.example.test', certificateArn: CERTIFICATE }));
    await cp.client.send(new CreateRestDomainNameCommand({ domainName: 'legacy.example.test', regionalCertificateArn: CERTIFICATE, endpointConfiguration: { types: ['REGIONAL'] }, securityPolicy: 'TLS_1_0' }));
    const listed = await client.send(new GetDomainNamesCommand({}));
    expect(listed.Items!.map((d) => [d.DomainName, d.DomainNameConfigurations![0]!.EndpointType, d.DomainNameConfigurations![0]!.SecurityPolicy])).toEqual([
      ['api.example.test', 'REGIONAL', 'TLS_1_2'],
      ['edge.example.test', 'EDGE', 'TLS_1_2'],
      ['legacy.example.test', 'REGIONAL', 'TLS_1_0'],
    ]);
    expect(listed.Items![1]!.DomainNameConfigurations![0]).toMatchObject({ CertificateArn: CERTIFICATE, HostedZoneId: 'Z2FDTNDATAQYW2' });
    const page = await client.send(new GetDomainNamesCommand({ MaxResults: '2' }));
    expect(page.Items).toHaveLength(2);
    expect((await client.send(new GetDomainNamesCommand({ NextToken: page.NextToken }))).Items!.map((d) => d.DomainName)).toEqual(['legacy.example.test']);
    await refusedUnchanged(() => client.send(new UpdateDomainNameCommand({ DomainName: 'edge.example.test', DomainNameConfigurations: [{ CertificateArn: CERTIFICATE }] })), 'BadRequestException', ONLY_REGIONAL);
  });

  it('updates the configuration and removes mutual TLS with an empty truststore URI', async () => {
    const other = 'arn:aws:acm:us-east-1:000000000000:certificate/11111111-2222-3333-4444-555555555555';
    const updated = await client.send(new UpdateDomainNameCommand({ DomainName: 'api.example.test', DomainNameConfigurations: [{ CertificateArn: other, EndpointType: 'REGIONAL', SecurityPolicy: 'TLS_1_2' }] }));
    expect(updated.DomainNameConfigurations![0]!.CertificateArn).toBe(other);
    expect(updated.MutualTlsAuthentication).toMatchObject({ TruststoreUri: 's3://truststores/api.pem' });
    const cleared = await client.send(new UpdateDomainNameCommand({ DomainName: 'api.example.test', MutualTlsAuthentication: { TruststoreUri: '' } }));
    expect(cleared.MutualTlsAuthentication).toBeUndefined();
    expect(cleared.DomainNameConfigurations![0]!.CertificateArn).toBe(other);
  });

  it('tags a domain name by its ARN (TagResource, GetTags, UntagResource), as Terraform updates them', async () => {
    const arn = 'arn:aws:apigateway:us-east-1::/domainnames/api.example.test';
    await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'test' } }));
    expect((await client.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ team: 'orders', env: 'test' });
    await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['team'] }));
    expect((await client.send(new GetDomainNameCommand({ DomainName: 'api.example.test' }))).Tags).toEqual({ env: 'test' });
    await refusedUnchanged(() => client.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/domainnames/missing.example.test' })), 'NotFoundException', 'Invalid domain name identifier specified');
  });

  it('refuses bad input with AWS-shaped errors and changes nothing', async () => {
    const configuration = [{ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL' as const }];
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: undefined as unknown as string, DomainNameConfigurations: configuration })), 'BadRequestException', 'domainName is required');
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'bad_name!.test', DomainNameConfigurations: configuration })), 'BadRequestException', 'Invalid domain name specified: bad_name!.test');
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'none.example.test' })), 'BadRequestException', 'domainNameConfigurations is required');
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'edge2.example.test', DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, EndpointType: 'EDGE' }] })), 'BadRequestException', ONLY_REGIONAL);
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'nocert.example.test', DomainNameConfigurations: [{ EndpointType: 'REGIONAL' }] })), 'BadRequestException', /certificate is required/);
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'arn.example.test', DomainNameConfigurations: [{ CertificateArn: 'not-an-arn' }] })), 'BadRequestException', 'Invalid certificateArn specified: not-an-arn');
    await refusedUnchanged(
      () => client.send(new CreateDomainNameCommand({ DomainName: 'tls.example.test', DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, SecurityPolicy: 'SSL_3' as 'TLS_1_2' }] })),
      'BadRequestException',
      'Invalid securityPolicy specified: SSL_3. Valid values are TLS_1_0, TLS_1_2',
    );
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'two.example.test', DomainNameConfigurations: [...configuration, ...configuration] })), 'BadRequestException', /Exactly one domain name configuration/);
    await refusedUnchanged(
      () => client.send(new CreateDomainNameCommand({ DomainName: 'mtls.example.test', DomainNameConfigurations: configuration, MutualTlsAuthentication: { TruststoreUri: 'https://example.test/ca.pem' } })),
      'BadRequestException',
      /Invalid truststoreUri/,
    );
    await refusedUnchanged(() => client.send(new CreateDomainNameCommand({ DomainName: 'api.example.test', DomainNameConfigurations: configuration })), 'ConflictException', 'The domain name you provided already exists.');
    await refusedUnchanged(() => client.send(new GetDomainNameCommand({ DomainName: 'missing.example.test' })), 'NotFoundException', 'Invalid domain name identifier specified');
    await refusedUnchanged(() => client.send(new DeleteDomainNameCommand({ DomainName: 'missing.example.test' })), 'NotFoundException', 'Invalid domain name identifier specified');
    const raw = await cp.request('POST', '/v2/domainnames', { body: JSON.stringify({ domainName: 'x.example.test', domainNameConfigurations: 'nope' }), headers: { 'content-type': 'application/json' } });
    expect(raw.status).toBe(400);
  });
});

describe('apigatewayv2 API mappings', () => {
  let httpMappingId: string;

  it('maps HTTP and REST API stages on one domain, with multi-level keys, as base path mappings too', async () => {
    const http = await client.send(new CreateApiMappingCommand({ DomainName: 'api.example.test', ApiId: httpApiId, Stage: '$default', ApiMappingKey: 'orders/v1' }));
    expect(http).toEqual(expect.objectContaining({ ApiId: httpApiId, Stage: '$default', ApiMappingKey: 'orders/v1' }));
    expect(http.ApiMappingId).toMatch(/^[a-z0-9]{6}$/);
    httpMappingId = http.ApiMappingId!;
    const root = await client.send(new CreateApiMappingCommand({ DomainName: 'api.example.test', ApiId: restApiId, Stage: 'prod' }));
    expect(root).toMatchObject({ ApiId: restApiId, Stage: 'prod', ApiMappingKey: '' });
    // A base path mapping made through the REST API is an API mapping too.
    await cp.client.send(new CreateBasePathMappingCommand({ domainName: 'api.example.test', basePath: 'legacy', restApiId, stage: 'prod' }));
    const mappings = await client.send(new GetApiMappingsCommand({ DomainName: 'api.example.test' }));
    expect(mappings.Items!.map((m) => [m.ApiMappingKey, m.ApiId, m.Stage])).toEqual([
      ['', restApiId, 'prod'],
      ['legacy', restApiId, 'prod'],
      ['orders/v1', httpApiId, '$default'],
    ]);
    expect(mappings.Items!.every((m) => /^[a-z0-9]{6}$/.test(m.ApiMappingId!))).toBe(true);
    const basePaths = await cp.client.send(new GetBasePathMappingsCommand({ domainName: 'api.example.test' }));
    expect(basePaths.items!.map((m) => [m.basePath, m.restApiId, m.stage])).toEqual([
      ['(none)', restApiId, 'prod'],
      ['legacy', restApiId, 'prod'],
      ['orders/v1', httpApiId, '$default'],
    ]);
    expect(await client.send(new GetApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: httpMappingId }))).toMatchObject({ ApiMappingKey: 'orders/v1', ApiId: httpApiId });
  });

  it("keeps WebSocket APIs on their own domains and single-level keys, HTTP APIs on TLS_1_2, as AWS's rules say", async () => {
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ DomainName: 'api.example.test', ApiId: websocketApiId, Stage: 'live', ApiMappingKey: 'chat' })), 'BadRequestException', /WebSocket APIs can't be mapped to the same custom domain name/);
    await client.send(new CreateDomainNameCommand({ DomainName: 'ws.example.test', DomainNameConfigurations: [{ CertificateArn: CERTIFICATE }] }));
    const ws = await client.send(new CreateApiMappingCommand({ DomainName: 'ws.example.test', ApiId: websocketApiId, Stage: 'live', ApiMappingKey: 'chat' }));
    expect(ws).toMatchObject({ ApiId: websocketApiId, ApiMappingKey: 'chat', Stage: 'live' });
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ DomainName: 'ws.example.test', ApiId: websocketApiId, Stage: 'live', ApiMappingKey: 'a/b' })), 'BadRequestException', /Invalid API mapping key specified: a\/b/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ DomainName: 'ws.example.test', ApiId: httpApiId, Stage: '$default', ApiMappingKey: 'http' })), 'BadRequestException', /WebSocket APIs can't be mapped/);
    await refusedUnchanged(() => cp.client.send(new CreateBasePathMappingCommand({ domainName: 'ws.example.test', basePath: 'rest', restApiId, stage: 'prod' })), 'BadRequestException', /WebSocket APIs can't be mapped/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ DomainName: 'legacy.example.test', ApiId: httpApiId, Stage: '$default' })), 'BadRequestException', 'HTTP APIs can only be mapped to a REGIONAL domain name with the TLS_1_2 security policy');
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ DomainName: 'legacy.example.test', ApiId: restApiId, Stage: 'prod', ApiMappingKey: 'a/b' })), 'BadRequestException', /Multi-level API mappings require/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ DomainName: 'edge.example.test', ApiId: restApiId, Stage: 'prod' })), 'BadRequestException', ONLY_REGIONAL);
    await refusedUnchanged(() => client.send(new UpdateDomainNameCommand({ DomainName: 'api.example.test', DomainNameConfigurations: [{ CertificateArn: CERTIFICATE, SecurityPolicy: 'TLS_1_0' }] })), 'BadRequestException', /Multi-level API mappings require/);
  });

  it('refuses bad mappings with AWS-shaped errors and changes nothing', async () => {
    const mapping = { DomainName: 'api.example.test', ApiId: httpApiId, Stage: '$default' };
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, ApiMappingKey: 'orders/v1' })), 'ConflictException', /'orders\/v1' already exists/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, ApiMappingKey: '' })), 'ConflictException', /'\(none\)' already exists/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, ApiMappingKey: 'bad key' })), 'BadRequestException', /Invalid API mapping key specified: bad key/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, ApiMappingKey: 'a//b' })), 'BadRequestException', /Invalid API mapping key/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, ApiMappingKey: 'x'.repeat(301) })), 'BadRequestException', /at most 300 characters/);
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, ApiId: 'nope000000', ApiMappingKey: 'n' })), 'NotFoundException', 'Invalid API identifier specified 000000000000:nope000000');
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, Stage: 'prod', ApiMappingKey: 'n' })), 'NotFoundException', 'Invalid stage identifier specified 000000000000:prod');
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, Stage: undefined as unknown as string, ApiMappingKey: 'n' })), 'BadRequestException', 'stage is required');
    await refusedUnchanged(() => client.send(new CreateApiMappingCommand({ ...mapping, DomainName: 'missing.example.test' })), 'NotFoundException', 'Invalid domain name identifier specified');
    await refusedUnchanged(() => client.send(new GetApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: 'zzzzzz' })), 'NotFoundException', 'Invalid ApiMapping identifier specified 000000000000:zzzzzz');
    // A mapping id belongs to its domain.
    await refusedUnchanged(() => client.send(new GetApiMappingCommand({ DomainName: 'ws.example.test', ApiMappingId: httpMappingId })), 'NotFoundException');
    await refusedUnchanged(() => client.send(new UpdateApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: httpMappingId, ApiId: httpApiId, ApiMappingKey: 'legacy' })), 'ConflictException');
  });

  it('updates and deletes a mapping; deleting the domain deletes its mappings; the config document carries them', async () => {
    const updated = await client.send(new UpdateApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: httpMappingId, ApiId: httpApiId, ApiMappingKey: 'orders/v2' }));
    expect(updated).toMatchObject({ ApiMappingId: httpMappingId, ApiMappingKey: 'orders/v2', Stage: '$default' });

    const response = await fetch(`${cp.url}/internal/config`, { headers: { authorization: `Bearer ${TOKEN}`, accept: configAcceptHeader() } });
    const document = configDocumentV2Schema.parse(await response.json());
    expect(document.domainNames).toEqual(
      expect.arrayContaining([
        { domainName: 'api.example.test', mappings: [{ basePath: '', apiId: restApiId, stage: 'prod' }, { basePath: 'legacy', apiId: restApiId, stage: 'prod' }, { basePath: 'orders/v2', apiId: httpApiId, stage: '$default' }] },
        { domainName: 'ws.example.test', mappings: [{ basePath: 'chat', apiId: websocketApiId, stage: 'live' }] },
      ]),
    );

    await client.send(new DeleteApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: httpMappingId }));
    await refusedUnchanged(() => client.send(new GetApiMappingCommand({ DomainName: 'api.example.test', ApiMappingId: httpMappingId })), 'NotFoundException');
    await client.send(new DeleteDomainNameCommand({ DomainName: 'api.example.test' }));
    await refusedUnchanged(() => client.send(new GetApiMappingsCommand({ DomainName: 'api.example.test' })), 'NotFoundException', 'Invalid domain name identifier specified');
    await refusedUnchanged(() => cp.client.send(new GetBasePathMappingsCommand({ domainName: 'api.example.test' })), 'NotFoundException');
  });
});
