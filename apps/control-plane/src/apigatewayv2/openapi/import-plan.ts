import { AdminError, badRequest, type CorsConfiguration } from '@portico/contracts';
import { checkAuthorizer, type AuthorizerState } from '../authorizers/authorizer.input.js';
import { checkIntegration, type IntegrationState } from '../integrations/integration.input.js';
import { checkRoute, type RouteState } from '../routes/route.input.js';
import { parseCors } from '../v2-validation.js';
import { isLiteralConnectionId, VPC_LINK_NOT_FOUND } from '../../apigateway/vpc-links/vpc-link-references.js';

/** What an OpenAPI document makes of an HTTP API, validated as the /v2 writes validate (spec §1.5). */
export interface ImportPlan {
  name: string;
  version?: string;
  description?: string;
  corsConfiguration?: CorsConfiguration;
  tags: Record<string, string>;
  authorizers: Array<{ key: string; state: AuthorizerState }>;
  integrations: IntegrationState[];
  /** Routes with the index of their integration in `integrations` and the key of their authorizer. */
  routes: Array<{ state: RouteState; integration?: number; authorizer?: string }>;
  importInfo: string[];
  warnings: string[];
}

export type BasePathMode = 'ignore' | 'prepend' | 'split';

const OPERATIONS: Record<string, string> = { get: 'GET', put: 'PUT', post: 'POST', delete: 'DELETE', options: 'OPTIONS', head: 'HEAD', patch: 'PATCH', 'x-amazon-apigateway-any-method': 'ANY' };
const INTEGRATION_TYPES: Record<string, IntegrationState['integrationType']> = { aws_proxy: 'AWS_PROXY', http_proxy: 'HTTP_PROXY' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** Runs a /v2 check and names the part of the document it was about when it fails. */
function within<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AdminError) throw badRequest(`Invalid OpenAPI definition at ${where}: ${error.message}`);
    throw error;
  }
}

function basePathOf(document: Obj): string {
  const server = Array.isArray(document.servers) && isObj(document.servers[0]) ? document.servers[0] : undefined;
  if (!server) return '';
  const variables = isObj(server.variables) ? server.variables : {};
  const basePath = isObj(variables.basePath) ? str(variables.basePath.default) : undefined;
  if (basePath !== undefined) return basePath.replace(/^\/+|\/+$/g, '');
  const url = str(server.url) ?? '';
  const path = url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\{[^}]*\}/g, '');
  return path.replace(/^\/+|\/+$/g, '');
}

function applyBasePath(path: string, mode: BasePathMode, basePath: string): string {
  if (mode === 'prepend' && basePath !== '') return `/${basePath}${path === '/' ? '' : path}`;
  if (mode === 'split') {
    const rest = path.split('/').slice(2).join('/');
    return `/${rest}`;
  }
  return path;
}

function authorizerOf(key: string, scheme: Obj): AuthorizerState | 'AWS_IAM' | undefined {
  const extension = scheme['x-amazon-apigateway-authorizer'];
  if (str(scheme['x-amazon-apigateway-authtype'])?.toLowerCase() === 'awssigv4') return 'AWS_IAM';
  if (!isObj(extension)) {
    // An openIdConnect scheme without the extension: a JWT authorizer whose issuer is the discovery URL's base.
    if (scheme.type === 'openIdConnect' && typeof scheme.openIdConnectUrl === 'string') {
      return within(`components.securitySchemes.${key}`, () =>
        checkAuthorizer({ name: key, authorizerType: 'JWT', identitySource: ['$request.header.Authorization'], jwtConfiguration: { issuer: scheme.openIdConnectUrl!.toString().replace(/\/\.well-known\/openid-configuration$/, ''), audience: [] } }),
      );
    }
    return undefined;
  }
  const type = str(extension.type)?.toLowerCase();
  const sources = typeof extension.identitySource === 'string' ? extension.identitySource.split(',').map((s) => s.trim()).filter((s) => s !== '') : Array.isArray(extension.identitySource) ? extension.identitySource.map(String) : undefined;
  if (type === 'jwt') {
    const jwt = isObj(extension.jwtConfiguration) ? extension.jwtConfiguration : {};
    let issuer = str(jwt.issuer);
    if (issuer === undefined && typeof scheme.openIdConnectUrl === 'string') issuer = scheme.openIdConnectUrl.replace(/\/\.well-known\/openid-configuration$/, '');
    return within(`components.securitySchemes.${key}`, () =>
      checkAuthorizer({
        name: key,
        authorizerType: 'JWT',
        identitySource: sources ?? ['$request.header.Authorization'],
        jwtConfiguration: { issuer, audience: Array.isArray(jwt.audience) ? jwt.audience.map(String) : [] },
      }),
    );
  }
  if (type === 'request') {
    return within(`components.securitySchemes.${key}`, () =>
      checkAuthorizer({
        name: key,
        authorizerType: 'REQUEST',
        authorizerUri: str(extension.authorizerUri),
        authorizerCredentialsArn: str(extension.authorizerCredentials),
        authorizerPayloadFormatVersion: str(extension.authorizerPayloadFormatVersion) as '1.0' | '2.0' | undefined,
        authorizerResultTtlInSeconds: typeof extension.authorizerResultTtlInSeconds === 'number' ? extension.authorizerResultTtlInSeconds : undefined,
        enableSimpleResponses: extension.enableSimpleResponses === true,
        identitySource: sources ?? [],
      }),
    );
  }
  throw badRequest(`Invalid OpenAPI definition at components.securitySchemes.${key}: authorizer type ${String(extension.type)} is not supported for HTTP APIs (jwt or request)`);
}

