import type { WebSocketApiSnapshot, WebSocketRouteSnapshot } from '@portico/contracts';
import type { FunctionRunner } from '@portico/engine-lambda';
import type { ThrottleStore } from '@portico/engine-throttling';
import { websocketRouteGuard, type KeyGuard, type UsageDenial, type UsagePlanTables } from '@portico/gateway-rest';
import type { Dispatcher } from 'undici';
import { Ajv, type ValidateFunction } from './ajv.js';
import { compileConnectAuthorizer, type CompiledConnectAuthorizer } from './connect-authorizer.js';
import { compileSelectionExpression, NOT_JSON, parseMessageBody, type SelectionExpression, type SelectionInput } from './selection-expression.js';
import { buildConnectAuthorizerEvent, buildConnectEvent, buildDisconnectEvent, buildMessageEvent, type EventFacts, type WebSocketConnection } from './websocket-events.js';
import { compileWebSocketIntegration, refusedWebSocketIntegration, type CompiledWebSocketIntegration, type IntegrationCall, type IntegrationResult } from './websocket-integration.js';

/** SigV4 + IAM for an AWS_IAM `$connect` (spec §6), done by the app (it owns the IAM directory): allowed or the status. */
export type ConnectIamCheck = (methodArn: string) => Promise<{ readonly ok: true; readonly identity: Readonly<Record<string, unknown>> } | { readonly ok: false; readonly status: number }>;

export type ConnectOutcome =
  | {
      readonly ok: true;
      /** Headers the `$connect` integration returned, for the 101 answer (`Sec-WebSocket-Protocol`, spec §5). */
      readonly headers: Readonly<Record<string, string>>;
      readonly status: number;
      readonly integrationLatencyMs?: number;
      readonly authorizer?: Record<string, unknown>;
    }
  | {
      readonly ok: false;
      /** The HTTP status of the refused upgrade; the body is `{"message": …}`. */
      readonly status: number;
      readonly message: string;
      /** For the operator's log and `$context.error.messageString`. */
      readonly reason: string;
      /** `ClientError` (refused before the integration) or `ExecutionError`/`IntegrationError`. */
      readonly errorKind: 'client' | 'execution' | 'integration';
      readonly integrationLatencyMs?: number;
    };

export interface MessageOutcome {
  /** The route that served the message (`$default` when nothing else matched). */
  readonly routeKey: string | undefined;
  /** The frame to send back: a two-way route's answer (binary as a Buffer), or an error frame (spec §3, §4.5, §7.2). */
  readonly frame: string | Buffer | undefined;
  /** `$context.status`: 200, 403 (no route, API key), 400 (bad body), 429 (throttled, quota), 500 (integration failure). */
  readonly status: number;
  readonly errorKind?: 'client' | 'execution' | 'integration';
  readonly reason?: string;
  readonly integrationLatencyMs?: number;
}

/** The usage-plan tables and throttle store of the revision (REST's), for route throttling and API keys. */
export interface WebSocketUsage {
  readonly tables: UsagePlanTables;
  readonly store: ThrottleStore;
}

/**
 * How a usage-plan refusal is answered (spec §6, §9): on the upgrade, the status and `{"message"}` REST gives for
 * the same gateway response; on a message, that message in the error frame of §3 [I: AWS documents only the 429].
 */
const DENIALS: Record<UsageDenial, { readonly status: number; readonly message: string; readonly reason: string }> = {
  INVALID_API_KEY: { status: 403, message: 'Forbidden', reason: 'the API key is missing, unknown, disabled, or in no usage plan of this stage' },
  THROTTLED: { status: 429, message: 'Too Many Requests', reason: 'throttled (route, stage, usage plan or account limit)' },
  QUOTA_EXCEEDED: { status: 429, message: 'Limit Exceeded', reason: 'the usage plan quota of the API key is used up' },
};

/** Records the accepted key on the connection: `$context.identity.apiKey` / `.apiKeyId` of its events. */
function acceptKey(connection: WebSocketConnection, value: string, keyId: string): void {
  connection.apiKey = value;
  connection.apiKeyId = keyId;
}

