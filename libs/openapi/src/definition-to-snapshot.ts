import { createHash } from 'node:crypto';
import { deploymentSnapshotSchema, SNAPSHOT_SCHEMA_VERSION, type DeploymentSnapshot, type MethodSnapshot } from '@portico/contracts';
import type { RestApiDefinition } from './rest-api-definition.js';

export interface SnapshotIdentity {
  restApiId: string;
  deploymentId: string;
  /** Epoch seconds. */
  createdDate: number;
}

/**
 * A definition served without a control plane (the standalone data plane's OpenAPI file): the deployment
 * snapshot the control plane would have compiled, with ids derived from names and paths so that they stay the
 * same across reloads of the same file. Methods without an integration are left out (AWS refuses to deploy
 * them; the caller reports them).
 */
export function definitionToSnapshot(definition: RestApiDefinition, identity: SnapshotIdentity): DeploymentSnapshot {
  const id = (kind: string, name: string) => createHash('sha256').update(`${identity.restApiId}\0${kind}\0${name}`).digest('hex').slice(0, 10);
  const resourceIds = new Map(definition.resources.map((r) => [r.path, id('resource', r.path)]));
  const authorizerIds = new Map(definition.authorizers.map((a) => [a.name, id('authorizer', a.name)]));
  const validatorIds = new Map(definition.requestValidators.map((v) => [v.name, id('validator', v.name)]));
  const parentOf = (path: string) => (path.lastIndexOf('/') === 0 ? '/' : path.slice(0, path.lastIndexOf('/')));

  const candidate = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    restApiId: identity.restApiId,
    deploymentId: identity.deploymentId,
    createdDate: identity.createdDate,
    api: {
      name: definition.name,
      description: definition.description,
      version: definition.version,
      apiKeySource: definition.apiKeySource ?? 'HEADER',
      binaryMediaTypes: definition.binaryMediaTypes,
      minimumCompressionSize: definition.minimumCompressionSize,
      endpointConfiguration: { types: ['REGIONAL'] },
      policy: definition.policy,
      disableExecuteApiEndpoint: definition.disableExecuteApiEndpoint ?? false,
    },
    resources: definition.resources.map((r) => {
      const resourceId = resourceIds.get(r.path)!;
      const methods: Record<string, MethodSnapshot> = {};
      for (const m of Object.values(r.methods)) {
        if (!m?.integration) continue;
        methods[m.httpMethod] = {
          httpMethod: m.httpMethod,
          authorizationType: m.authorizationType,
          authorizerId: m.authorizerName !== undefined ? authorizerIds.get(m.authorizerName) : undefined,
          apiKeyRequired: m.apiKeyRequired,
          operationName: m.operationName,
          requestValidatorId: m.requestValidatorName !== undefined ? validatorIds.get(m.requestValidatorName) : undefined,
          requestParameters: m.requestParameters,
          requestModels: m.requestModels,
          authorizationScopes: m.authorizationScopes,
          methodResponses: m.methodResponses,
          methodIntegration: { ...m.integration, cacheNamespace: m.integration.cacheNamespace ?? resourceId },
        };
      }
      return {
        id: resourceId,
        parentId: r.path === '/' ? undefined : resourceIds.get(parentOf(r.path)),
        pathPart: r.pathPart,
        path: r.path,
        resourceMethods: methods,
      };
    }),
    authorizers: definition.authorizers.map((a) => ({ ...a, id: authorizerIds.get(a.name)!, authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds ?? 300 })),
    gatewayResponses: definition.gatewayResponses,
    models: definition.models.map((m) => ({ ...m, id: id('model', m.name) })),
    requestValidators: definition.requestValidators.map((v) => ({ ...v, id: validatorIds.get(v.name)! })),
  };
  return deploymentSnapshotSchema.parse(candidate);
}

/** Methods of a definition that have no integration (`GET /pets`), which cannot be served. */
export function methodsWithoutIntegration(definition: RestApiDefinition): string[] {
  return definition.resources.flatMap((r) => Object.values(r.methods).flatMap((m) => (m && !m.integration ? [`${m.httpMethod} ${r.path}`] : [])));
}
