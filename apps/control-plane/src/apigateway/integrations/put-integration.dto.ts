import { InputValidator, bodyObject, read } from '../../common/validation.js';
import { connectionTypes, contentHandlings, integrationTypes, type IntegrationState } from './integration.rules.js';

/**
 * Reads a PutIntegration body with AWS's defaults (spec §1.3): connectionType INTERNET, passthroughBehavior
 * WHEN_NO_MATCH, timeoutInMillis 29000, cacheNamespace = the resource id. The integration's HTTP method
 * travels as `httpMethod` on the wire.
 */
export function parsePutIntegration(body: unknown, resourceId: string): IntegrationState {
  const obj = bodyObject(body);
  const v = new InputValidator('putIntegrationInput');
  const type = v.enumValue(v.required(read.string(obj, 'type'), 'type'), 'type', integrationTypes);
  const connectionType = v.enumValue(read.string(obj, 'connectionType'), 'connectionType', connectionTypes) ?? 'INTERNET';
  const contentHandling = v.enumValue(read.string(obj, 'contentHandling'), 'contentHandling', contentHandlings) ?? null;
  const tls = read.object(obj, 'tlsConfig');
  const state: IntegrationState = {
    type: type ?? 'MOCK',
    integrationHttpMethod: read.string(obj, 'httpMethod') ?? null,
    uri: read.string(obj, 'uri') ?? null,
    connectionType,
    connectionId: read.string(obj, 'connectionId') ?? null,
    credentials: read.string(obj, 'credentials') ?? null,
    requestParameters: read.stringMap(obj, 'requestParameters') ?? {},
    requestTemplates: read.stringMap(obj, 'requestTemplates') ?? {},
    passthroughBehavior: read.string(obj, 'passthroughBehavior') ?? 'WHEN_NO_MATCH',
    contentHandling,
    timeoutInMillis: read.integer(obj, 'timeoutInMillis') ?? 29_000,
    cacheNamespace: read.string(obj, 'cacheNamespace') ?? resourceId,
    cacheKeyParameters: read.stringList(obj, 'cacheKeyParameters') ?? [],
    tlsConfig: tls ? { insecureSkipVerification: read.boolean(tls, 'insecureSkipVerification', 'tlsConfig.insecureSkipVerification') ?? false } : null,
  };
  v.check();
  return state;
}

export interface IntegrationResponseState {
  selectionPattern: string | null;
  responseParameters: Record<string, string>;
  responseTemplates: Record<string, string>;
  contentHandling: string | null;
}

export function parsePutIntegrationResponse(body: unknown): IntegrationResponseState {
  const obj = bodyObject(body);
  const v = new InputValidator('putIntegrationResponseInput');
  const contentHandling = v.enumValue(read.string(obj, 'contentHandling'), 'contentHandling', contentHandlings) ?? null;
  const state: IntegrationResponseState = {
    selectionPattern: read.string(obj, 'selectionPattern') ?? null,
    responseParameters: read.stringMap(obj, 'responseParameters') ?? {},
    responseTemplates: read.stringMap(obj, 'responseTemplates') ?? {},
    contentHandling,
  };
  v.check();
  return state;
}