interface CompiledRoute {
  readonly routeKey: string;
  readonly integration: CompiledWebSocketIntegration | undefined;
  readonly twoWay: boolean;
  /** Throttling (`routeSettings`, `defaultRouteSettings`, account) and, with `apiKeyRequired`, the usage-plan key. */
  readonly guard: KeyGuard | undefined;
  readonly apiKeyRequired: boolean;
  /** Model validation (spec §4.5): the model chosen by the expression (`$default` fallback); none → failure. */
  readonly validate: ((selection: SelectionInput, body: unknown) => boolean) | undefined;
}

/** An integration of a stage refused at compile time, for the operator's log. */
export interface IntegrationRefusal {
  readonly integrationId: string;
  /** The routes it serves, which answer 500. */
  readonly routeKeys: readonly string[];
  readonly reason: string;
}

/** `$context` variables of one event, by flat name, for templates and selection (spec §4.2). */
function contextEntries(connection: WebSocketConnection, facts: EventFacts, eventType: string): Array<readonly [string, unknown]> {
  const entries: Array<readonly [string, unknown]> = [
    ['connectionId', connection.connectionId],
    ['connectedAt', connection.connectedAt],
    ['domainName', connection.domainName],
    ['eventType', eventType],
    ['messageId', facts.messageId],
    ['routeKey', facts.routeKey],
    ['requestId', facts.requestId],
    ['extendedRequestId', facts.requestId],
    ['apiId', connection.apiId],
    ['stage', connection.stage],
    ['requestTimeEpoch', facts.requestTimeEpoch],
    ['identity.sourceIp', connection.sourceIp],
    ['identity.userAgent', connection.userAgent],
    ['identity.apiKey', connection.apiKey],
    ['identity.apiKeyId', connection.apiKeyId],
  ];
  // `$context.authorizer.*` are stringified for templates (spec §4.2).
  for (const [key, value] of Object.entries(connection.authorizer ?? {})) entries.push([`authorizer.${key}`, String(value)]);
  return entries;
}

/**
 * One WebSocket API stage compiled from its snapshot: routes by key, the route selection expression, integrations,
 * the `$connect` authorizer, models. Built once per config revision; a connection's messages use the stage of the
 * newest revision (a redeployment changes routing for connected clients too, as on AWS).
 */
