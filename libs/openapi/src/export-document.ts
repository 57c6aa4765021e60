import type { DeploymentSnapshot, IntegrationSnapshot, MethodSnapshot } from '@portico/contracts';
import { stringify as stringifyYaml } from 'yaml';
import { isObject } from './parse-document.js';
import { schemaExample } from './schema-example.js';

export type ExportType = 'oas30' | 'swagger';
export const exportTypes: readonly ExportType[] = ['oas30', 'swagger'];

/**
 * GetExport's `extensions` (spec §1): `integrations` adds `x-amazon-apigateway-integration` and the API-level
 * extensions; `apigateway` adds those plus request validators and authorizers ("all of API Gateway's
 * extensions", so that an export re-imports to the same API); `authorizers` adds `x-amazon-apigateway-authorizer`;
 * `postman` adds example data made from the models (AWS does not document what its Postman extensions hold [I]:
 * Portico writes what Postman's importer reads, OAS 3.0 media-type `example`s and Swagger response `examples` and
 * body-parameter `x-example`s). `validators`, used on one AWS page, is read as `apigateway`.
 */
export interface ExportExtensions {
  integrations: boolean;
  validators: boolean;
  authorizers: boolean;
  postman: boolean;
}

export function parseExportExtensions(value: string | undefined): ExportExtensions | { invalid: string } {
  const out: ExportExtensions = { integrations: false, validators: false, authorizers: false, postman: false };
  for (const raw of (value ?? '').split(',')) {
    const name = raw.trim();
    if (name === '') continue;
    if (name === 'postman') out.postman = true;
    else if (name === 'integrations') out.integrations = true;
    else if (name === 'authorizers') out.authorizers = true;
    else if (name === 'apigateway' || name === 'validators') {
      out.integrations = true;
      out.validators = true;
      out.authorizers = true;
    } else return { invalid: name };
  }
  return out;
}

export interface ExportOptions {
  exportType: ExportType;
  extensions: ExportExtensions;
  stageName: string;
  region: string;
}

const VERB_KEYS: Record<string, string> = {
  GET: 'get',
  PUT: 'put',
  POST: 'post',
  DELETE: 'delete',
  OPTIONS: 'options',
  HEAD: 'head',
  PATCH: 'patch',
  ANY: 'x-amazon-apigateway-any-method',
};
const MODEL_URL = /^https:\/\/apigateway\.amazonaws\.com\/restapis\/[^/]+\/models\/([^/]+)$/;

/**
 * A deployed stage's snapshot as an OpenAPI 3.0 or Swagger 2.0 document, shaped as AWS exports it (spec §1):
 * `servers`/`host`+`basePath` naming the stage, `components: {}` without models, no `x-amazon-apigateway-*` key
 * without `extensions`, enums lower-case inside the integration extension. Endpoint configuration is never
 * exported; only application/json models are.
 */
