// Data-plane benchmark cases. Each case is one data-plane process serving the config built here, loaded with the
// request below; the bare proxy is always measured alongside. Add a case for each feature with a per-request
// cost (IAM, JWT, API keys, throttling…): give it the API definition and the request that exercises it.
//
//   name        short id, used with --case
//   describe    one line for the report
//   api(ctx)    { restApiId, stageName, snapshot fields: api, resources, authorizers?, gatewayResponses? }, and
//               optionally stage `variables` / `methodSettings`; ctx.backendUrl is the backend's origin
//   request     { path, headers?, method? } as sent to the data plane (Host routing: {apiId}.execute-api.*)
//   env         optional extra environment for the data-plane process
//   document    optional extra top-level parts of the config document (apiKeys, usagePlans, account)
import { fileURLToPath } from 'node:url';
import { usagePlanCases } from './usage-plan-cases.mjs';

const functionsDir = fileURLToPath(new URL('../examples/functions', import.meta.url));

export const cases = [
  {
    name: 'http-proxy',
    describe: 'HTTP_PROXY pass-through on ANY /{proxy+}, authorization NONE, no API key',
    api: ({ backendUrl }) => ({
      restApiId: 'benchapi01',
      stageName: 'bench',
      api: { name: 'bench-http-proxy', endpointConfiguration: { types: ['REGIONAL'] } },
      resources: [
        { id: 'root00', path: '/', resourceMethods: {} },
        {
          id: 'proxy0',
          parentId: 'root00',
          pathPart: '{proxy+}',
          path: '/{proxy+}',
          resourceMethods: {
            ANY: {
              httpMethod: 'ANY',
              authorizationType: 'NONE',
              requestParameters: { 'method.request.path.proxy': true },
              methodIntegration: {
                type: 'HTTP_PROXY',
                httpMethod: 'ANY',
                uri: `${backendUrl}/{proxy}`,
                requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
              },
            },
          },
        },
      ],
    }),
    request: { path: '/bench/hello', headers: { host: 'benchapi01.execute-api.localhost' } },
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
    request: { path: '/bench/hello', headers: { host: 'benchapi02.execute-api.localhost' } },
    env: { PORTICO_FUNCTIONS_DIR: functionsDir },
  },
];

cases.push(...usagePlanCases);
