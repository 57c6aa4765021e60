import type { HttpAuthorizerSnapshot, HttpIntegrationSnapshot, HttpRouteSnapshot } from '@portico/contracts';
import { corsWire } from '../v2-validation.js';
import type { FrozenHttpApi } from '../http-api-snapshot.rows.js';

/** What ExportApi describes besides the frozen rows: the API's descriptive members and where it is served. */
export interface ExportContext {
  name: string;
  version?: string;
  description?: string;
  region: string;
  stageName?: string;
  includeExtensions: boolean;
  tags: Record<string, string>;
}

type Obj = Record<string, unknown>;

const PATH_PARAMETER = /\{([A-Za-z0-9._-]+)\+?\}/g;

function integrationExtension(integration: HttpIntegrationSnapshot): Obj {
  return Object.fromEntries(
    Object.entries({
      type: integration.integrationType.toLowerCase(),
      integrationSubtype: integration.integrationSubtype,
      httpMethod: integration.integrationMethod,
      uri: integration.integrationUri,
      payloadFormatVersion: integration.payloadFormatVersion,
      connectionType: integration.connectionType,
      connectionId: integration.connectionId,
      credentials: integration.credentialsArn,
      timeoutInMillis: integration.timeoutInMillis,
      requestParameters: Object.keys(integration.requestParameters).length > 0 ? integration.requestParameters : undefined,
      responseParameters: Object.keys(integration.responseParameters).length > 0 ? integration.responseParameters : undefined,
      tlsConfig: integration.tlsConfig,
    }).filter(([, v]) => v !== undefined),
  );
}

function securitySchemeOf(authorizer: HttpAuthorizerSnapshot, includeExtensions: boolean): Obj {
  if (authorizer.authorizerType === 'JWT') {
    const scheme: Obj = { type: 'oauth2', flows: {} };
    if (includeExtensions) {
      scheme['x-amazon-apigateway-authorizer'] = { type: 'jwt', identitySource: authorizer.identitySource.join(','), jwtConfiguration: authorizer.jwtConfiguration };
    }
    return scheme;
  }
  const header = /^\$request\.header\.(.+)$/.exec(authorizer.identitySource[0] ?? '')?.[1] ?? 'Authorization';
  const scheme: Obj = { type: 'apiKey', name: header, in: 'header' };
  if (includeExtensions) {
    scheme['x-amazon-apigateway-authorizer'] = Object.fromEntries(
      Object.entries({
        type: 'request',
        identitySource: authorizer.identitySource.join(','),
        authorizerUri: authorizer.authorizerUri,
        authorizerCredentials: authorizer.authorizerCredentialsArn,
        authorizerPayloadFormatVersion: authorizer.authorizerPayloadFormatVersion,
        authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds,
        enableSimpleResponses: authorizer.enableSimpleResponses,
      }).filter(([, v]) => v !== undefined),
    );
  }
  return scheme;
}

function operationOf(route: HttpRouteSnapshot, frozen: FrozenHttpApi, context: ExportContext): Obj {
  const operation: Obj = {};
  if (route.operationName) operation.operationId = route.operationName;
  const parameters = [...route.routeKey.matchAll(PATH_PARAMETER)].map((match) => ({ name: match[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (parameters.length > 0) operation.parameters = parameters;
  operation.responses = { default: { description: `Default response for ${route.routeKey}` } };
  const authorizer = route.authorizerId ? frozen.authorizers.find((a) => a.authorizerId === route.authorizerId) : undefined;
  if (authorizer) operation.security = [{ [authorizer.name]: route.authorizationType === 'JWT' ? route.authorizationScopes : [] }];
  else if (route.authorizationType === 'AWS_IAM') operation.security = [{ sigv4: [] }];
  if (route.routeKey === '$default' && context.includeExtensions) operation.isDefaultRoute = true;
  const integration = route.target ? frozen.integrations.find((i) => `integrations/${i.integrationId}` === route.target) : undefined;
  if (integration && context.includeExtensions) operation['x-amazon-apigateway-integration'] = integrationExtension(integration);
  return operation;
}

/**
 * ExportApi's OpenAPI 3.0 document of an HTTP API (spec §1.5): one operation per route (`ANY` and `$default` as
 * `x-amazon-apigateway-any-method`, the latter under `/$default`), integrations inline, authorizers as security
 * schemes, CORS as `x-amazon-apigateway-cors`. `includeExtensions: false` leaves every `x-amazon-apigateway-*` out.
 */
export function exportOpenApi(frozen: FrozenHttpApi, context: ExportContext): Obj {
  const paths: Record<string, Obj> = {};
  const ordered = [...frozen.routes].sort((a, b) => (a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0));
  for (const route of ordered) {
    const [method, path] = route.routeKey === '$default' ? ['ANY', '/$default'] : (route.routeKey.split(' ') as [string, string]);
    const key = method === 'ANY' ? 'x-amazon-apigateway-any-method' : method.toLowerCase();
    (paths[path] ??= {})[key] = operationOf(route, frozen, context);
  }
  const securitySchemes: Obj = {};
  for (const authorizer of frozen.authorizers) securitySchemes[authorizer.name] = securitySchemeOf(authorizer, context.includeExtensions);
  if (frozen.routes.some((route) => route.authorizationType === 'AWS_IAM')) {
    securitySchemes.sigv4 = { type: 'apiKey', name: 'Authorization', in: 'header', ...(context.includeExtensions && { 'x-amazon-apigateway-authtype': 'awsSigv4' }) };
  }
  const document: Obj = {
    openapi: '3.0.1',
    info: { title: context.name, ...(context.description && { description: context.description }), version: context.version ?? '1.0' },
    servers: [
      {
        url: `https://${frozen.api.apiId}.execute-api.${context.region}.amazonaws.com/{basePath}`,
        variables: { basePath: { default: context.stageName === undefined || context.stageName === '$default' ? '' : context.stageName } },
      },
    ],
    paths,
  };
  const tags = Object.entries(context.tags);
  if (tags.length > 0) document.tags = tags.map(([name, value]) => ({ name, ...(context.includeExtensions && { 'x-amazon-apigateway-tag-value': value }) }));
  if (Object.keys(securitySchemes).length > 0) document.components = { securitySchemes };
  if (context.includeExtensions) {
    const cors = corsWire(frozen.api.corsConfiguration);
    if (cors) document['x-amazon-apigateway-cors'] = cors;
    document['x-amazon-apigateway-importexport-version'] = '1.0';
  }
  return document;
}
