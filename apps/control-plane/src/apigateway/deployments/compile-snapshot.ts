import {
  deploymentSnapshotSchema,
  SNAPSHOT_SCHEMA_VERSION,
  type DeploymentSnapshot,
} from '@portico/contracts';
import { compileTemplate } from '@portico/engine-mapping';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import { normalAuthorizationType } from '../methods/method.rules.js';

/**
 * The rows of one REST API as the database holds them (a structural subset of the Prisma models, so that this
 * compiler stays a pure function testable without a database). JSON columns are `unknown`: the snapshot schema
 * validates them on the way out.
 */
export interface ApiRows {
  restApi: {
    id: string;
    name: string;
    description: string | null;
    version: string | null;
    apiKeySource: string;
    binaryMediaTypes: string[];
    minimumCompressionSize: number | null;
    endpointConfiguration: unknown;
    policy: string | null;
    disableExecuteApiEndpoint: boolean;
  };
  resources: Array<{ id: string; parentId: string | null; pathPart: string | null; path: string }>;
  methods: Array<{
    resourceId: string;
    httpMethod: string;
    authorizationType: string;
    authorizerId: string | null;
    apiKeyRequired: boolean;
    operationName: string | null;
    requestValidatorId: string | null;
    requestParameters: unknown;
    requestModels: unknown;
    authorizationScopes: string[];
  }>;
  methodResponses: Array<{
    resourceId: string;
    httpMethod: string;
    statusCode: string;
    responseParameters: unknown;
    responseModels: unknown;
  }>;
  integrations: Array<{
    resourceId: string;
    httpMethod: string;
    type: string;
    integrationHttpMethod: string | null;
    uri: string | null;
    connectionType: string;
    connectionId: string | null;
    credentials: string | null;
    requestParameters: unknown;
    requestTemplates: unknown;
    passthroughBehavior: string;
    contentHandling: string | null;
    timeoutInMillis: number;
    cacheNamespace: string;
    cacheKeyParameters: string[];
    tlsConfig: unknown;
  }>;
  integrationResponses: Array<{
    resourceId: string;
    httpMethod: string;
    statusCode: string;
    selectionPattern: string | null;
    responseParameters: unknown;
    responseTemplates: unknown;
    contentHandling: string | null;
  }>;
  authorizers: Array<{
    id: string;
    name: string;
    type: string;
    providerARNs: string[];
    authType: string | null;
    authorizerUri: string | null;
    authorizerCredentials: string | null;
    identitySource: string | null;
    identityValidationExpression: string | null;
    authorizerResultTtlInSeconds: number;
  }>;
  /** Customised gateway responses only (the defaults come from the catalog in the data plane). */
  gatewayResponses: Array<{ responseType: string; statusCode: string | null; responseParameters: unknown; responseTemplates: unknown }>;
  models: Array<{ id: string; name: string; contentType: string; schema: string | null; description: string | null }>;
  requestValidators: Array<{ id: string; name: string | null; validateRequestBody: boolean; validateRequestParameters: boolean }>;
}

export type CompileResult = { ok: true; snapshot: DeploymentSnapshot } | { ok: false; message: string };

// AWS's own texts for an API that cannot be deployed (spec §1.4 "Deployments / stages").
export const NO_METHODS_MESSAGE = "The REST API doesn't contain any methods";
export const NO_INTEGRATION_MESSAGE = ADMIN_ERRORS.noIntegration;

/** A method's key among the rows: resource id and verb. */
const key = (resourceId: string, httpMethod: string): string => `${resourceId} ${httpMethod}`;

/**
 * Compiles an API's rows into the immutable snapshot a deployment stores. A refusal is a value carrying AWS's
 * message (the caller renders it as 400 BadRequestException); an invalid row is a bug and throws.
 */
