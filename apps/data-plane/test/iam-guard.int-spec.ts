// The AWS_IAM / resource-policy / private-API step against hand-built config documents, on a fixed clock:
// expiry, scoping of derived keys, fail-closed policies, the pre-authorizer deny pass, variables and tags.
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ConfigDocument, IamConfig } from '@portico/contracts';
import { deriveSigningKey } from '@portico/engine-sigv4';
import { configDocument, mockRoute, serveGateway, testClient, type Answer, type Served } from './support/pipeline-fixtures.js';

const NOW = Date.parse('2025-03-10T12:00:00Z');
const DAYS = ['20250309', '20250310', '20250311'];
const http = testClient();
const served: Served[] = [];

interface Key {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
const alice: Key = { accessKeyId: 'AKIAALICEALICEALICE1', secretAccessKey: 'alice-secret-alice-secret-alice-secret-0' };
const expired: Key = { accessKeyId: 'ASIAEXPIREDEXPIRED01', secretAccessKey: 'expired-secret-expired-secret-expired-00', sessionToken: 'token-1' };

function keysFor(secret: string, region = 'us-east-1'): Record<string, string> {
  return Object.fromEntries(DAYS.map((d) => [d, deriveSigningKey(secret, d, region, 'execute-api').toString('hex')]));
}

const iamConfig: IamConfig = {
  principals: {
    'arn:aws:iam::000000000000:user/alice': {
      arn: 'arn:aws:iam::000000000000:user/alice',
      principalArn: 'arn:aws:iam::000000000000:user/alice',
      accountId: '000000000000',
      userId: 'AIDAALICE',
      type: 'User',
      username: 'alice',
      tags: { team: 'red' },
      policies: [
        JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:*/*/GET/users/${aws:username}', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }],
        }),
      ],
    },
    'arn:aws:sts::000000000000:assumed-role/r/s': {
      arn: 'arn:aws:sts::000000000000:assumed-role/r/s',
      principalArn: 'arn:aws:iam::000000000000:role/r',
      accountId: '000000000000',
      userId: 'AROAR:s',
      type: 'AssumedRole',
      tags: {},
      policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] })],
    },
  },
  credentials: [
    { accessKeyId: alice.accessKeyId, principal: 'arn:aws:iam::000000000000:user/alice', signingKeys: keysFor(alice.secretAccessKey) },
    { accessKeyId: expired.accessKeyId, principal: 'arn:aws:sts::000000000000:assumed-role/r/s', signingKeys: keysFor(expired.secretAccessKey), sessionToken: 'token-1', expiration: NOW / 1000 - 60 },
  ],
  vpcEndpoints: [],
};

function document(policy?: string, authorizationType = 'AWS_IAM'): ConfigDocument {
  const doc = configDocument({
    apiId: 'api0000001',
    resources: { '/users/{name}': { GET: { ...mockRoute('user'), authorizationType } }, '/open': { GET: mockRoute('open') } },
  });
  doc.iam = iamConfig;
  if (policy !== undefined) doc.deployments[doc.stages[0].deploymentId].api.policy = policy;
  return doc;
}

async function serve(doc: ConfigDocument): Promise<Served> {
  const s = await serveGateway(doc, { now: () => NOW });
  served.push(s);
  return s;
}

async function call(s: Served, path: string, key?: Key, region = 'us-east-1'): Promise<Answer> {
  const url = new URL(`${s.url}/restapis/api0000001/test/_user_request_${path}`);
  if (!key) return http.send(url.toString());
  const signer = new SignatureV4({ credentials: key, region, service: 'execute-api', sha256: Sha256 });
  const signed = await signer.sign(new HttpRequest({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host } }), { signingDate: new Date(NOW) });
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  return http.send(url.toString(), { headers });
}

afterAll(async () => {
  for (const s of served) await s.close();
  await http.close();
});

describe('AWS_IAM step', () => {
  it('substitutes ${aws:username} and checks aws:PrincipalTag in identity policies', async () => {
    const s = await serve(document());
    expect((await call(s, '/users/alice', alice)).status).toBe(200);
    const other = await call(s, '/users/bob', alice);
    expect(other.status).toBe(403);
    expect(other.json()).toEqual({ Message: 'User: arn:aws:iam::000000000000:user/alice is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:api0000001/test/GET/users/bob' });
  });

  it('refuses an expired session with ExpiredTokenException', async () => {
    const s = await serve(document());
    const answer = await call(s, '/users/alice', expired);
    expect([answer.status, answer.headers['x-amzn-errortype'], answer.json()]).toEqual([403, 'ExpiredTokenException', { message: 'The security token included in the request is expired' }]);
  });

  it('derived keys sign only for execute-api in the gateway region', async () => {
    const s = await serve(document());
    const answer = await call(s, '/users/alice', alice, 'us-west-2');
    expect(answer.status).toBe(403);
    expect(answer.json<{ message: string }>().message).toBe("Credential should be scoped to a valid region, not 'us-west-2'. ");
  });
});

describe('resource policies', () => {
  it('fail closed: a policy that does not parse denies everything, NONE methods included', async () => {
    const s = await serve(document('{"Statement": "nonsense"}'));
    expect(s.gateway.warnings.some((w) => w.includes('resource policy does not parse'))).toBe(true);
    const answer = await call(s, '/open');
    expect([answer.status, answer.json()]).toEqual([403, { Message: 'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:api0000001/test/GET/open with an explicit deny' }]);
  });

  it('deny before the authorizer runs on CUSTOM methods', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }, { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/users/*' }] });
    const s = await serve(document(policy, 'CUSTOM'));
    const answer = await call(s, '/users/alice');
    expect(answer.status).toBe(403);
    expect(answer.json<{ Message: string }>().Message).toMatch(/ with an explicit deny$/);
    expect((await call(s, '/open')).status).toBe(200);
  });

  it('COGNITO_USER_POOLS methods need the resource policy’s explicit Allow', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*/GET/open' }] });
    const s = await serve(document(policy, 'COGNITO_USER_POOLS'));
    const answer = await call(s, '/users/alice');
    expect([answer.status, answer.json()]).toEqual([403, { Message: 'User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********0000:api0000001/test/GET/users/alice' }]);
  });

  it('same account: an identity Allow suffices when the resource policy is silent', async () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::000000000000:user/nobody' }, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] });
    const s = await serve(document(policy));
    expect((await call(s, '/users/alice', alice)).status).toBe(200);
  });
});

describe('private APIs', () => {
  it('without VPC endpoints nothing reaches them', async () => {
    const doc = document(JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }));
    doc.deployments[doc.stages[0].deploymentId].api.endpointConfiguration = { types: ['PRIVATE'] };
    const s = await serve(doc);
    expect((await call(s, '/open')).json()).toEqual({ message: 'Forbidden' });
  });

  it('a private API without a resource policy denies every call', async () => {
    const doc = document();
    doc.deployments[doc.stages[0].deploymentId].api.endpointConfiguration = { types: ['PRIVATE'] };
    doc.iam = { ...iamConfig, vpcEndpoints: [{ id: 'vpce-local', vpcId: 'vpc-1', cidrs: ['127.0.0.0/8', '::1/128'] }] };
    const s = await serve(doc);
    const answer = await call(s, '/open');
    expect([answer.status, answer.json<{ Message: string }>().Message]).toEqual([403, expect.stringMatching(/^User: anonymous is not authorized/)]);
  });
});
