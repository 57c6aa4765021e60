// The AWS CLI (`aws apigatewayv2` and `aws apigateway`) against the control plane: a custom domain made by either
// API family is listed by both `get-domain-names`, and an API mapping made with `create-api-mapping` is a base path
// mapping to `get-base-path-mappings`. Skipped, with a message, where no `aws` executable is on the PATH.
import { awsCli, describeWithAwsCli } from '@portico/testing-aws-cli';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

let cp: TestControlPlane;

const aws = awsCli({ endpoint: () => cp.url, credentials: { accessKeyId: TEST_ACCESS_KEY_ID, secretAccessKey: TEST_SECRET_ACCESS_KEY }, region: TEST_REGION });

describeWithAwsCli('aws apigatewayv2 / apigateway: custom domains', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('lists a domain made by either API in both get-domain-names', async () => {
    const created = await aws.json('apigatewayv2', 'create-domain-name', '--domain-name', 'cli.example.test', '--domain-name-configurations', `CertificateArn=${CERTIFICATE},EndpointType=REGIONAL,SecurityPolicy=TLS_1_2`);
    expect(created).toMatchObject({ DomainName: 'cli.example.test', DomainNameConfigurations: [{ EndpointType: 'REGIONAL', DomainNameStatus: 'AVAILABLE', CertificateArn: CERTIFICATE }] });
    await aws.json('apigateway', 'create-domain-name', '--domain-name', 'legacy.example.test', '--regional-certificate-arn', CERTIFICATE, '--endpoint-configuration', 'types=REGIONAL');

    const v2 = (await aws.json('apigatewayv2', 'get-domain-names')) as { Items: { DomainName: string; DomainNameConfigurations: { CertificateArn: string }[] }[] };
    expect(v2.Items.map((d) => [d.DomainName, d.DomainNameConfigurations[0]!.CertificateArn])).toEqual([
      ['cli.example.test', CERTIFICATE],
      ['legacy.example.test', CERTIFICATE],
    ]);
    const v1 = (await aws.json('apigateway', 'get-domain-names')) as { items: { domainName: string; regionalCertificateArn: string; endpointConfiguration: { types: string[] } }[] };
    expect(v1.items.map((d) => [d.domainName, d.regionalCertificateArn, d.endpointConfiguration.types])).toEqual([
      ['cli.example.test', CERTIFICATE, ['REGIONAL']],
      ['legacy.example.test', CERTIFICATE, ['REGIONAL']],
    ]);
  });

  it('makes a multi-level API mapping that get-base-path-mappings lists', async () => {
    const api = await aws.json('apigatewayv2', 'create-api', '--name', 'cli-shop', '--protocol-type', 'HTTP', '--target', 'http://127.0.0.1:9/');
    const mapping = await aws.json('apigatewayv2', 'create-api-mapping', '--domain-name', 'cli.example.test', '--api-mapping-key', 'v1/orders', '--api-id', api.ApiId as string, '--stage', '$default');
    expect(mapping).toMatchObject({ ApiId: api.ApiId, ApiMappingKey: 'v1/orders', Stage: '$default' });
    expect(await aws.json('apigatewayv2', 'get-api-mappings', '--domain-name', 'cli.example.test')).toEqual({ Items: [mapping] });
    expect(await aws.json('apigateway', 'get-base-path-mappings', '--domain-name', 'cli.example.test')).toEqual({ items: [{ basePath: 'v1/orders', restApiId: api.ApiId, stage: '$default' }] });
    await aws.json('apigatewayv2', 'delete-domain-name', '--domain-name', 'cli.example.test');
    expect(((await aws.json('apigateway', 'get-domain-names')) as { items: { domainName: string }[] }).items.map((d) => d.domainName)).toEqual(['legacy.example.test']);
  });
});
