import { createHash } from 'node:crypto';
import { gatewayResponseTypes, type GatewayResponseSnapshot, type HttpMethod, type MethodResponseSnapshot } from '@portico/contracts';
import { basePathPrefix, documentBasePath, type BasePathMode } from './base-path.js';
import { importIntegration, stringMap, type ImportProblems, type OperationPlace } from './import-integration.js';
import { importSecuritySchemes, methodSecurity, type SecurityScheme } from './import-security.js';
import { isObject, OpenApiImportError, parseOpenApiDocument, type OpenApiDocument, type OpenApiVersion } from './parse-document.js';
import {
  modelUrl,
  type MethodDefinition,
  type ModelDefinition,
  type RequestValidatorDefinition,
  type ResourceDefinition,
  type RestApiDefinition,
} from './rest-api-definition.js';

export interface ImportOptions {
  /** The API's id: model `$ref`s and `execute-api:/*` in the policy name it. */
  restApiId: string;
  region: string;
  accountId: string;
  basePath?: BasePathMode;
  /** `ignore=documentation`: Portico keeps no documentation parts either way; accepted for AWS's parameter. */
  ignoreDocumentation?: boolean;
  /** The account's VPC link ids, which a literal `connectionId` must name; absent, they are not checked. */
  vpcLinkIds?: ReadonlySet<string>;
}

export interface ImportResult {
  definition: RestApiDefinition;
  /** AWS's warning texts, in document order (RestApi.warnings, or the failure message with failonwarnings). */
  warnings: string[];
}

const VERBS: ReadonlyArray<[string, HttpMethod]> = [
  ['get', 'GET'],
  ['put', 'PUT'],
  ['post', 'POST'],
  ['delete', 'DELETE'],
  ['options', 'OPTIONS'],
  ['head', 'HEAD'],
  ['patch', 'PATCH'],
  ['x-amazon-apigateway-any-method', 'ANY'],
];
const LITERAL_PART = /^[A-Za-z0-9._\-:,]+$/;
const VARIABLE_PART = /^\{[A-Za-z0-9._-]+\+?\}$/;
const MODEL_NAME = /^[A-Za-z0-9]+$/;

/** The preamble AWS puts before the list of problems in an import's error and failonwarnings messages. */
export function importErrorMessage(errors: readonly string[]): string {
  return `Errors found during import:\n\t${errors.join('\n\t')}`;
}
export function importWarningsMessage(warnings: readonly string[]): string {
  return `Warnings found during import:\n\t${warnings.join('\n\t')}`;
}

/**
 * Turns an OpenAPI 2.0 or 3.0 document (JSON or YAML text) with `x-amazon-apigateway-*` extensions into the REST
 * resource model (spec §2–§4). A document with errors throws `OpenApiImportError` with AWS's message and nothing
 * is returned, so the caller changes nothing; warnings come back with the definition.
 */
export function importOpenApi(body: string | Uint8Array, options: ImportOptions): ImportResult {
  const { version, document } = parseOpenApiDocument(body);
  return new DocumentImporter(version, substituteAwsVariables(document, options) as OpenApiDocument, options).run();
}

class DocumentImporter implements ImportProblems {
  private readonly warnings: string[] = [];
  private readonly errors: string[] = [];
  private readonly models = new Map<string, ModelDefinition>();
  private schemes = new Map<string, SecurityScheme>();
  private validators = new Map<string, RequestValidatorDefinition>();

  constructor(
    private readonly version: OpenApiVersion,
    private readonly doc: OpenApiDocument,
    private readonly options: ImportOptions,
  ) {}

  warn(message: string): void {
    this.warnings.push(message);
  }
  error(message: string): void {
    this.errors.push(message);
  }