function stringMap(value: unknown): Record<string, string> {
  if (!isObj(value)) return {};
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (str(v) !== undefined ? [[k, str(v)!]] : [])));
}

/**
 * The integration of an operation, or a warning when AWS would not import it (integration types HTTP APIs do
 * not have): `undefined` with the warning recorded.
 */
function integrationOf(where: string, extension: Obj, plan: ImportPlan, vpcLinkIds: ReadonlySet<string> | undefined): IntegrationState | undefined {
  const rawType = str(extension.type)?.toLowerCase() ?? '';
  const type = INTEGRATION_TYPES[rawType];
  if (type === undefined) {
    plan.warnings.push(`Unsupported integration type '${rawType.toUpperCase()}' at ${where}: HTTP APIs support AWS_PROXY and HTTP_PROXY; the route was imported without an integration`);
    return undefined;
  }
  const responseParameters: Record<string, Record<string, string>> = {};
  if (isObj(extension.responseParameters)) for (const [status, mappings] of Object.entries(extension.responseParameters)) responseParameters[status] = stringMap(mappings);
  const tls = isObj(extension.tlsConfig) ? extension.tlsConfig : undefined;
  const state = within(where, () =>
    checkIntegration({
      integrationType: type,
      integrationSubtype: str(extension.integrationSubtype) ?? null,
      integrationMethod: str(extension.httpMethod)?.toUpperCase() ?? (type === 'AWS_PROXY' ? 'POST' : null),
      integrationUri: str(extension.uri) ?? null,
      payloadFormatVersion: (str(extension.payloadFormatVersion) ?? (type === 'AWS_PROXY' && extension.integrationSubtype === undefined ? '2.0' : '1.0')) as '1.0' | '2.0',
      connectionType: (str(extension.connectionType)?.toUpperCase() ?? 'INTERNET') as 'INTERNET' | 'VPC_LINK',
      connectionId: str(extension.connectionId) ?? null,
      credentialsArn: str(extension.credentials) ?? null,
      timeoutInMillis: typeof extension.timeoutInMillis === 'number' ? extension.timeoutInMillis : undefined,
      requestParameters: stringMap(extension.requestParameters),
      responseParameters,
      tlsConfig: tls && str(tls.serverNameToVerify) ? { serverNameToVerify: str(tls.serverNameToVerify)! } : null,
    }),
  );
  // A literal connectionId must name one of the account's v2 links, as CreateIntegration requires (an error, not a
  // warning: the API would have a route that cannot be served) [I].
  const id = state.connectionId;
  if (state.connectionType === 'VPC_LINK' && id && vpcLinkIds && isLiteralConnectionId(id) && !vpcLinkIds.has(id)) {
    throw badRequest(`Invalid OpenAPI definition at ${where}: ${VPC_LINK_NOT_FOUND}`);
  }
  return state;
}

