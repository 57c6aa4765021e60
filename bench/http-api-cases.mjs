// HTTP API (apigatewayv2) cases: the same backend and request as http-proxy, through an HTTP API served from the
// config file's `httpApis` snapshots (libs/contracts http-api-snapshot.ts). The REST part of each document is the
// http-proxy API under another id, unused by the request. Goal (issue 13): an HTTP API pass-through costs no more
// CPU per request than the REST one; the JWT route (token verified once, then cached) stays ≥ 0.85 of it.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { apiHost, proxyApi } from './proxy-api.mjs';

const functionsDir = fileURLToPath(new URL('../examples/functions', import.meta.url));

// A local OpenID Connect issuer (discovery + JWKS) for the JWT case, and one token valid for the run.
const { privateKey, publicKey } = await generateKeyPair('RS256');
const jwk = { ...(await exportJWK(publicKey)), kid: 'bench-key', alg: 'RS256', use: 'sig' };
const issuerServer = createServer((req, res) => {
  const issuer = `http://127.0.0.1:${issuerServer.address().port}`;
  const body = req.url === '/jwks.json' ? { keys: [jwk] } : { issuer, jwks_uri: `${issuer}/jwks.json` };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
});
await new Promise((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
issuerServer.unref();
const issuer = `http://127.0.0.1:${issuerServer.address().port}`;
const token = await new SignJWT({ sub: 'bench-user', aud: 'bench-client', scope: 'bench' })
  .setProtectedHeader({ alg: 'RS256', kid: 'bench-key' })
  .setIssuer(issuer)
  .setIssuedAt()
  .setExpirationTime('6h')
  .sign(privateKey);

/** One HTTP API snapshot on stage `$default` with `ANY /{proxy+}` → `integration`, under `route` settings. */
function httpApi(apiId, integration, route = {}, authorizers = []) {
  return {
    schemaVersion: 1,
    api: { apiId, name: `bench-${apiId}`, protocolType: 'HTTP' },
    routes: [{ routeId: 'proxy0', routeKey: 'ANY /{proxy+}', target: 'integrations/integ0', ...route }],
    integrations: [{ integrationId: 'integ0', ...integration }],
    authorizers,
    stage: { stageName: '$default', deploymentId: 'benchdep01' },
  };
}

const httpProxy = (backendUrl) => ({
  integrationType: 'HTTP_PROXY',
  integrationMethod: 'ANY',
  integrationUri: `${backendUrl}/{proxy}`,
  payloadFormatVersion: '1.0',
});

export const httpApiCases = [
  {
    name: 'http-api-proxy',
    describe: 'HTTP API: HTTP_PROXY pass-through on ANY /{proxy+} ($default stage), authorization NONE',
    api: ({ backendUrl }) => proxyApi('benchrest1', backendUrl),
    document: ({ backendUrl }) => ({ httpApis: [httpApi('benchhttp1', httpProxy(backendUrl))] }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchhttp1') } },
  },
  {
    name: 'http-api-jwt',
    describe: 'http-api-proxy with a JWT authorizer (local OIDC issuer, RS256) and a route scope; the token is verified once, then cached',
    api: ({ backendUrl }) => proxyApi('benchrest1', backendUrl),
    document: ({ backendUrl }) => ({
      httpApis: [
        httpApi('benchhttp2', httpProxy(backendUrl), { authorizationType: 'JWT', authorizerId: 'jwt001', authorizationScopes: ['bench'] }, [
          { authorizerId: 'jwt001', name: 'bench-jwt', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer, audience: ['bench-client'] } },
        ]),
      ],
    }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchhttp2'), authorization: `Bearer ${token}` } },
  },
  {
    name: 'http-api-lambda',
    describe: 'HTTP API: AWS_PROXY payload 2.0 to a local function (examples/functions/hello, warm worker threads)',
    api: ({ backendUrl }) => proxyApi('benchrest1', backendUrl),
    document: () => ({
      httpApis: [httpApi('benchhttp3', { integrationType: 'AWS_PROXY', integrationUri: 'arn:aws:lambda:us-east-1:000000000000:function:hello', payloadFormatVersion: '2.0' })],
    }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchhttp3') } },
    env: { PORTICO_FUNCTIONS_DIR: functionsDir },
  },
];
