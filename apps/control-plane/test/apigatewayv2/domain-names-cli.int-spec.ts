// The AWS CLI (`aws apigatewayv2` and `aws apigateway`) against the control plane: a custom domain made by either
// API family is listed by both `get-domain-names`, and an API mapping made with `create-api-mapping` is a base path
// mapping to `get-base-path-mappings`. Skipped, with a message, where no `aws` executable is on the PATH.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { startTestControlPlane, TEST_ACCESS_KEY_ID, TEST_REGION, TEST_SECRET_ACCESS_KEY, type TestControlPlane } from '../support/test-control-plane.js';

const run = promisify(execFile);
const CERTIFICATE = 'arn:aws:acm:us-east-1:000000000000:certificate/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';

const available = spawnSync('aws', ['--version']).status === 0;
if (!available) console.warn('domain-names-cli.int-spec: no `aws` executable on the PATH; AWS CLI cases skipped');
const describeCli = available ? describe : describe.skip;

let cp: TestControlPlane;

async function aws(service: 'apigateway' | 'apigatewayv2', ...args: string[]): Promise<Record<string, unknown>> {
  const env = { ...process.env, AWS_ACCESS_KEY_ID: TEST_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: TEST_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION: TEST_REGION, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_PAGER: '' };
  try {
    const { stdout } = await run('aws', [service, ...args, '--endpoint-url', cp.url, '--output', 'json'], { env });
    return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
  } catch (error) {
    throw new Error(`aws ${service} ${args.join(' ')} failed: ${String((error as { stderr?: string }).stderr ?? error)}`);
  }
}

describeCli('aws apigatewayv2 / apigateway: custom domains', () => {
  beforeAll(async () => {
    cp = await startTestControlPlane();
  });

  afterAll(async () => {
    await cp?.close();
  });

  it('lists a domain made by either API in both get-domain-names', async () => {
    const created = await aws('apigatewayv2', 'create-domain-name', '--domain-name', 'cli.example.test', '--domain-name-configurations', `CertificateArn=${CERTIFICATE},EndpointType=REGIONAL,SecurityPolicy=TLS_1_2`);
    expect(created).toMatchObject({ DomainName: 'cli.example.test', DomainNameConfigurations: [{ EndpointType: 'REGIONAL', DomainNameStatus: 'AVAILABLE', CertificateArn: CERTIFICATE }] });
    await aws('apigateway', 'create-domain-name', '--domain-name', 'legacy.example.test', '--regional-certificate-arn', CERTIFICATE, '--endpoint-configuration', 'types=REGIONAL');

    const v2 = (await aws('apigatewayv2', 'get-domain-names')) as { Items: { DomainName: string; DomainNameConfigurations: { CertificateArn: string }[] }[] };
    expect(v2.Items.map((d) => [d.DomainName, d.DomainNameConfigurations[0]!.CertificateArn])).toEqual([
      ['cli.example.test', CERTIFICATE],
      ['legacy.example.test', CERTIFICATE],
    ]);
    const v1 = (await aws('apigateway', 'get-domain-names')) as { items: { domainName: string; regionalCertificateArn: string; endpointConfiguration: { types: string[] } }[] };
    expect(v1.items.map((d) => [d.domainName, d.regionalCertificateArn, d.endpointConfiguration.types])).toEqual([
      ['cli.example.test', CERTIFICATE, ['REGIONAL']],
      ['legacy.example.test', CERTIFICATE, ['REGIONAL']],
    ]);
  });

  it('makes a multi-level API mapping that get-base-path-mappings lists', async () => {
    const api = await aws('apigatewayv2', 'create-api', '--name', 'cli-shop', '--protocol-type', 'HTTP', '--target', 'http://127.0.0.1:9/');
    const mapping = await aws('apigatewayv2', 'create-api-mapping', '--domain-name', 'cli.example.test', '--api-mapping-key', 'v1/orders', '--api-id', api.ApiId as string, '--stage', '$default');
    expect(mapping).toMatchObject({ ApiId: api.ApiId, ApiMappingKey: 'v1/orders', Stage: '$default' });
    expect(await aws('apigatewayv2', 'get-api-mappings', '--domain-name', 'cli.example.test')).toEqual({ Items: [mapping] });
    expect(await aws('apigateway', 'get-base-path-mappings', '--domain-name', 'cli.example.test')).toEqual({ items: [{ basePath: 'v1/orders', restApiId: api.ApiId, stage: '$default' }] });
    await aws('apigatewayv2', 'delete-domain-name', '--domain-name', 'cli.example.test');
    expect(((await aws('apigateway', 'get-domain-names')) as { items: { domainName: string }[] }).items.map((d) => d.domainName)).toEqual(['legacy.example.test']);
  });
});