/** Builds the import plan of an OpenAPI 3.0 document (already parsed and with pseudo parameters substituted). */
export function planImport(document: Obj, mode: BasePathMode, vpcLinkIds?: ReadonlySet<string>): ImportPlan {
  const info = isObj(document.info) ? document.info : {};
  const name = str(info.title);
  if (name === undefined || name === '') throw badRequest('Invalid OpenAPI definition: info.title is required (it becomes the API name)');
  const plan: ImportPlan = { name, version: str(info.version), description: str(info.description), tags: {}, authorizers: [], integrations: [], routes: [], importInfo: [], warnings: [] };
  const cors = document['x-amazon-apigateway-cors'];
  if (isObj(cors)) plan.corsConfiguration = within('x-amazon-apigateway-cors', () => parseCors({ cors }, 'cors'));
  if (Array.isArray(document.tags)) {
    for (const tag of document.tags) if (isObj(tag) && str(tag.name) && str(tag['x-amazon-apigateway-tag-value']) !== undefined) plan.tags[str(tag.name)!] = str(tag['x-amazon-apigateway-tag-value'])!;
  }

  const components = isObj(document.components) ? document.components : {};
  const schemes = isObj(components.securitySchemes) ? components.securitySchemes : {};
  const schemeKinds = new Map<string, 'AWS_IAM' | 'JWT' | 'REQUEST'>();
  for (const [key, scheme] of Object.entries(schemes)) {
    if (!isObj(scheme)) continue;
    const authorizer = authorizerOf(key, scheme);
    if (authorizer === 'AWS_IAM') schemeKinds.set(key, 'AWS_IAM');
    else if (authorizer !== undefined) {
      schemeKinds.set(key, authorizer.authorizerType);
      plan.authorizers.push({ key, state: authorizer });
    }
  }
  const shared = isObj(components['x-amazon-apigateway-integrations']) ? components['x-amazon-apigateway-integrations'] : {};
  const sharedIndex = new Map<string, number | undefined>();
  const basePath = basePathOf(document);
  const paths = isObj(document.paths) ? document.paths : {};
  const globalSecurity = Array.isArray(document.security) ? document.security : undefined;
  let requestBodies = 0;

  for (const [rawPath, item] of Object.entries(paths)) {
    if (!isObj(item)) continue;
    for (const [operationKey, operation] of Object.entries(item)) {
      const method = OPERATIONS[operationKey];
      if (method === undefined || !isObj(operation)) continue;
      const where = `paths.${rawPath}.${operationKey}`;
      const isDefault = rawPath === '/$default' || (operationKey === 'x-amazon-apigateway-any-method' && operation.isDefaultRoute === true);
      const routeKey = isDefault ? '$default' : `${method} ${applyBasePath(rawPath, mode, basePath)}`;
      if (operation.requestBody !== undefined) requestBodies++;

      let integration: number | undefined;
      let extension = operation['x-amazon-apigateway-integration'];
      if (isObj(extension) && typeof extension.$ref === 'string') {
        const ref = extension.$ref;
        const refKey = ref.replace(/^#\/components\/x-amazon-apigateway-integrations\//, '');
        if (!sharedIndex.has(refKey)) {
          const target = shared[refKey];
          if (!isObj(target)) throw badRequest(`Invalid OpenAPI definition at ${where}: unresolved integration reference ${ref}`);
          const state = integrationOf(`components.x-amazon-apigateway-integrations.${refKey}`, target, plan, vpcLinkIds);
          sharedIndex.set(refKey, state === undefined ? undefined : plan.integrations.push(state) - 1);
        }
        integration = sharedIndex.get(refKey);
        extension = undefined;
      }
      if (isObj(extension)) {
        const state = integrationOf(where, extension, plan, vpcLinkIds);
        if (state !== undefined) integration = plan.integrations.push(state) - 1;
      }

      const security = Array.isArray(operation.security) ? operation.security : globalSecurity;
      const requirements = (security ?? []).filter(isObj).filter((requirement) => Object.keys(requirement).length > 0);
      if (requirements.length > 1 || requirements.some((r) => Object.keys(r).length > 1)) {
        throw badRequest(`Invalid OpenAPI definition at ${where}: an operation may have one security requirement (IAM, Lambda or JWT)`);
      }
      let authorizationType: RouteState['authorizationType'] = 'NONE';
      let authorizer: string | undefined;
      let scopes: string[] = [];
      const requirement = requirements[0];
      if (requirement) {
        const [schemeKey, requested] = Object.entries(requirement)[0]!;
        const kind = schemeKinds.get(schemeKey);
        if (kind === undefined) throw badRequest(`Invalid OpenAPI definition at ${where}: security scheme ${schemeKey} is not defined as an authorizer`);
        authorizationType = kind === 'JWT' ? 'JWT' : kind === 'REQUEST' ? 'CUSTOM' : 'AWS_IAM';
        if (kind !== 'AWS_IAM') authorizer = schemeKey;
        if (kind === 'JWT' && Array.isArray(requested)) scopes = requested.map(String);
      }
      const state = within(where, () =>
        checkRoute({
          routeKey,
          authorizationType,
          // A placeholder id: the real one is known once the authorizer row exists.
          authorizerId: authorizer !== undefined ? 'pending' : null,
          authorizationScopes: scopes,
          target: null,
          operationName: str(operation.operationId) ?? null,
        }),
      );
      if (plan.routes.some((route) => route.state.routeKey === routeKey)) throw badRequest(`Invalid OpenAPI definition at ${where}: route ${routeKey} is defined twice`);
      plan.routes.push({ state, integration, authorizer });
    }
  }
  if (requestBodies > 0) plan.importInfo.push(`requestBody is not supported by HTTP APIs and was ignored (${requestBodies} operation${requestBodies === 1 ? '' : 's'})`);
  return plan;
}
