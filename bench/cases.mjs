// Data-plane benchmark cases. Each case is one data-plane process serving the config built here, loaded with the
// request below; the yardsticks (lean proxy, nginx) are always measured alongside. Add a case for each feature with a per-request
// cost (IAM, JWT, API keys, throttling…): give it the API definition and the request that exercises it.
//
//   name        short id, used with --case
//   describe    one line for the report
//   api(ctx)    { restApiId, stageName, snapshot fields: api, resources, authorizers?, gatewayResponses? }, and
//               optionally stage `variables` / `methodSettings`; ctx.backendUrl is the backend's origin
//   request     { path, headers?, method? } as sent to the data plane (Host routing: {apiId}.execute-api.*); the
//               runner adds request-headers.mjs's realistic headers under the case's own
//   env         optional extra environment for the data-plane process (or a function of ctx returning it)
//   document    optional extra top-level parts of the config document (apiKeys, usagePlans, account, httpApis), or a
//               function of ctx returning them
//               (`cacheClusterEnabled: true` turns the stage cache on)
//   iam         optional `iam` part of the config document (principals, derived signing keys)
import { createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { usagePlanCases } from './usage-plan-cases.mjs';
import { authorizerCases } from './authorizer-cases.mjs';
import { httpApiCases } from './http-api-cases.mjs';
import { apiHost, proxyApi } from './proxy-api.mjs';
import { realisticHeaders } from './request-headers.mjs';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

const functionsDir = fileURLToPath(new URL('../examples/functions', import.meta.url));

// AWS_IAM case: an IAM user with one identity policy; the request is signed once here (SigV4 headers are fixed
// for the run, so the data plane's clock window is widened to an hour) and the document carries only derived keys.
const IAM_USER = { accessKeyId: 'AKIABENCHBENCHBENCH1', secretAccessKey: 'bench-secret-bench-secret-bench-secret-00' };
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
const signingKeys = Object.fromEntries(
  [-1, 0, 1].map((o) => [day(o), hmac(hmac(hmac(hmac(`AWS4${IAM_USER.secretAccessKey}`, day(o)), 'us-east-1'), 'execute-api'), 'aws4_request').toString('hex')]),
);
const signer = new SignatureV4({ credentials: IAM_USER, region: 'us-east-1', service: 'execute-api', sha256: Sha256 });
// Signed as an SDK signs: every header but the unsignable ones (user-agent) and the Authorization it replaces.
const { authorization: _bearer, ...signable } = realisticHeaders;
const iamSigned = await signer.sign(
  new HttpRequest({ method: 'GET', protocol: 'http:', hostname: apiHost('benchapi03'), path: '/bench/hello', headers: { ...signable, host: apiHost('benchapi03') } }),
);

export const cases = [
  {
    name: 'http-proxy',
    describe: 'HTTP_PROXY pass-through on ANY /{proxy+}, authorization NONE, no API key',
    api: ({ backendUrl }) =>
      proxyApi('benchapi01', backendUrl, {}, { api: { name: 'bench-http-proxy', endpointConfiguration: { types: ['REGIONAL'] } } }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchapi01') } },
  },
  {
    name: 'cached-get',
    describe: 'the http-proxy case with the stage cache on: every GET after the first is a hit (in-process layer; no backend call)',
    api: ({ backendUrl }) =>
      proxyApi('benchapi05', backendUrl, {}, { api: { name: 'bench-cached-get', endpointConfiguration: { types: ['REGIONAL'] } }, cacheClusterEnabled: true }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchapi05') } },
  },
  {
    name: 'http-proxy-traced',
    describe: 'http-proxy with OpenTelemetry tracing on: 4 spans a request (request, route, throttle, integration), exported over OTLP/HTTP JSON to the backend',
    api: ({ backendUrl }) =>
      proxyApi('benchapi01', backendUrl, {}, { api: { name: 'bench-http-proxy', endpointConfiguration: { types: ['REGIONAL'] } } }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchapi01') } },
    env: ({ backendUrl }) => ({ OTEL_EXPORTER_OTLP_ENDPOINT: backendUrl }),
  },
  {
    name: 'lambda-proxy',
    describe: 'AWS_PROXY to a local function (examples/functions/hello, warm worker threads) on GET /hello',
    api: () => ({
      restApiId: 'benchapi02',
      stageName: 'bench',
      api: { name: 'bench-lambda-proxy', endpointConfiguration: { types: ['REGIONAL'] } },
      resources: [
        { id: 'root00', path: '/', resourceMethods: {} },
        {
          id: 'hello0',
          parentId: 'root00',
          pathPart: 'hello',
          path: '/hello',
          resourceMethods: {
            GET: {
              httpMethod: 'GET',
              authorizationType: 'NONE',
              methodIntegration: {
                type: 'AWS_PROXY',
                httpMethod: 'POST',
                uri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/invocations',
              },
            },
          },
        },
      ],
    }),
    request: { path: '/bench/hello', headers: { host: apiHost('benchapi02') } },
    env: { PORTICO_FUNCTIONS_DIR: functionsDir },
  },
  {
    // The baseline for aws-iam: the same request bytes (SigV4 headers included, so parsing and forwarding them is
    // not counted as the cost of authorization), the same route, authorization NONE.
    name: 'signed-request-none',
    describe: 'the aws-iam route and signed request with authorization NONE (the baseline for aws-iam)',
    api: ({ backendUrl }) => proxyApi('benchapi03', backendUrl, { authorizationType: 'NONE' }),
    request: { path: '/bench/hello', headers: iamSigned.headers },
  },
  {
    name: 'aws-iam',
    describe: 'the http-proxy case with authorization AWS_IAM: SigV4 header verified with a derived key, identity policy evaluated',
    api: ({ backendUrl }) => proxyApi('benchapi03', backendUrl, { authorizationType: 'AWS_IAM' }),
    request: { path: '/bench/hello', headers: iamSigned.headers },
    iam: {
      principals: {
        'arn:aws:iam::000000000000:user/bench': {
          arn: 'arn:aws:iam::000000000000:user/bench',
          principalArn: 'arn:aws:iam::000000000000:user/bench',
          accountId: '000000000000',
          userId: 'AIDABENCHBENCHBENCH1',
          type: 'User',
          username: 'bench',
          tags: {},
          policies: [JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:us-east-1:000000000000:benchapi03/*' }] })],
        },
      },
      credentials: [{ accessKeyId: IAM_USER.accessKeyId, principal: 'arn:aws:iam::000000000000:user/bench', signingKeys }],
      vpcEndpoints: [],
    },
    env: { PORTICO_IAM_CLOCK_SKEW_SECONDS: '3600' },
  },
];

cases.push(...usagePlanCases);
cases.push(...authorizerCases);
cases.push(...httpApiCases);