export class WebSocketStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly stageVariables: Readonly<Record<string, string>>;
  readonly accessLogFormat: string | undefined;
  readonly disableExecuteApiEndpoint: boolean;
  private readonly routes = new Map<string, CompiledRoute>();
  private readonly selectRoute: SelectionExpression;
  private readonly connectRoute: WebSocketRouteSnapshot | undefined;
  private readonly authorizer: CompiledConnectAuthorizer | undefined;
  private readonly methodArn: string;
  private readonly connectGuard: KeyGuard | undefined;
  private readonly keyFromAuthorizer: boolean;
  /** The integrations of this stage that did not compile; their routes answer 500 (see refusedWebSocketIntegration). */
  readonly refusals: IntegrationRefusal[] = [];

  constructor(
    snapshot: WebSocketApiSnapshot,
    options: { readonly runner: FunctionRunner; readonly dispatcher: Dispatcher; readonly region: string; readonly accountId: string; readonly usage?: WebSocketUsage },
  ) {
    this.apiId = snapshot.api.apiId;
    this.stageName = snapshot.stage.stageName;
    this.stageVariables = snapshot.stage.stageVariables;
    this.accessLogFormat = snapshot.stage.accessLogSettings?.format;
    this.disableExecuteApiEndpoint = snapshot.api.disableExecuteApiEndpoint;
    this.methodArn = `arn:aws:execute-api:${options.region}:${options.accountId}:${this.apiId}/${this.stageName}/$connect`;
    this.selectRoute = compileSelectionExpression(snapshot.api.routeSelectionExpression);
    this.keyFromAuthorizer = snapshot.api.apiKeySelectionExpression === '$context.authorizer.usageIdentifierKey';
    const { usage } = options;
    const stage = snapshot.stage;
    const guardOf = (routeKey: string, apiKeyRequired: boolean): KeyGuard | undefined =>
      usage &&
      websocketRouteGuard(
        { apiId: this.apiId, stageName: this.stageName, routeKey, apiKeyRequired, route: stage.routeSettings[routeKey], stageDefault: stage.defaultRouteSettings },
        usage.tables,
        usage.store,
      );
    const integrations = new Map<string, CompiledWebSocketIntegration>();
    for (const integration of snapshot.integrations) {
      try {
        integrations.set(integration.integrationId, compileWebSocketIntegration(integration, { runner: options.runner, stageVariables: this.stageVariables, dispatcher: options.dispatcher, region: options.region }));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        const routeKeys = snapshot.routes.filter((r) => r.target === `integrations/${integration.integrationId}`).map((r) => r.routeKey);
        this.refusals.push({ integrationId: integration.integrationId, routeKeys, reason });
        integrations.set(integration.integrationId, refusedWebSocketIntegration(integration, reason));
      }
    }
    const models = new Map(snapshot.models.map((m) => [m.name, m]));
    let ajv: InstanceType<typeof Ajv> | undefined;
    const validators = new Map<string, ValidateFunction>();
    const validatorOf = (name: string): ValidateFunction | undefined => {
      const model = models.get(name);
      if (!model) return undefined;
      let validator = validators.get(name);
      if (!validator) {
        ajv ??= new Ajv({ allErrors: false, strict: false, validateFormats: false, logger: false });
        validator = ajv.compile(JSON.parse(model.schema) as object);
        validators.set(name, validator);
      }
      return validator;
    };
    for (const route of snapshot.routes) {
      const integration = route.target ? integrations.get(route.target.slice('integrations/'.length)) : undefined;
      let validate: CompiledRoute['validate'];
      if (route.modelSelectionExpression !== undefined) {
        const select = compileSelectionExpression(route.modelSelectionExpression);
        const byKey = new Map(Object.entries(route.requestModels).map(([key, name]) => [key, validatorOf(name)]));
        validate = (selection, body) => {
          const validator = byKey.get(select(selection)) ?? byKey.get('$default');
          return validator !== undefined && body !== NOT_JSON && validator(body) === true;
        };
      }
      this.routes.set(route.routeKey, {
        routeKey: route.routeKey,
        integration,
        guard: route.routeKey === '$disconnect' ? undefined : guardOf(route.routeKey, route.apiKeyRequired),
        apiKeyRequired: route.apiKeyRequired,
        twoWay: route.routeResponseSelectionExpression === '$default' && route.routeResponses.some((r) => r.routeResponseKey === '$default'),
        validate,
      });
    }
    this.connectRoute = snapshot.routes.find((r) => r.routeKey === '$connect');
    // New connections are throttled by the stage and the account even without a `$connect` route.
    this.connectGuard = this.routes.get('$connect')?.guard ?? guardOf('$connect', false);
    if (this.connectRoute?.authorizationType === 'CUSTOM') {
      const authorizer = snapshot.authorizers.find((a) => a.authorizerId === this.connectRoute?.authorizerId);
      if (authorizer) this.authorizer = compileConnectAuthorizer(authorizer, options.runner, this.stageVariables);
    }
  }

  /** `requestParameters` of `$connect` marked required (spec §3): missing → 400 before anything runs. */
  private missingParameter(connection: WebSocketConnection): string | undefined {
    for (const [name, { required }] of Object.entries(this.connectRoute?.requestParameters ?? {})) {
      if (!required) continue;
      const header = /^route\.request\.header\.(.+)$/.exec(name);
      if (header && !Object.keys(connection.headers).some((k) => k.toLowerCase() === header[1].toLowerCase())) return name;
      const query = /^route\.request\.querystring\.(.+)$/.exec(name);
      if (query && connection.queryStringParameters[query[1]] === undefined) return name;
    }
    return undefined;
  }

  /**
   * `$connect` (spec §6, §7.1): authorization (AWS_IAM or the REQUEST authorizer), then the integration, whose
   * non-2xx status refuses the upgrade with that status. No `$connect` route or no integration → accepted.
   */
  async connect(connection: WebSocketConnection, facts: EventFacts, iam: ConnectIamCheck | undefined): Promise<ConnectOutcome> {
    const route = this.connectRoute;
    const missing = this.missingParameter(connection);
    if (missing) return { ok: false, status: 400, message: 'Bad Request', reason: `missing required request parameter ${missing}`, errorKind: 'client' };
    if (route?.authorizationType === 'AWS_IAM') {
      const checked = iam ? await iam(this.methodArn) : { ok: false as const, status: 403 };
      if (!checked.ok) return { ok: false, status: checked.status, message: 'Forbidden', reason: 'the caller is not allowed $connect (AWS_IAM)', errorKind: 'client' };
    } else if (route?.authorizationType === 'CUSTOM') {
      if (!this.authorizer) return { ok: false, status: 500, message: 'Internal server error', reason: 'the $connect authorizer is missing', errorKind: 'execution' };
      const result = await this.authorizer(connection, () => buildConnectAuthorizerEvent(connection, facts, this.methodArn, this.stageVariables), this.methodArn, facts.requestId);
      if (!result.ok) return { ok: false, status: result.status, message: result.message, reason: result.reason, errorKind: result.status === 500 ? 'execution' : 'client' };
      connection.authorizer = result.authorizer;
      if (result.usageIdentifierKey !== undefined) connection.usageIdentifierKey = result.usageIdentifierKey;
    }
    // The usage plan after the authorizer, as on REST methods: an AUTHORIZER key source reads its usageIdentifierKey.
    const denial = await this.admit(this.connectGuard, route?.apiKeyRequired ?? false, connection);
    if (denial) return { ok: false, status: denial.status, message: denial.message, reason: denial.reason, errorKind: 'client' };
    const compiled = this.routes.get('$connect');
    if (!compiled?.integration) return { ok: true, headers: {}, status: 200, authorizer: connection.authorizer };
    const result = await compiled.integration.invoke(this.call(connection, facts, 'CONNECT', '', { body: NOT_JSON }, () => buildConnectEvent(connection, facts, this.stageVariables)));
    if (result.kind === 'error') {
      return { ok: false, status: 500, message: 'Internal server error', reason: result.reason, errorKind: 'execution', integrationLatencyMs: result.latencyMs };
    }
    if (result.status < 200 || result.status > 299) {
      return { ok: false, status: result.status, message: result.status === 403 ? 'Forbidden' : result.status === 401 ? 'Unauthorized' : 'Refused by the $connect integration', reason: `the $connect integration answered ${result.status}`, errorKind: 'integration', integrationLatencyMs: result.latencyMs };
    }
    return { ok: true, headers: result.headers, status: result.status, integrationLatencyMs: result.latencyMs, authorizer: connection.authorizer };
  }

  /**
   * The key from `apiKeySelectionExpression` (spec §1): the upgrade's `x-api-key` header, or the `$connect`
   * authorizer's `usageIdentifierKey`; a message route reads the same value, kept on the connection.
   */
  private keyOf(connection: WebSocketConnection): string | undefined {
    return this.keyFromAuthorizer ? connection.usageIdentifierKey : connection.headerApiKey;
  }

  /** A route's throttles and API key: undefined to go on; without usage tables a key-requiring route admits nobody (fails closed). */
  private async admit(guard: KeyGuard | undefined, apiKeyRequired: boolean, connection: WebSocketConnection): Promise<(typeof DENIALS)[UsageDenial] | undefined> {
    if (!guard) return apiKeyRequired ? DENIALS.INVALID_API_KEY : undefined;
    const denial = await guard.check(apiKeyRequired ? this.keyOf(connection) : undefined, acceptKey, connection);
    return denial === undefined ? undefined : DENIALS[denial];
  }

  /** The route a message selects (spec §3): exact key match, else `$default`; non-JSON always `$default`. */
  route(body: unknown): CompiledRoute | undefined {
    if (body !== NOT_JSON) {
      const key = this.selectRoute({ body, stageVariables: this.stageVariables });
      if (key !== '$connect' && key !== '$disconnect') {
        const route = this.routes.get(key);
        if (route) return route;
      }
    }
    return this.routes.get('$default');
  }

  /** One text message: route, validate, invoke, and the frame to send back (spec §3, §4.4, §4.5, §7.2). */
  async message(connection: WebSocketConnection, text: string, facts: Omit<EventFacts, 'routeKey'>): Promise<MessageOutcome> {
    const body = parseMessageBody(text);
    const route = this.route(body);
    const errorFrame = (message: string, idKey: 'requestId' | 'messageId') =>
      `{"message": "${message}", "connectionId":"${connection.connectionId}", "${idKey}":"${idKey === 'requestId' ? facts.requestId : (facts.messageId ?? '')}"}`;
    if (!route) return { routeKey: undefined, frame: errorFrame('Forbidden', 'requestId'), status: 403, errorKind: 'client', reason: 'no route matches and there is no $default route' };
    const denial = await this.admit(route.guard, route.apiKeyRequired, connection);
    if (denial) return { routeKey: route.routeKey, frame: errorFrame(denial.message, 'requestId'), status: denial.status, errorKind: 'client', reason: denial.reason };
    const full: EventFacts = { ...facts, routeKey: route.routeKey };
    const selection: SelectionInput = { body, stageVariables: this.stageVariables };
    if (route.validate && !route.validate(selection, body)) {
      return { routeKey: route.routeKey, frame: errorFrame('Bad request body', 'messageId'), status: 400, errorKind: 'client', reason: 'the message does not match the route request model' };
    }
    if (!route.integration) return { routeKey: route.routeKey, frame: undefined, status: 200 };
    let result: IntegrationResult;
    try {
      result = await route.integration.invoke(this.call(connection, full, 'MESSAGE', text, selection, () => buildMessageEvent(connection, full, text, this.stageVariables)));
    } catch (error) {
      result = { kind: 'error', reason: error instanceof Error ? error.message : String(error), latencyMs: 0 };
    }
    if (result.kind === 'error') {
      return { routeKey: route.routeKey, frame: errorFrame('Internal server error', 'requestId'), status: 500, errorKind: 'execution', reason: result.reason, integrationLatencyMs: result.latencyMs };
    }
    const integrationFailed = result.status >= 400;
    return {
      routeKey: route.routeKey,
      frame: route.twoWay ? result.body : undefined,
      status: result.status,
      integrationLatencyMs: result.latencyMs,
      ...(integrationFailed ? { errorKind: 'integration' as const, reason: `the integration answered ${result.status}` } : {}),
    };
  }

  /** `$disconnect`, best-effort (spec §7.3): nothing goes back; the outcome is for metrics and logs only. */
  async disconnect(connection: WebSocketConnection, facts: Omit<EventFacts, 'routeKey'>, statusCode: number, reason: string): Promise<IntegrationResult | undefined> {
    const route = this.routes.get('$disconnect');
    if (!route?.integration) return undefined;
    const full: EventFacts = { ...facts, routeKey: '$disconnect' };
    return route.integration.invoke(this.call(connection, full, 'DISCONNECT', '', { body: NOT_JSON }, () => buildDisconnectEvent(connection, full, statusCode, reason, this.stageVariables)));
  }

  private call(connection: WebSocketConnection, facts: EventFacts, eventType: string, body: string, selection: SelectionInput, proxyEvent: () => unknown): IntegrationCall {
    return { proxyEvent, body, selection, connection, requestId: facts.requestId, context: () => contextEntries(connection, facts, eventType) };
  }
}
