import { configDocumentSchema, contentHash, type ConfigDocument, type ConfigDocumentInput } from '@portico/contracts';

export interface ProxyDocumentOptions {
  restApiId?: string;
  stageName?: string;
  deploymentId?: string;
  backendUrl: string;
  accessLogFormat?: string;
}

/**
 * A config document with one API whose `ANY /{proxy+}` is an HTTP_PROXY to `backendUrl/{proxy}`, as the control
 * plane would serve it (revision = content hash). For data-plane tests that need no control plane.
 */
export function proxyDocument(options: ProxyDocumentOptions): ConfigDocument {
  const restApiId = options.restApiId ?? 'testapi001';
  const deploymentId = options.deploymentId ?? 'testdep001';
  const body: Omit<ConfigDocumentInput, 'revision'> = {
    schemaVersion: 1,
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [
      {
        restApiId,
        stageName: options.stageName ?? 'test',
        deploymentId,
        variables: {},
        methodSettings: {},
        accessLogSettings: options.accessLogFormat ? { format: options.accessLogFormat } : undefined,
        tracingEnabled: false,
        lastUpdatedDate: 1_700_000_000,
      },
    ],
    deployments: {
      [deploymentId]: {
        schemaVersion: 1,
        restApiId,
        deploymentId,
        createdDate: 1_700_000_000,
        api: {
          name: `api-${restApiId}`,
          apiKeySource: 'HEADER',
          binaryMediaTypes: [],
          endpointConfiguration: { types: ['REGIONAL'] },
          disableExecuteApiEndpoint: false,
        },
        resources: [
          { id: 'root000001', path: '/', resourceMethods: {} },
          {
            id: 'proxy00001',
            parentId: 'root000001',
            pathPart: '{proxy+}',
            path: '/{proxy+}',
            resourceMethods: {
              ANY: {
                httpMethod: 'ANY',
                authorizationType: 'NONE',
                apiKeyRequired: false,
                requestParameters: { 'method.request.path.proxy': true },
                requestModels: {},
                authorizationScopes: [],
                methodResponses: {},
                methodIntegration: {
                  type: 'HTTP_PROXY',
                  httpMethod: 'ANY',
                  uri: `${options.backendUrl}/{proxy}`,
                  connectionType: 'INTERNET',
                  requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
                  requestTemplates: {},
                  passthroughBehavior: 'WHEN_NO_MATCH',
                  timeoutInMillis: 29_000,
                  cacheKeyParameters: [],
                  integrationResponses: {},
                },
              },
            },
          },
        ],
        authorizers: [],
        gatewayResponses: {},
      },
    },
  };
  return configDocumentSchema.parse({ ...body, revision: contentHash(body) });
}
