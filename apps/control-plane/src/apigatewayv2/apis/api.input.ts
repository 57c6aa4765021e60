import { badRequest, httpRouteSelectionExpressions, HTTP_ROUTE_SELECTION_EXPRESSION, type CorsConfiguration } from '@portico/contracts';
import { LIMITS } from '../../common/limits.js';
import { bodyObject, read } from '../../common/validation.js';
import { checkSelectionExpression, ROUTE_SELECTION_SOURCES } from '../websocket-selection.js';
import { checkLength, oneOf, onlyFor, parseCors, required, tagsOf, type V2ProtocolType } from '../v2-validation.js';

/** CreateApi's and UpdateApi's members (UpdateApi: all optional, absent = unchanged). */
export interface ApiInput {
  name?: string;
  description?: string;
  version?: string;
  routeSelectionExpression?: string;
  apiKeySelectionExpression?: string;
  corsConfiguration?: CorsConfiguration;
  disableExecuteApiEndpoint?: boolean;
  disableSchemaValidation?: boolean;
  ipAddressType?: 'ipv4' | 'dualstack';
  /** Quick create (spec §1.4). */
  target?: string;
  routeKey?: string;
  credentialsArn?: string;
}

export interface CreateApiInput extends ApiInput {
  name: string;
  protocolType: V2ProtocolType;
  tags: Record<string, string>;
}

const API_KEY_SELECTION_EXPRESSIONS = ['$request.header.x-api-key', '$context.authorizer.usageIdentifierKey'] as const;
export const DEFAULT_API_KEY_SELECTION_EXPRESSION = API_KEY_SELECTION_EXPRESSIONS[0];

function parseApiMembers(body: Record<string, unknown>, protocolType: V2ProtocolType): ApiInput {
  const input: ApiInput = {
    name: read.string(body, 'name'),
    description: read.string(body, 'description'),
    version: read.string(body, 'version'),
    routeSelectionExpression: read.string(body, 'routeSelectionExpression'),
    apiKeySelectionExpression: read.string(body, 'apiKeySelectionExpression'),
    corsConfiguration: parseCors(body),
    disableExecuteApiEndpoint: read.boolean(body, 'disableExecuteApiEndpoint'),
    disableSchemaValidation: read.boolean(body, 'disableSchemaValidation'),
    ipAddressType: oneOf(read.string(body, 'ipAddressType'), ['ipv4', 'dualstack'] as const, 'ipAddressType'),
    target: read.string(body, 'target'),
    routeKey: read.string(body, 'routeKey'),
    credentialsArn: read.string(body, 'credentialsArn'),
  };
  checkLength(input.name, 1, 128, 'name');
  checkLength(input.description, 0, 1024, 'description');
  checkLength(input.version, 1, 64, 'version');
  checkLength(input.credentialsArn, 1, LIMITS.arn, 'credentialsArn');
  checkLength(input.target, 1, LIMITS.uri, 'target');
  oneOf(input.apiKeySelectionExpression, API_KEY_SELECTION_EXPRESSIONS, 'apiKeySelectionExpression');
  if (protocolType === 'WEBSOCKET') {
    // WebSocket APIs select routes on the message body (spec websocket §2); CORS and quick create are HTTP's.
    if (input.routeSelectionExpression !== undefined) checkSelectionExpression(input.routeSelectionExpression, 'routeSelectionExpression', ROUTE_SELECTION_SOURCES);
    if (input.corsConfiguration !== undefined) onlyFor('HTTP', 'CORS configuration');
    for (const member of ['target', 'routeKey', 'credentialsArn'] as const) if (input[member] !== undefined) onlyFor('HTTP', `${member} (quick create)`);
    return input;
  }
  // HTTP APIs have one route selection (spec §4); AWS accepts it in both spellings.
  if (input.routeSelectionExpression !== undefined && !(httpRouteSelectionExpressions as readonly string[]).includes(input.routeSelectionExpression)) {
    throw badRequest(`Unsupported routeSelectionExpression for HTTP APIs: ${input.routeSelectionExpression}. Only ${HTTP_ROUTE_SELECTION_EXPRESSION} is supported`);
  }
  if (input.disableSchemaValidation === true) throw badRequest('disableSchemaValidation is supported only for WebSocket APIs');
  if (input.credentialsArn !== undefined && input.target === undefined) throw badRequest('credentialsArn is supported only with target (quick create)');
  return input;
}

export function parseCreateApi(rawBody: unknown): CreateApiInput {
  const body = bodyObject(rawBody);
  const protocolType = required(read.string(body, 'protocolType'), 'protocolType');
  if (protocolType !== 'HTTP' && protocolType !== 'WEBSOCKET') throw badRequest(`Invalid protocolType specified: ${protocolType}. Valid values are HTTP, WEBSOCKET`);
  const input = parseApiMembers(body, protocolType);
  // AWS's text [I: CloudFormation's wording of the same rule].
  if (protocolType === 'WEBSOCKET' && input.routeSelectionExpression === undefined) throw badRequest('RouteSelectionExpression is required for WEBSOCKET protocol');
  if (input.routeKey !== undefined && input.target === undefined) throw badRequest('routeKey is supported only with target (quick create)');
  return { ...input, name: required(input.name, 'name'), protocolType, tags: tagsOf(body) ?? {} };
}

/** UpdateApi's body, by the API's protocol (which no update changes: spec websocket §1). */
export function parseUpdateApi(rawBody: unknown, protocolType: V2ProtocolType = 'HTTP'): ApiInput {
  const body = bodyObject(rawBody);
  const sent = read.string(body, 'protocolType');
  if (sent !== undefined) throw badRequest('protocolType cannot be updated');
  return parseApiMembers(body, protocolType);
}
