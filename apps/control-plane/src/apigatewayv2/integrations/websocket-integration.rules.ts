import { badRequest, websocketIntegrationTypes } from '@portico/contracts';
import { read } from '../../common/validation.js';
import { checkSelectionExpression, REQUEST_BODY_SOURCES } from '../websocket-selection.js';
import { checkLength, oneOf, onlyFor } from '../v2-validation.js';
import type { IntegrationState } from './integration.input.js';
import { isLambdaUri } from './lambda-uri.js';

/**
 * The integration rules of WebSocket APIs (spec aws-apigatewayv2-websocket.md §4.1): five types, request
 * templates chosen by `templateSelectionExpression`, passthrough behaviour, content handling, timeouts of
 * 50–29,000 ms, and a fixed `integrationResponseSelectionExpression` per type
 * (AWS's model has no such input member; the answer carries it).
 */
export const WEBSOCKET_DEFAULT_TIMEOUT_IN_MILLIS = 29_000;
export const PASSTHROUGH_BEHAVIORS = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] as const;
export const CONTENT_HANDLING_STRATEGIES = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] as const;

/** Lambda (AWS) selects on the error message; HTTP and MOCK on the status code; proxy types have none (spec §2). */
const LAMBDA_ERROR_SELECTION = '$integration.response.body.errorMessage';
/** The reference text's expression in `${}` form; the CLI example shows `${response.statuscode}` (spec §2, §11). */
const STATUS_SELECTION = '${integration.response.statuscode}';

export function isProxyType(type: string): boolean {
  return type === 'AWS_PROXY' || type === 'HTTP_PROXY';
}

/**
 * A WebSocket Lambda integration's URI (AWS and AWS_PROXY) names the function by API Gateway's invocation URI
 * (`arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`, spec §4.1) or by its bare
 * ARN, which AWS also takes (aws/aws-cdk#13820: the bare ARN "provided working functionality"), as HTTP APIs do.
 * Stage variables stand where AWS allows them (the function name or its alias, spec §4.1): what a stage later puts
 * there is the data plane's to judge. AWS's text is "Invalid integration URI specified" [I: as Terraform and SDK
 * users report it; the hint is Portico's].
 */
function checkLambdaIntegrationUri(uri: string, type: string): void {
  if (!isLambdaUri(uri)) {
    throw badRequest(
      `Invalid integration URI specified: ${uri}. A WebSocket ${type} integration's URI must be a Lambda function ARN or arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function ARN}/invocations`,
    );
  }
}

/** Request parameter keys and values of WebSocket integrations (spec §4.1 table). */
const REQUEST_KEY = /^integration\.request\.(?:header|querystring|path)\.[a-zA-Z0-9._$-]{1,128}$/;
const REQUEST_VALUE = /^(?:route\.request\.(?:querystring|header|multivaluequerystring|multivalueheader)\.[a-zA-Z0-9._$-]{1,128}|route\.request\.body\..+|stageVariables\.[A-Za-z0-9_]{1,64}|context\.[A-Za-z0-9._-]{1,128}|'[^']*')$/;

/** Applies the WebSocket members of a CreateIntegration/UpdateIntegration body (maps merge; "" removes a template). */
export function applyWebSocketIntegrationMembers(state: Partial<IntegrationState>, body: Record<string, unknown>): void {
  const type = read.string(body, 'integrationType');
  if (type !== undefined) state.integrationType = oneOf(type, websocketIntegrationTypes, 'integrationType');
  const passthrough = oneOf(read.string(body, 'passthroughBehavior'), PASSTHROUGH_BEHAVIORS, 'passthroughBehavior');
  if (passthrough !== undefined) state.passthroughBehavior = passthrough;
  const contentHandling = read.string(body, 'contentHandlingStrategy');
  if (contentHandling !== undefined) state.contentHandlingStrategy = contentHandling === '' ? null : oneOf(contentHandling, CONTENT_HANDLING_STRATEGIES, 'contentHandlingStrategy')!;
  const templates = read.stringMap(body, 'requestTemplates');
  if (templates !== undefined) {
    const merged = { ...state.requestTemplates };
    for (const [key, template] of Object.entries(templates)) {
      if (template === '') delete merged[key];
      else merged[key] = template;
    }
    state.requestTemplates = merged;
  }
  const templateSelection = read.string(body, 'templateSelectionExpression');
  if (templateSelection !== undefined) state.templateSelectionExpression = templateSelection === '' ? null : templateSelection;
  for (const member of ['integrationSubtype', 'tlsConfig', 'responseParameters'] as const) if (body[member] !== undefined && body[member] !== null) onlyFor('HTTP', member);
}

/** The whole-state rules of a WebSocket integration; fills the per-type defaults. */
export function checkWebSocketIntegration(state: IntegrationState): void {
  const type = state.integrationType;
  if (state.timeoutInMillis < 50 || state.timeoutInMillis > 29_000) {
    throw badRequest(`Invalid timeoutInMillis specified: ${state.timeoutInMillis}. It must be between 50 and 29000`);
  }
  if ((state.payloadFormatVersion as string) === '') state.payloadFormatVersion = '1.0';
  if (state.payloadFormatVersion !== '1.0') throw badRequest('Invalid payloadFormatVersion for WebSocket APIs: only 1.0 is supported');
  if (type === 'MOCK') {
    if (state.integrationUri !== null) throw badRequest('integrationUri is not supported for MOCK integrations');
  } else if (state.integrationUri === null) {
    throw badRequest(`integrationUri is required for ${type} integrations`);
  } else if (type === 'AWS' || type === 'AWS_PROXY') {
    // AWS service actions other than Lambda have no backend in Portico [I]: Lambda functions only.
    checkLambdaIntegrationUri(state.integrationUri, type);
  }
  if (isProxyType(type)) {
    if (Object.keys(state.requestTemplates).length > 0) throw badRequest(`requestTemplates are not supported for ${type} integrations`);
    if (state.templateSelectionExpression !== null) throw badRequest(`templateSelectionExpression is not supported for ${type} integrations`);
  }
  for (const [key, template] of Object.entries(state.requestTemplates)) {
    checkLength(key, 1, 256, 'requestTemplates key');
    if (Buffer.byteLength(template, 'utf8') > 32_768) throw badRequest(`Invalid request template for ${key}: it must be at most 32 KB`);
  }
  if (state.templateSelectionExpression !== null) checkSelectionExpression(state.templateSelectionExpression, 'templateSelectionExpression', REQUEST_BODY_SOURCES);
  for (const [key, value] of Object.entries(state.requestParameters)) {
    if (!REQUEST_KEY.test(key)) throw badRequest(`Invalid mapping expression specified: ${key}. Keys are integration.request.{header|querystring|path}.{name}`);
    if (!REQUEST_VALUE.test(value)) throw badRequest(`Invalid mapping expression specified: ${value}. Values are route.request.*, stageVariables.*, context.* or a 'static' value`);
  }
  // Not an input member in AWS's model: the control plane answers the type's fixed expression.
  state.integrationResponseSelectionExpression = isProxyType(type) ? null : type === 'AWS' ? LAMBDA_ERROR_SELECTION : STATUS_SELECTION;
}