export function exportOpenApi(snapshot: DeploymentSnapshot, options: ExportOptions): Record<string, unknown> {
  const oas = options.exportType === 'oas30';
  const ext = options.extensions;
  const withApiExtensions = ext.integrations || ext.validators;
  const api = snapshot.api;
  const schemaRef = (name: string) => ({ $ref: oas ? `#/components/schemas/${name}` : `#/definitions/${name}` });
  const models = new Map(snapshot.models.filter((m) => m.contentType === 'application/json').map((m) => [m.name, m]));
  const authorizers = new Map(snapshot.authorizers.map((a) => [a.id, a]));
  const validators = new Map(snapshot.requestValidators.map((v) => [v.id, v]));
  const securitySchemes: Record<string, unknown> = {};
  const schemas = Object.fromEntries([...models.values()].map((m) => [m.name, localRefs(parseSchema(m.schema), oas)]));
  // With `extensions=postman`, a model's example data beside each use of the model.
  const examples = new Map<string, unknown>();
  const exampleOf = (name: string): Record<string, unknown> => {
    if (!ext.postman) return {};
    if (!examples.has(name)) examples.set(name, schemaExample(schemas[name], schemas));
    return { example: examples.get(name) };
  };

  const paths: Record<string, unknown> = {};
  for (const resource of snapshot.resources) {
    const item: Record<string, unknown> = {};
    for (const method of Object.values(resource.resourceMethods)) {
      if (method.httpMethod === 'ANY' && !withApiExtensions && !ext.authorizers) continue;
      item[VERB_KEYS[method.httpMethod]!] = operation(method);
    }
    if (Object.keys(item).length > 0) paths[resource.path] = item;
  }

  function operation(method: MethodSnapshot): Record<string, unknown> {
    const op: Record<string, unknown> = {};
    if (method.operationName !== undefined) op.operationId = method.operationName;
    const parameters = Object.entries(method.requestParameters).flatMap(([key, required]) => {
      const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
      if (!match) return [];
      const location = match[1] === 'querystring' ? 'query' : match[1];
      const typed = oas ? { schema: { type: 'string' } } : { type: 'string' };
      return [{ name: match[2], in: location, required: location === 'path' ? true : required, ...typed }];
    });
    const bodyModels = Object.entries(method.requestModels).filter(([, name]) => models.has(name));
    if (!oas && bodyModels.length > 0) {
      op.consumes = bodyModels.map(([type]) => type);
      const name = bodyModels[0]![1];
      const example = exampleOf(name);
      parameters.push({ in: 'body', name, required: true, schema: schemaRef(name), ...('example' in example && { 'x-example': example.example }) } as never);
    }
    if (!oas) {
      const produces = [...new Set(Object.values(method.methodResponses).flatMap((r) => Object.keys(r.responseModels)))];
      if (produces.length > 0) op.produces = produces;
    }
    if (parameters.length > 0) op.parameters = parameters;
    if (oas && bodyModels.length > 0) {
      op.requestBody = { content: Object.fromEntries(bodyModels.map(([type, name]) => [type, { schema: schemaRef(name), ...exampleOf(name) }])), required: true };
    }
    const responses: Record<string, unknown> = {};
    for (const [code, response] of Object.entries(method.methodResponses)) {
      const out: Record<string, unknown> = { description: `${code} response` };
      const headers = Object.keys(response.responseParameters)
        .map((k) => /^method\.response\.header\.(.+)$/.exec(k)?.[1])
        .filter((h): h is string => h !== undefined);
      if (headers.length > 0) out.headers = Object.fromEntries(headers.map((h) => [h, oas ? { schema: { type: 'string' } } : { type: 'string' }]));
      const responseModels = Object.entries(response.responseModels).filter(([, name]) => models.has(name));
      if (oas) out.content = Object.fromEntries(responseModels.map(([type, name]) => [type, { schema: schemaRef(name), ...exampleOf(name) }]));
      else if (responseModels.length > 0) {
        out.schema = schemaRef(responseModels[0]![1]);
        if (ext.postman) out.examples = Object.fromEntries(responseModels.map(([type, name]) => [type, exampleOf(name).example]));
      }
      responses[code] = out;
    }
    op.responses = responses;

    const security: Array<Record<string, string[]>> = [];
    if (method.apiKeyRequired) {
      securitySchemes.api_key = { type: 'apiKey', name: 'x-api-key', in: 'header' };
      security.push({ api_key: [] });
    }
    if (method.authorizationType === 'AWS_IAM' && (withApiExtensions || ext.authorizers)) {
      securitySchemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
      security.push({ sigv4: [] });
    }
    const authorizer = method.authorizerId !== undefined ? authorizers.get(method.authorizerId) : undefined;
    if (authorizer && (method.authorizationType === 'CUSTOM' || method.authorizationType === 'COGNITO_USER_POOLS')) {
      securitySchemes[authorizer.name] = authorizerScheme(authorizer, ext.authorizers);
      security.push({ [authorizer.name]: method.authorizationType === 'COGNITO_USER_POOLS' ? method.authorizationScopes : [] });
    }
    if (security.length > 0) op.security = [Object.assign({}, ...security)];
    const validator = method.requestValidatorId !== undefined ? validators.get(method.requestValidatorId) : undefined;
    if (ext.validators && validator?.name !== undefined) op['x-amazon-apigateway-request-validator'] = validator.name;
    if (ext.integrations) op['x-amazon-apigateway-integration'] = integrationExtension(method.methodIntegration);
    return op;
  }

  // Authorizers nobody uses are exported too (import creates them even when unused).
  if (ext.authorizers) for (const a of snapshot.authorizers) securitySchemes[a.name] ??= authorizerScheme(a, true);

  const doc: Record<string, unknown> = oas
    ? {
        openapi: '3.0.1',
        info: info(),
        servers: [
          {
            url: `https://${snapshot.restApiId}.execute-api.${options.region}.amazonaws.com/{basePath}`,
            variables: { basePath: { default: options.stageName } },
          },
        ],
        paths,
        components: {
          ...(Object.keys(schemas).length > 0 && { schemas }),
          ...(Object.keys(securitySchemes).length > 0 && { securitySchemes }),
        },
      }
    : {
        swagger: '2.0',
        info: info(),
        host: `${snapshot.restApiId}.execute-api.${options.region}.amazonaws.com`,
        basePath: `/${options.stageName}`,
        schemes: ['https'],
        paths,
        ...(Object.keys(securitySchemes).length > 0 && { securityDefinitions: securitySchemes }),
        ...(Object.keys(schemas).length > 0 && { definitions: schemas }),
      };
  if (withApiExtensions) Object.assign(doc, apiExtensions());
  return doc;

  function info(): Record<string, unknown> {
    return {
      ...(api.description !== undefined && { description: api.description }),
      title: api.name,
      version: api.version ?? new Date(snapshot.createdDate * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }

  function apiExtensions(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (api.binaryMediaTypes.length > 0) out['x-amazon-apigateway-binary-media-types'] = api.binaryMediaTypes;
    if (api.apiKeySource !== 'HEADER') out['x-amazon-apigateway-api-key-source'] = api.apiKeySource;
    if (api.minimumCompressionSize !== undefined) out['x-amazon-apigateway-minimum-compression-size'] = api.minimumCompressionSize;
    if (api.policy !== undefined) out['x-amazon-apigateway-policy'] = parsePolicy(api.policy);
    if (Object.keys(snapshot.gatewayResponses).length > 0) {
      out['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(
        Object.values(snapshot.gatewayResponses).map((g) => [
          g.responseType,
          {
            ...(g.statusCode !== undefined && { statusCode: g.statusCode }),
            ...(Object.keys(g.responseParameters).length > 0 && { responseParameters: g.responseParameters }),
            ...(Object.keys(g.responseTemplates).length > 0 && { responseTemplates: g.responseTemplates }),
          },
        ]),
      );
    }
    if (ext.validators && snapshot.requestValidators.length > 0) {
      out['x-amazon-apigateway-request-validators'] = Object.fromEntries(
        snapshot.requestValidators
          .filter((v) => v.name !== undefined)
          .map((v) => [v.name, { validateRequestBody: v.validateRequestBody, validateRequestParameters: v.validateRequestParameters }]),
      );
    }
    return out;
  }
}

function authorizerScheme(a: DeploymentSnapshot['authorizers'][number], withExtension: boolean): Record<string, unknown> {
  const header = a.identitySource !== undefined ? /^method\.request\.header\.([^,\s]+)$/.exec(a.identitySource)?.[1] : undefined;
  const scheme: Record<string, unknown> = { type: 'apiKey', name: header ?? 'Unused', in: 'header' };
  if (!withExtension) return scheme;
  scheme['x-amazon-apigateway-authtype'] = a.authType ?? (a.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom');
  scheme['x-amazon-apigateway-authorizer'] = {
    type: a.type.toLowerCase(),
    ...(a.authorizerUri !== undefined && { authorizerUri: a.authorizerUri }),
    ...(a.authorizerCredentials !== undefined && { authorizerCredentials: a.authorizerCredentials }),
    ...(a.identitySource !== undefined && { identitySource: a.identitySource }),
    ...(a.identityValidationExpression !== undefined && { identityValidationExpression: a.identityValidationExpression }),
    ...(a.providerARNs.length > 0 && { providerARNs: a.providerARNs }),
    authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
  };
  return scheme;
}

function integrationExtension(i: IntegrationSnapshot): Record<string, unknown> {
  return {
    type: i.type.toLowerCase(),
    ...(i.httpMethod !== undefined && { httpMethod: i.httpMethod }),
    ...(i.uri !== undefined && { uri: i.uri }),
    ...(i.credentials !== undefined && { credentials: i.credentials }),
    ...(i.connectionType !== 'INTERNET' && { connectionType: i.connectionType }),
    ...(i.connectionId !== undefined && { connectionId: i.connectionId }),
    ...(Object.keys(i.integrationResponses).length > 0 && {
      responses: Object.fromEntries(
        Object.values(i.integrationResponses).map((r) => [
          r.selectionPattern === undefined || r.selectionPattern === '' ? 'default' : r.selectionPattern,
          {
            statusCode: r.statusCode,
            ...(Object.keys(r.responseParameters).length > 0 && { responseParameters: r.responseParameters }),
            ...(Object.keys(r.responseTemplates).length > 0 && { responseTemplates: r.responseTemplates }),
            ...(r.contentHandling !== undefined && { contentHandling: r.contentHandling }),
          },
        ]),
      ),
    }),
    ...(Object.keys(i.requestParameters).length > 0 && { requestParameters: i.requestParameters }),
    ...(Object.keys(i.requestTemplates).length > 0 && { requestTemplates: i.requestTemplates }),
    passthroughBehavior: i.passthroughBehavior.toLowerCase(),
    ...(i.contentHandling !== undefined && { contentHandling: i.contentHandling }),
    timeoutInMillis: i.timeoutInMillis,
    ...(i.cacheNamespace !== undefined && { cacheNamespace: i.cacheNamespace }),
    ...(i.cacheKeyParameters.length > 0 && { cacheKeyParameters: i.cacheKeyParameters }),
    ...(i.tlsConfig !== undefined && { tlsConfig: i.tlsConfig }),
  };
}

/** Model URLs back to the document's own references. */
function localRefs(value: unknown, oas: boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => localRefs(v, oas));
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      const name = k === '$ref' && typeof v === 'string' ? MODEL_URL.exec(v)?.[1] : undefined;
      return [k, name !== undefined ? (oas ? `#/components/schemas/${name}` : `#/definitions/${name}`) : localRefs(v, oas)];
    }),
  );
}

function parseSchema(schema: string | undefined): unknown {
  if (schema === undefined) return {};
  try {
    return JSON.parse(schema);
  } catch {
    return {};
  }
}

function parsePolicy(policy: string): unknown {
  try {
    return JSON.parse(policy);
  } catch {
    return policy;
  }
}

/** `Accept: application/yaml` (or any `yaml` type) selects YAML; everything else JSON. */
export function exportFormatFor(accept: string | undefined): 'json' | 'yaml' {
  return accept !== undefined && /yaml/i.test(accept) ? 'yaml' : 'json';
}

export function serializeExport(document: Record<string, unknown>, format: 'json' | 'yaml'): string {
  return format === 'yaml' ? stringifyYaml(document, { aliasDuplicateObjects: false }) : JSON.stringify(document, null, 2);
}
