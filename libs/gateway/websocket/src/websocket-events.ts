import { formatRequestTime } from '@portico/gateway-core';

/** What a connection is, from its upgrade request on; fixed for its life (spec §5). */
export interface WebSocketConnection {
  readonly connectionId: string;
  readonly apiId: string;
  readonly stage: string;
  /** The Host of the upgrade request without its port. */
  readonly domainName: string;
  /** Epoch ms, constant for the connection. */
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** Headers of the upgrade request, names as the client sent them (first value of each, and all values). */
  readonly headers: Readonly<Record<string, string>>;
  readonly multiValueHeaders: Readonly<Record<string, readonly string[]>>;
  readonly queryStringParameters: Readonly<Record<string, string>>;
  readonly multiValueQueryStringParameters: Readonly<Record<string, readonly string[]>>;
  /** `requestContext.authorizer` of every event: `principalId` and the authorizer's context, set by `$connect`. */
  authorizer?: Readonly<Record<string, unknown>>;
  /** The upgrade's `x-api-key` header: the key of `apiKeySelectionExpression` `$request.header.x-api-key`. */
  readonly headerApiKey?: string;
  /** The `$connect` authorizer's `usageIdentifierKey` (the `$context.authorizer.usageIdentifierKey` key source). */
  usageIdentifierKey?: string;
  /** `$context.identity.apiKey` / `.apiKeyId`: the key a route requiring one accepted (spec §6). */
  apiKey?: string;
  apiKeyId?: string;
}

/** One event's own facts: its request id and time; `messageId` for MESSAGE events. */
export interface EventFacts {
  readonly requestId: string;
  readonly requestTimeEpoch: number;
  readonly routeKey: string;
  readonly messageId?: string;
}

/** The `requestContext` shared by the three event types, in the member order of AWS's captures. */
function requestContext(connection: WebSocketConnection, facts: EventFacts, eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT', close?: { statusCode: number; reason: string }) {
  return {
    routeKey: facts.routeKey,
    ...(facts.messageId === undefined ? {} : { messageId: facts.messageId }),
    ...(close ? { disconnectStatusCode: close.statusCode } : {}),
    eventType,
    extendedRequestId: facts.requestId,
    requestTime: formatRequestTime(facts.requestTimeEpoch),
    messageDirection: 'IN',
    ...(close ? { disconnectReason: close.reason } : {}),
    stage: connection.stage,
    connectedAt: connection.connectedAt,
    requestTimeEpoch: facts.requestTimeEpoch,
    identity: { userAgent: connection.userAgent, sourceIp: connection.sourceIp },
    requestId: facts.requestId,
    domainName: connection.domainName,
    connectionId: connection.connectionId,
    apiId: connection.apiId,
    ...(connection.authorizer ? { authorizer: connection.authorizer } : {}),
  };
}

const withStageVariables = (stageVariables: Readonly<Record<string, string>>) => (Object.keys(stageVariables).length > 0 ? { stageVariables } : {});

/**
 * The `$connect` Lambda proxy event (spec §5, vector apigw-websocket-request.json for its key set): every upgrade
 * header, the connect URL's query string when it has one, no body.
 */
export function buildConnectEvent(connection: WebSocketConnection, facts: EventFacts, stageVariables: Readonly<Record<string, string>>) {
  const hasQuery = Object.keys(connection.queryStringParameters).length > 0;
  return {
    headers: connection.headers,
    multiValueHeaders: connection.multiValueHeaders,
    ...(hasQuery ? { queryStringParameters: connection.queryStringParameters, multiValueQueryStringParameters: connection.multiValueQueryStringParameters } : {}),
    ...withStageVariables(stageVariables),
    requestContext: requestContext(connection, facts, 'CONNECT'),
    isBase64Encoded: false,
  };
}

/** A message's Lambda proxy event (spec §5, vector apigw-websocket-request-send-message.json): no headers, the text as `body`. */
export function buildMessageEvent(connection: WebSocketConnection, facts: EventFacts, body: string, stageVariables: Readonly<Record<string, string>>) {
  return {
    ...withStageVariables(stageVariables),
    requestContext: requestContext(connection, facts, 'MESSAGE'),
    body,
    isBase64Encoded: false,
  };
}

/** Header value of the upgrade request by case-insensitive name, `''` when absent (AWS's DISCONNECT capture sends empty values). */
function headerOf(connection: WebSocketConnection, name: string): string {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(connection.headers)) if (key.toLowerCase() === lower) return value;
  return '';
}

/**
 * The `$disconnect` Lambda proxy event (spec §5, vector apigw-websocket-request-disconnect.json): AWS sends a fixed
 * header set (`Host`, `x-api-key`, `X-Forwarded-For`, `x-restapi`, values possibly empty) and the close code and reason.
 */
export function buildDisconnectEvent(connection: WebSocketConnection, facts: EventFacts, statusCode: number, reason: string, stageVariables: Readonly<Record<string, string>>) {
  const headers = {
    Host: connection.domainName,
    'x-api-key': headerOf(connection, 'x-api-key'),
    'X-Forwarded-For': headerOf(connection, 'x-forwarded-for'),
    'x-restapi': '',
  };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    ...withStageVariables(stageVariables),
    requestContext: requestContext(connection, facts, 'DISCONNECT', { statusCode, reason }),
    isBase64Encoded: false,
  };
}

/**
 * The REQUEST authorizer event of `$connect` (spec §6): REST-style, `methodArn` `…/{stage}/$connect` (no HTTP
 * method), no `pathParameters`.
 */
export function buildConnectAuthorizerEvent(connection: WebSocketConnection, facts: EventFacts, methodArn: string, stageVariables: Readonly<Record<string, string>>) {
  return {
    type: 'REQUEST',
    methodArn,
    headers: connection.headers,
    multiValueHeaders: connection.multiValueHeaders,
    queryStringParameters: connection.queryStringParameters,
    multiValueQueryStringParameters: connection.multiValueQueryStringParameters,
    stageVariables,
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      extendedRequestId: facts.requestId,
      requestTime: formatRequestTime(facts.requestTimeEpoch),
      messageDirection: 'IN',
      stage: connection.stage,
      connectedAt: connection.connectedAt,
      requestTimeEpoch: facts.requestTimeEpoch,
      identity: { sourceIp: connection.sourceIp },
      requestId: facts.requestId,
      domainName: connection.domainName,
      connectionId: connection.connectionId,
      apiId: connection.apiId,
    },
  };
}