export function compileSnapshot(rows: ApiRows, deployment: { id: string; createdDate: number }): CompileResult {
  if (rows.methods.length === 0) return { ok: false, message: NO_METHODS_MESSAGE };

  const pathOf = new Map(rows.resources.map((r) => [r.id, r.path]));
  const integrations = new Map(rows.integrations.map((i) => [key(i.resourceId, i.httpMethod), i]));

  for (const method of rows.methods) {
    if (!integrations.has(key(method.resourceId, method.httpMethod))) return { ok: false, message: NO_INTEGRATION_MESSAGE };
  }
  const invalid = findInvalidTemplate(rows, pathOf);
  if (invalid) return { ok: false, message: invalid };

  const methodResponses = groupBy(rows.methodResponses, (r) => key(r.resourceId, r.httpMethod));
  const integrationResponses = groupBy(rows.integrationResponses, (r) => key(r.resourceId, r.httpMethod));
  const methods = groupBy(rows.methods, (m) => m.resourceId);

  const resources = [...rows.resources]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((resource) => ({
      id: resource.id,
      parentId: resource.parentId ?? undefined,
      pathPart: resource.pathPart ?? undefined,
      path: resource.path,
      resourceMethods: Object.fromEntries(
        (methods.get(resource.id) ?? []).map((m) => {
          const k = key(m.resourceId, m.httpMethod);
          const integration = integrations.get(k)!;
          return [
            m.httpMethod,
            {
              httpMethod: m.httpMethod,
              authorizationType: normalAuthorizationType(m.authorizationType),
              authorizerId: m.authorizerId ?? undefined,
              apiKeyRequired: m.apiKeyRequired,
              operationName: m.operationName ?? undefined,
              requestValidatorId: m.requestValidatorId ?? undefined,
              requestParameters: m.requestParameters ?? {},
              requestModels: m.requestModels ?? {},
              authorizationScopes: m.authorizationScopes,
              methodResponses: Object.fromEntries(
                (methodResponses.get(k) ?? []).map((r) => [
                  r.statusCode,
                  { statusCode: r.statusCode, responseParameters: r.responseParameters ?? {}, responseModels: r.responseModels ?? {} },
                ]),
              ),
              methodIntegration: {
                type: integration.type,
                httpMethod: integration.integrationHttpMethod ?? undefined,
                uri: integration.uri ?? undefined,
                connectionType: integration.connectionType,
                connectionId: integration.connectionId ?? undefined,
                credentials: integration.credentials ?? undefined,
                requestParameters: integration.requestParameters ?? {},
                requestTemplates: integration.requestTemplates ?? {},
                passthroughBehavior: integration.passthroughBehavior,
                contentHandling: integration.contentHandling ?? undefined,
                timeoutInMillis: integration.timeoutInMillis,
                cacheNamespace: integration.cacheNamespace,
                cacheKeyParameters: integration.cacheKeyParameters,
                tlsConfig: integration.tlsConfig ?? undefined,
                integrationResponses: Object.fromEntries(
                  (integrationResponses.get(k) ?? []).map((r) => [
                    r.statusCode,
                    {
                      statusCode: r.statusCode,
                      selectionPattern: r.selectionPattern ?? undefined,
                      responseParameters: r.responseParameters ?? {},
                      responseTemplates: r.responseTemplates ?? {},
                      contentHandling: r.contentHandling ?? undefined,
                    },
                  ]),
                ),
              },
            },
          ];
        }),
      ),
    }));

  const api = rows.restApi;
  const candidate = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    restApiId: api.id,
    deploymentId: deployment.id,
    createdDate: deployment.createdDate,
    api: {
      name: api.name,
      description: api.description ?? undefined,
      version: api.version ?? undefined,
      apiKeySource: api.apiKeySource,
      binaryMediaTypes: api.binaryMediaTypes,
      minimumCompressionSize: api.minimumCompressionSize ?? undefined,
      endpointConfiguration: api.endpointConfiguration,
      policy: api.policy ?? undefined,
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    },
    resources,
    authorizers: [...rows.authorizers]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((a) => ({
        id: a.id,
        name: a.name,
        type: a.type,
        providerARNs: a.providerARNs,
        authType: a.authType ?? undefined,
        authorizerUri: a.authorizerUri ?? undefined,
        authorizerCredentials: a.authorizerCredentials ?? undefined,
        identitySource: a.identitySource ?? undefined,
        identityValidationExpression: a.identityValidationExpression ?? undefined,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      })),
    gatewayResponses: Object.fromEntries(
      rows.gatewayResponses.map((g) => [
        g.responseType,
        {
          responseType: g.responseType,
          statusCode: g.statusCode ?? undefined,
          responseParameters: g.responseParameters ?? {},
          responseTemplates: g.responseTemplates ?? {},
        },
      ]),
    ),
    models: [...rows.models]
      .sort((a, b) => (a.name < b.name ? -1 : 1))
      .map((m) => ({ id: m.id, name: m.name, contentType: m.contentType, schema: m.schema ?? undefined, description: m.description ?? undefined })),
    requestValidators: [...rows.requestValidators]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((v) => ({ id: v.id, name: v.name ?? undefined, validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters })),
  };
  // The admin routes validated every row on write; a row the schema refuses here is a bug, not a user error.
  return { ok: true, snapshot: deploymentSnapshotSchema.parse(candidate) };
}

/**
 * Every mapping template must compile (VTL, at most 300 KB) before it is deployed: the data plane compiles them
 * again per config revision, and a template that does not compile there would refuse its method. Proxy
 * integrations pass requests and responses through untouched: AWS ignores their templates, and so does the
 * data plane, so they are not checked.
 */
function findInvalidTemplate(rows: ApiRows, pathOf: Map<string, string>): string | undefined {
  const proxies = new Set(rows.integrations.filter((i) => i.type === 'HTTP_PROXY' || i.type === 'AWS_PROXY').map((i) => key(i.resourceId, i.httpMethod)));
  const checked = [
    ...rows.integrations.map((row) => ({ row, kind: 'integration request', templates: row.requestTemplates })),
    ...rows.integrationResponses.map((row) => ({ row, kind: `integration response ${row.statusCode}`, templates: row.responseTemplates })),
  ];
  for (const { row, kind, templates } of checked) {
    if (proxies.has(key(row.resourceId, row.httpMethod))) continue;
    for (const [contentType, template] of Object.entries(stringMap(templates))) {
      const compiled = compileTemplate(template);
      if (!compiled.ok) {
        const method = `${row.httpMethod} ${pathOf.get(row.resourceId) ?? row.resourceId}`;
        return `Invalid mapping template: the ${kind} template for '${contentType}' of method ${method} does not compile (${compiled.reason})`;
      }
    }
  }
  return undefined;
}

function stringMap(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** GetDeployment's `embed=apisummary`: `{ "/pets": { "GET": { authorizationType, apiKeyRequired } } }`. */
export function apiSummaryOf(snapshot: DeploymentSnapshot): Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> {
  const summary: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>> = {};
  for (const resource of snapshot.resources) {
    const verbs = Object.values(resource.resourceMethods);
    if (verbs.length === 0) continue;
    summary[resource.path] = Object.fromEntries(
      verbs.map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired }]),
    );
  }
  return summary;
}
