// The API most benchmark cases share: the http-proxy route, ANY /{proxy+} passed through (HTTP_PROXY) to the
// backend, so that a case measures only what it adds to it (IAM, an authorizer, an API key and usage plan).

/** The Host header that routes a request to `restApiId` (Host routing: {apiId}.execute-api.*). */
export const apiHost = (restApiId) => `${restApiId}.execute-api.localhost`;

/**
 * The http-proxy API under `restApiId` on stage `bench`. `method` adds to the ANY method (authorizationType,
 * default NONE; apiKeyRequired; authorizerId); `parts` adds or replaces top-level fields (authorizers,
 * methodSettings, api).
 */
export function proxyApi(restApiId, backendUrl, method = {}, parts = {}) {
  return {
    restApiId,
    stageName: 'bench',
    api: { name: `bench-${restApiId}`, endpointConfiguration: { types: ['REGIONAL'] } },
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
            ...method,
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
    ...parts,
  };
}