  run(): ImportResult {
    const doc = this.doc;
    const info = isObject(doc.info) ? doc.info : {};
    this.importModels();
    this.schemes = importSecuritySchemes(this.version === '2.0' ? doc.securityDefinitions : isObject(doc.components) ? doc.components.securitySchemes : undefined, this);
    this.importValidators();
    const resources = this.importPaths();
    const definition: RestApiDefinition = {
      name: typeof info.title === 'string' && info.title.trim() !== '' ? info.title : this.fail('Invalid name specified: info.title must be non-empty'),
      ...(typeof info.description === 'string' && { description: info.description }),
      ...(info.version !== undefined && info.version !== null && { version: String(info.version) }),
      binaryMediaTypes: stringList(doc['x-amazon-apigateway-binary-media-types']),
      ...this.apiSettings(),
      resources,
      models: [...this.models.values()],
      requestValidators: [...this.validators.values()],
      authorizers: [...this.schemes.values()].flatMap((s) => (s.kind === 'authorizer' ? [s.authorizer] : [])),
      gatewayResponses: this.importGatewayResponses(),
    };
    if (this.errors.length > 0) throw new OpenApiImportError(importErrorMessage(this.errors));
    return { definition, warnings: this.warnings };
  }

  private fail(message: string): never {
    throw new OpenApiImportError(importErrorMessage([...this.errors, message]));
  }

  /** Root extensions that set RestApi members. */
  private apiSettings(): Partial<RestApiDefinition> {
    const doc = this.doc;
    const out: Partial<RestApiDefinition> = {};
    const source = doc['x-amazon-apigateway-api-key-source'];
    if (source !== undefined) {
      const upper = String(source).toUpperCase();
      if (upper === 'HEADER' || upper === 'AUTHORIZER') out.apiKeySource = upper;
      else this.error(`Invalid API key source specified: ${String(source)}`);
    }
    const size = doc['x-amazon-apigateway-minimum-compression-size'];
    if (size !== undefined) {
      if (Number.isInteger(size) && (size as number) >= 0 && (size as number) <= 10_485_760) out.minimumCompressionSize = size as number;
      else this.error('Invalid minimum compression size, must be between 0 and 10485760');
    }
    const policy = doc['x-amazon-apigateway-policy'];
    if (policy !== undefined) {
      if (isObject(policy)) out.policy = JSON.stringify(expandExecuteApi(policy, this.options));
      else if (typeof policy === 'string') out.policy = policy;
      else this.error('Invalid policy document specified');
    }
    const endpoint = this.endpointExtension();
    if (endpoint) {
      if (typeof endpoint.disableExecuteApiEndpoint === 'boolean') out.disableExecuteApiEndpoint = endpoint.disableExecuteApiEndpoint;
      const ids = stringList(endpoint.vpcEndpointIds);
      if (ids.length > 0) out.vpcEndpointIds = ids;
    }
    return out;
  }

  /** Swagger: at the root; OpenAPI 3: on a Server object. */
  private endpointExtension(): Record<string, unknown> | undefined {
    const key = 'x-amazon-apigateway-endpoint-configuration';
    if (isObject(this.doc[key])) return this.doc[key];
    const servers = Array.isArray(this.doc.servers) ? this.doc.servers.filter(isObject) : [];
    const withExtension = servers.find((s) => isObject(s[key]));
    return withExtension ? (withExtension[key] as Record<string, unknown>) : undefined;
  }

  /** `definitions` / `components.schemas`: one application/json model each, internal refs as model URLs. */
  private importModels(): void {
    const schemas = this.version === '2.0' ? this.doc.definitions : isObject(this.doc.components) ? this.doc.components.schemas : undefined;
    if (!isObject(schemas)) return;
    for (const [name, schema] of Object.entries(schemas)) {
      if (!MODEL_NAME.test(name)) {
        this.warn(`Model name must be alphanumeric: ${name}`);
        continue;
      }
      if (!isObject(schema)) {
        this.error(`Unable to create model '${name}': Invalid model schema specified`);
        continue;
      }
      this.models.set(name, {
        name,
        contentType: 'application/json',
        schema: JSON.stringify(this.rewriteRefs(schema)),
        ...(typeof schema.description === 'string' && { description: schema.description }),
      });
    }
  }

