import { badRequest } from '@portico/contracts';
import { bodyObject, read } from '../../common/validation.js';
import { checkSelectionExpression, INTEGRATION_RESPONSE_TEMPLATE_SOURCES } from '../websocket-selection.js';
import { checkLength, oneOf } from '../v2-validation.js';
import { CONTENT_HANDLING_STRATEGIES } from './websocket-integration.rules.js';

/** An integration response's settings, whole (spec websocket §4.3). */
export interface IntegrationResponseState {
  integrationResponseKey: string;
  responseTemplates: Record<string, string>;
  templateSelectionExpression: string | null;
  contentHandlingStrategy: 'CONVERT_TO_BINARY' | 'CONVERT_TO_TEXT' | null;
  responseParameters: Record<string, string>;
}

/** Applies a Create/UpdateIntegrationResponse body (absent members unchanged; maps merge, "" removes an entry). */
export function applyIntegrationResponseMembers(state: Partial<IntegrationResponseState>, rawBody: unknown): void {
  const body = bodyObject(rawBody);
  const key = read.string(body, 'integrationResponseKey');
  if (key !== undefined) state.integrationResponseKey = key;
  const merge = (current: Record<string, string> | undefined, sent: Record<string, string>): Record<string, string> => {
    const merged = { ...current };
    for (const [name, value] of Object.entries(sent)) {
      if (value === '') delete merged[name];
      else merged[name] = value;
    }
    return merged;
  };
  const templates = read.stringMap(body, 'responseTemplates');
  if (templates !== undefined) state.responseTemplates = merge(state.responseTemplates, templates);
  const parameters = read.stringMap(body, 'responseParameters');
  if (parameters !== undefined) state.responseParameters = merge(state.responseParameters, parameters);
  const selection = read.string(body, 'templateSelectionExpression');
  if (selection !== undefined) state.templateSelectionExpression = selection === '' ? null : selection;
  const contentHandling = read.string(body, 'contentHandlingStrategy');
  if (contentHandling !== undefined) state.contentHandlingStrategy = contentHandling === '' ? null : oneOf(contentHandling, CONTENT_HANDLING_STRATEGIES, 'contentHandlingStrategy')!;
}

/**
 * `$default` or a `/regex/` matched against the Lambda error message or the HTTP status (spec §4.3); the
 * pattern must compile, or the data plane could never match it.
 */
export function checkIntegrationResponseKey(key: string): void {
  checkLength(key, 1, 512, 'integrationResponseKey');
  if (key === '$default') return;
  const match = /^\/(.+)\/$/.exec(key);
  if (!match) throw badRequest(`Invalid integrationResponseKey specified: ${key}. Keys are $default or a /regex/`);
  try {
    new RegExp(match[1]!);
  } catch {
    throw badRequest(`Invalid integrationResponseKey specified: ${key}. The pattern is not a valid regular expression`);
  }
}

const RESPONSE_PARAMETER_KEY = /^method\.response\.header\.[a-zA-Z0-9._$-]{1,128}$/;
const RESPONSE_PARAMETER_VALUE = /^(?:integration\.response\.(?:header|multivalueheader)\.[a-zA-Z0-9._$-]{1,128}|integration\.response\.body(?:\..+)?|'[^']*')$/;

export function checkIntegrationResponse(partial: Partial<IntegrationResponseState>): IntegrationResponseState {
  if (partial.integrationResponseKey === undefined) throw badRequest('integrationResponseKey is required');
  const state: IntegrationResponseState = {
    integrationResponseKey: partial.integrationResponseKey,
    responseTemplates: partial.responseTemplates ?? {},
    templateSelectionExpression: partial.templateSelectionExpression ?? null,
    contentHandlingStrategy: partial.contentHandlingStrategy ?? null,
    responseParameters: partial.responseParameters ?? {},
  };
  checkIntegrationResponseKey(state.integrationResponseKey);
  for (const [key, template] of Object.entries(state.responseTemplates)) {
    checkLength(key, 1, 256, 'responseTemplates key');
    if (Buffer.byteLength(template, 'utf8') > 32_768) throw badRequest(`Invalid response template for ${key}: it must be at most 32 KB`);
  }
  if (state.templateSelectionExpression !== null) checkSelectionExpression(state.templateSelectionExpression, 'templateSelectionExpression', INTEGRATION_RESPONSE_TEMPLATE_SOURCES);
  for (const [key, value] of Object.entries(state.responseParameters)) {
    if (!RESPONSE_PARAMETER_KEY.test(key)) throw badRequest(`Invalid mapping expression specified: ${key}. Keys are method.response.header.{name}`);
    if (!RESPONSE_PARAMETER_VALUE.test(value)) throw badRequest(`Invalid mapping expression specified: ${value}. Values are integration.response.header.*, integration.response.body.* or a 'static' value`);
  }
  return state;
}
