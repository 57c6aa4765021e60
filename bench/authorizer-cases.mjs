// Authorizer cases for the benchmark (issue 7): the http-proxy route behind a Cognito/JWT authorizer and behind a
// cached Lambda TOKEN authorizer. Goal: at least 0.8 of the http-proxy case (authorization NONE).
//
// cognito-jwt: the JWKS is served by a small node:http server in this (runner) process; the data plane fetches it
// once at load (PORTICO_COGNITO_IDP_ENDPOINT), then every request carries the same RS256 ID token, so the case
// measures the steady state: a verified token served from the in-process cache.
// lambda-authorizer-cached: a local function (apps/data-plane/test/authorizer-functions/token-authorizer) returns
// an Allow policy for the whole stage; the result is cached for the TTL (300 s) and re-checked per method ARN.
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { apiHost, proxyApi } from './proxy-api.mjs';

const POOL = 'us-east-1_BenchPool';
const CLIENT_ID = 'bench-client';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'bench-key', alg: 'RS256', use: 'sig' };

const jwks = createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ keys: [jwk] }));
});
await new Promise((resolve) => jwks.listen(0, '127.0.0.1', resolve));
// The benchmark runner exits when it is done; this server must not keep it alive.
jwks.unref();
const cognitoEndpoint = `http://127.0.0.1:${jwks.address().port}`;

const b64url = (value) => Buffer.from(value).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const claims = { sub: 'bench-user', aud: CLIENT_ID, token_use: 'id', iss: `${cognitoEndpoint}/${POOL}`, iat: now, exp: now + 6 * 3600 };
const signingInput = `${b64url(JSON.stringify({ alg: 'RS256', kid: 'bench-key', typ: 'JWT' }))}.${b64url(JSON.stringify(claims))}`;
const idToken = `${signingInput}.${b64url(sign('sha256', Buffer.from(signingInput), privateKey))}`;

/** The http-proxy case's route (ANY /{proxy+}) behind an authorizer. */
function protectedApi(restApiId, backendUrl, authorizationType, authorizer) {
  return proxyApi(restApiId, backendUrl, { authorizationType, authorizerId: authorizer.id }, { authorizers: [authorizer] });
}

export const authorizerCases = [
  {
    name: 'cognito-jwt',
    describe: 'the http-proxy route with COGNITO_USER_POOLS: RS256 ID token, key set fetched once, verified token cached',
    api: ({ backendUrl }) =>
      protectedApi('benchapi10', backendUrl, 'COGNITO_USER_POOLS', {
        id: 'cog001',
        name: 'cognito',
        type: 'COGNITO_USER_POOLS',
        providerARNs: [`arn:aws:cognito-idp:us-east-1:000000000000:userpool/${POOL}`],
        identitySource: 'method.request.header.Authorization',
        identityValidationExpression: `^${CLIENT_ID}$`,
        authorizerResultTtlInSeconds: 300,
      }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchapi10'), authorization: idToken } },
    env: { PORTICO_COGNITO_IDP_ENDPOINT: cognitoEndpoint },
  },
  {
    name: 'lambda-authorizer-cached',
    describe: 'the http-proxy route with a Lambda TOKEN authorizer (local function), result cached for 300 s',
    api: ({ backendUrl }) =>
      protectedApi('benchapi11', backendUrl, 'CUSTOM', {
        id: 'tok001',
        name: 'token',
        type: 'TOKEN',
        providerARNs: [],
        authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:token-authorizer/invocations',
        identitySource: 'method.request.header.Authorization',
        authorizerResultTtlInSeconds: 300,
      }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchapi11'), authorization: 'Bearer allow' } },
    env: { PORTICO_FUNCTIONS_DIR: fileURLToPath(new URL('../apps/data-plane/test/authorizer-functions', import.meta.url)) },
  },
];