  /** `#/definitions/X` and `#/components/schemas/X` become X's model URL; other refs stay as they are. */
  private rewriteRefs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.rewriteRefs(v));
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      const name = key === '$ref' && typeof v === 'string' ? localModelName(v) : undefined;
      out[key] = name !== undefined ? modelUrl(this.options.restApiId, name) : this.rewriteRefs(v);
    }
    return out;
  }

  /** A model name for a schema: the `$ref`'s target, or a model created for an inline object schema. */
  private modelFor(schema: unknown, place: OperationPlace): string | undefined {
    if (!isObject(schema)) return undefined;
    if (typeof schema.$ref === 'string') {
      const name = localModelName(schema.$ref);
      if (name !== undefined && this.models.has(name)) return name;
      this.warn(`Reference to model '${name ?? schema.$ref}' not found. Ignoring.`);
      return undefined;
    }
    if (schema.type !== 'object' && schema.type !== 'array' && schema.properties === undefined) {
      this.warn(`Unable to create model for '${place.httpMethod} ${place.path}': method request and response schemas must be object types. Ignoring.`);
      return undefined;
    }
    const text = JSON.stringify(this.rewriteRefs(schema));
    const name = `MODEL${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
    if (!this.models.has(name)) this.models.set(name, { name, contentType: 'application/json', schema: text });
    return name;
  }

  private importValidators(): void {
    const raw = this.doc['x-amazon-apigateway-request-validators'];
    if (!isObject(raw)) return;
    for (const [name, v] of Object.entries(raw)) {
      if (!isObject(v)) continue;
      this.validators.set(name, { name, validateRequestBody: v.validateRequestBody === true, validateRequestParameters: v.validateRequestParameters === true });
    }
  }

  private importGatewayResponses(): Record<string, GatewayResponseSnapshot> {
    const raw = this.doc['x-amazon-apigateway-gateway-responses'];
    const out: Record<string, GatewayResponseSnapshot> = {};
    if (!isObject(raw)) return out;
    const place = { path: '/', httpMethod: 'ANY' };
    for (const [type, response] of Object.entries(raw)) {
      if (!(gatewayResponseTypes as readonly string[]).includes(type)) {
        this.warn(`Invalid gateway response type specified: ${type}. Ignoring.`);
        continue;
      }
      if (!isObject(response)) continue;
      const statusCode = response.statusCode === undefined ? undefined : String(response.statusCode);
      if (statusCode !== undefined && !/^[1-5]\d\d$/.test(statusCode)) {
        this.error(`Unable to put gateway response '${type}': Invalid status code specified: ${statusCode}`);
        continue;
      }
      out[type] = {
        responseType: type,
        ...(statusCode !== undefined && { statusCode }),
        responseParameters: stringMap(response.responseParameters, 'responseParameters', place, this),
        responseTemplates: stringMap(response.responseTemplates, 'responseTemplates', place, this),
      };
    }
    return out;
  }

  private importPaths(): ResourceDefinition[] {
    const paths = isObject(this.doc.paths) ? this.doc.paths : {};
    const prefix = basePathPrefix(this.options.basePath ?? 'ignore', documentBasePath(this.version, this.doc));
    const resources = new Map<string, ResourceDefinition>([['/', { path: '/', methods: {} }]]);
    const rootValidator = typeof this.doc['x-amazon-apigateway-request-validator'] === 'string' ? this.doc['x-amazon-apigateway-request-validator'] : undefined;

    // The base path's own resources exist with prepend/split even when no path is defined on them.
    const wanted = Object.keys(paths);
    for (const rawPath of wanted) {
      const item = this.resolve(paths[rawPath]);
      if (!isObject(item)) continue;
      const path = joinPath(prefix, rawPath);
      const resource = this.ensureResource(resources, path);
      if (!resource) continue;
      const shared = Array.isArray(item.parameters) ? item.parameters : [];
      for (const [key, verb] of VERBS) {
        const operation = item[key];
        if (!isObject(operation)) continue;
        const method = this.importOperation(operation, shared, { path, httpMethod: verb }, rootValidator);
        if (method) resource.methods[verb] = method;
      }
    }
    if (prefix !== '') this.ensureResource(resources, prefix);
    return [...resources.values()].sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** The resource at `path` and every missing ancestor; undefined (with an error) for an invalid path. */
  private ensureResource(resources: Map<string, ResourceDefinition>, path: string): ResourceDefinition | undefined {
    if (!path.startsWith('/')) {
      this.error(`Unable to create resource at path '${path}': Invalid resource path specified`);
      return undefined;
    }
    const segments = path.split('/').filter((s) => s !== '');
    let current = '';
    let resource = resources.get('/')!;
    for (const [i, segment] of segments.entries()) {
      if (!LITERAL_PART.test(segment) && !VARIABLE_PART.test(segment)) {
        this.error(
          `Unable to create resource at path '${path}': Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.`,
        );
        return undefined;
      }
      if (segment.endsWith('+}') && i < segments.length - 1) {
        this.error(`Unable to create resource at path '${path}': A greedy path variable must be the last path part`);
        return undefined;
      }
      current = `${current}/${segment}`;
      let next = resources.get(current);
      if (!next) {
        next = { path: current, pathPart: segment, methods: {} };
        resources.set(current, next);
      }
      resource = next;
    }
    return resource;
  }

  private importOperation(
    operation: Record<string, unknown>,
    sharedParameters: unknown[],
    place: OperationPlace,
    rootValidator: string | undefined,
  ): MethodDefinition | undefined {
    const security = methodSecurity(operation, this.doc.security, this.schemes);
    const requestParameters: Record<string, boolean> = {};
    const requestModels: Record<string, string> = {};
    const ownParameters = Array.isArray(operation.parameters) ? operation.parameters : [];
    // Operation parameters override path-item parameters with the same name and location.
    for (const raw of [...sharedParameters, ...ownParameters]) {
      const parameter = this.resolve(raw);
      if (!isObject(parameter) || typeof parameter.name !== 'string') continue;
      const location = parameter.in === 'query' ? 'querystring' : parameter.in === 'header' ? 'header' : parameter.in === 'path' ? 'path' : undefined;
      if (location) requestParameters[`method.request.${location}.${parameter.name}`] = location === 'path' || parameter.required === true;
      else if (parameter.in === 'body') {
        const model = this.modelFor(parameter.schema, place);
        if (model) for (const type of this.consumes(operation)) requestModels[type] = model;
      }
    }
    const body = this.resolve(operation.requestBody);
    if (isObject(body) && isObject(body.content)) {
      for (const [type, media] of Object.entries(body.content)) {
        const model = isObject(media) ? this.modelFor(media.schema, place) : undefined;
        if (model) requestModels[type] = model;
      }
    }

    const validatorName = typeof operation['x-amazon-apigateway-request-validator'] === 'string' ? operation['x-amazon-apigateway-request-validator'] : rootValidator;
    let requestValidatorName: string | undefined;
    if (validatorName !== undefined) {
      if (this.validators.has(validatorName)) requestValidatorName = validatorName;
      else this.error(`Unable to put method '${place.httpMethod}' on resource at path '${place.path}': Invalid request validator name specified: ${validatorName}`);
    }

    const extension = operation['x-amazon-apigateway-integration'];
    const integration = extension === undefined ? undefined : importIntegration(extension, place, this, this.options.vpcLinkIds);
    return {
      httpMethod: place.httpMethod as HttpMethod,
      authorizationType: security.authorizationType,
      ...(security.authorizerName !== undefined && { authorizerName: security.authorizerName }),
      apiKeyRequired: security.apiKeyRequired,
      ...(typeof operation.operationId === 'string' && { operationName: operation.operationId }),
      ...(requestValidatorName !== undefined && { requestValidatorName }),
      requestParameters,
      requestModels,
      authorizationScopes: security.authorizationScopes,
      methodResponses: this.importResponses(operation, place),
      ...(integration && { integration }),
    };
  }

  private importResponses(operation: Record<string, unknown>, place: OperationPlace): Record<string, MethodResponseSnapshot> {
    const out: Record<string, MethodResponseSnapshot> = {};
    if (!isObject(operation.responses)) return out;
    for (const [code, raw] of Object.entries(operation.responses)) {
      // `default` and ranges (`4XX`) have no MethodResponse in API Gateway.
      if (!/^[1-5]\d\d$/.test(code)) continue;
      const response = this.resolve(raw);
      if (!isObject(response)) continue;
      const responseParameters: Record<string, boolean> = {};
      if (isObject(response.headers)) for (const header of Object.keys(response.headers)) responseParameters[`method.response.header.${header}`] = false;
      const responseModels: Record<string, string> = {};
      if (this.version === '2.0') {
        const model = response.schema === undefined ? undefined : this.modelFor(response.schema, place);
        if (model) for (const type of this.produces(operation)) responseModels[type] = model;
      } else if (isObject(response.content)) {
        for (const [type, media] of Object.entries(response.content)) {
          const model = isObject(media) && media.schema !== undefined ? this.modelFor(media.schema, place) : undefined;
          if (model) responseModels[type] = model;
        }
      }
      out[code] = { statusCode: code, responseParameters, responseModels };
    }
    return out;
  }

  private consumes(operation: Record<string, unknown>): string[] {
    const own = stringList(operation.consumes);
    const root = stringList(this.doc.consumes);
    return own.length > 0 ? own : root.length > 0 ? root : ['application/json'];
  }

  private produces(operation: Record<string, unknown>): string[] {
    const own = stringList(operation.produces);
    const root = stringList(this.doc.produces);
    return own.length > 0 ? own : root.length > 0 ? root : ['application/json'];
  }

  /** Follows a local `$ref` (`#/parameters/X`, `#/components/responses/X`, …) for anything but schemas. */
  private resolve(value: unknown, seen = 0): unknown {
    if (!isObject(value) || typeof value.$ref !== 'string') return value;
    if (seen > 20 || !value.$ref.startsWith('#/')) return undefined;
    let target: unknown = this.doc;
    for (const raw of value.$ref.slice(2).split('/')) {
      const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      target = isObject(target) ? target[part] : undefined;
    }
    return this.resolve(target, seen + 1);
  }
}

function localModelName(ref: string): string | undefined {
  const match = /^#\/(?:definitions|components\/schemas)\/([^/]+)$/.exec(ref);
  return match ? match[1] : undefined;
}

function joinPath(prefix: string, path: string): string {
  if (prefix === '') return path;
  return path === '/' ? prefix : `${prefix}${path}`;
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** `${AWS::AccountId}`, `${AWS::Partition}` and `${AWS::Region}` are substituted in every string at import. */
function substituteAwsVariables(value: unknown, options: ImportOptions): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${AWS::')) return value;
    return value.replaceAll('${AWS::AccountId}', options.accountId).replaceAll('${AWS::Partition}', 'aws').replaceAll('${AWS::Region}', options.region);
  }
  if (Array.isArray(value)) return value.map((v) => substituteAwsVariables(v, options));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteAwsVariables(v, options)]));
  return value;
}

/** In `x-amazon-apigateway-policy`, `execute-api:/…` names this API: `arn:aws:execute-api:{region}:{account}:{apiId}/…`. */
function expandExecuteApi(value: unknown, options: ImportOptions): unknown {
  if (typeof value === 'string') {
    return value.startsWith('execute-api:/') ? `arn:aws:execute-api:${options.region}:${options.accountId}:${options.restApiId}/${value.slice('execute-api:/'.length)}` : value;
  }
  if (Array.isArray(value)) return value.map((v) => expandExecuteApi(v, options));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandExecuteApi(v, options)]));
  return value;
}
