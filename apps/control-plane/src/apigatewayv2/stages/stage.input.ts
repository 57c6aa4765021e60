import { badRequest, type RouteSettings } from '@portico/contracts';
import { LIMITS } from '../../common/limits.js';
import { bodyObject, read, serializationError } from '../../common/validation.js';
import { checkLength, checkStageVariables, onlyFor, oneOf, type V2ProtocolType } from '../v2-validation.js';

export interface AccessLogSettings {
  destinationArn?: string;
  format?: string;
}

/** A stage's settings, whole: what CreateStage writes and UpdateStage patches. */
export interface StageState {
  deploymentId: string | null;
  description: string | null;
  autoDeploy: boolean;
  stageVariables: Record<string, string>;
  defaultRouteSettings: RouteSettings;
  routeSettings: Record<string, RouteSettings>;
  accessLogSettings: AccessLogSettings | null;
  /** WebSocket stages only. */
  clientCertificateId: string | null;
}

/** WebSocket route settings add logging to the HTTP members (spec websocket §9). */
export type StageRouteSettings = RouteSettings & { dataTraceEnabled?: boolean; loggingLevel?: 'ERROR' | 'INFO' | 'OFF' };

/**
 * What a WebSocket stage's defaultRouteSettings hold when none are given. AWS's 2018 CLI example also shows the
 * account throttle (5000/10000.0, spec websocket §9), but the Terraform provider, acceptance-tested against AWS,
 * plans a change for them on a stage that does not set them: AWS answers them no longer, so Portico neither [I].
 * An absent limit means the account's (the data plane applies it).
 */
export const WEBSOCKET_DEFAULT_ROUTE_SETTINGS: StageRouteSettings = { dataTraceEnabled: false, detailedMetricsEnabled: false };

export const STAGE_NAME = /^(?:\$default|[A-Za-z0-9_-]{1,128})$/;

export function checkStageName(stageName: string | undefined, protocolType: V2ProtocolType = 'HTTP'): string {
  if (stageName === undefined) throw badRequest('stageName is required');
  if (stageName === '$default' && protocolType === 'WEBSOCKET') onlyFor('HTTP', 'The $default stage');
  if (!STAGE_NAME.test(stageName)) throw badRequest(`Invalid stage name specified: ${stageName}. Stage names are $default or 1-128 alphanumerics, - and _`);
  return stageName;
}

/**
 * AWS's `RouteSettings`. The logging members are WebSocket-only: turning them on is refused, their off values
 * (`false`, `OFF`, which tools may send for any protocol) are accepted and not kept.
 */
function parseRouteSettings(value: unknown, member: string, protocolType: V2ProtocolType): StageRouteSettings {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw serializationError(value, 'Structure', member);
  const obj = value as Record<string, unknown>;
  const settings: StageRouteSettings = {};
  if (protocolType === 'WEBSOCKET') {
    const dataTrace = read.boolean(obj, 'dataTraceEnabled', `${member}.dataTraceEnabled`);
    if (dataTrace !== undefined) settings.dataTraceEnabled = dataTrace;
    const level = oneOf(read.string(obj, 'loggingLevel', `${member}.loggingLevel`), ['ERROR', 'INFO', 'OFF'] as const, `${member}.loggingLevel`);
    if (level !== undefined) settings.loggingLevel = level;
  } else if (obj.dataTraceEnabled === true || (obj.loggingLevel !== undefined && obj.loggingLevel !== null && obj.loggingLevel !== 'OFF')) {
    throw badRequest(`${member}: dataTraceEnabled and loggingLevel are supported only for WebSocket APIs`);
  }
  const detailed = read.boolean(obj, 'detailedMetricsEnabled', `${member}.detailedMetricsEnabled`);
  if (detailed !== undefined) settings.detailedMetricsEnabled = detailed;
  const burst = read.integer(obj, 'throttlingBurstLimit', `${member}.throttlingBurstLimit`);
  if (burst !== undefined) {
    if (burst < 0) throw badRequest(`Invalid ${member}.throttlingBurstLimit specified: ${burst}. It must not be negative`);
    settings.throttlingBurstLimit = burst;
  }
  const rate = read.number(obj, 'throttlingRateLimit', `${member}.throttlingRateLimit`);
  if (rate !== undefined) {
    if (rate < 0) throw badRequest(`Invalid ${member}.throttlingRateLimit specified: ${rate}. It must not be negative`);
    settings.throttlingRateLimit = rate;
  }
  return settings;
}

function parseAccessLogSettings(obj: Record<string, unknown>): AccessLogSettings {
  const destinationArn = read.string(obj, 'destinationArn', 'accessLogSettings.destinationArn');
  const format = read.string(obj, 'format', 'accessLogSettings.format');
  checkLength(destinationArn, 1, LIMITS.arn, 'accessLogSettings.destinationArn');
  // Spec §11: CloudWatch Logs groups only; a template of at most 3 KB that names $context.requestId.
  if (destinationArn !== undefined && !/^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:.+/.test(destinationArn)) {
    throw badRequest(`Invalid destinationArn specified: ${destinationArn}. It must be the ARN of a CloudWatch Logs log group`);
  }
  if (format !== undefined) {
    if (Buffer.byteLength(format, 'utf8') > 3 * 1024) throw badRequest('Invalid access log format: it must be at most 3 KB');
    if (!format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) throw badRequest('Invalid access log format: it must contain $context.requestId');
  }
  if ((destinationArn === undefined) !== (format === undefined)) throw badRequest('Access log settings need both destinationArn and format');
  return { ...(destinationArn !== undefined && { destinationArn }), ...(format !== undefined && { format }) };
}

/**
 * Applies a CreateStage/UpdateStage body to `state`. As AWS updates them: `stageVariables` merge (a variable sent
 * as "" is removed), `routeSettings` merge by route key, `defaultRouteSettings` and `accessLogSettings` are replaced.
 * Returns whether `deploymentId` was sent.
 */
export function applyStageMembers(state: StageState, rawBody: unknown, protocolType: V2ProtocolType = 'HTTP'): { deploymentIdSent: boolean; autoDeploySent: boolean } {
  const body = bodyObject(rawBody);
  const deploymentId = read.string(body, 'deploymentId');
  if (deploymentId !== undefined) state.deploymentId = deploymentId;
  const description = read.string(body, 'description');
  if (description !== undefined) state.description = description;
  checkLength(state.description ?? undefined, 0, 1024, 'description');
  const autoDeploy = read.boolean(body, 'autoDeploy');
  if (autoDeploy !== undefined) state.autoDeploy = autoDeploy;
  const variables = read.stringMap(body, 'stageVariables');
  if (variables !== undefined) {
    const merged = { ...state.stageVariables };
    for (const [name, value] of Object.entries(variables)) {
      if (value === '') delete merged[name];
      else merged[name] = value;
    }
    checkStageVariables(merged);
    state.stageVariables = merged;
  }
  const defaults = body.defaultRouteSettings;
  if (defaults !== undefined && defaults !== null) state.defaultRouteSettings = parseRouteSettings(defaults, 'defaultRouteSettings', protocolType);
  if (protocolType === 'WEBSOCKET') state.defaultRouteSettings = { ...WEBSOCKET_DEFAULT_ROUTE_SETTINGS, ...state.defaultRouteSettings };
  const routeSettings = read.object(body, 'routeSettings');
  if (routeSettings !== undefined) {
    const merged = { ...state.routeSettings };
    for (const [routeKey, settings] of Object.entries(routeSettings)) merged[routeKey] = parseRouteSettings(settings, `routeSettings.${routeKey}`, protocolType);
    state.routeSettings = merged;
  }
  const accessLog = read.object(body, 'accessLogSettings');
  if (accessLog !== undefined) {
    const parsed = parseAccessLogSettings(accessLog);
    state.accessLogSettings = Object.keys(parsed).length > 0 ? parsed : null;
  }
  const clientCertificateId = read.string(body, 'clientCertificateId');
  if (clientCertificateId !== undefined) {
    if (protocolType !== 'WEBSOCKET') throw badRequest('Client certificates are supported only for WebSocket APIs');
    // Portico keeps no client certificates of its own yet: the id is kept as given [I].
    if (clientCertificateId !== '' && !/^[A-Za-z0-9]{1,128}$/.test(clientCertificateId)) throw badRequest(`Invalid clientCertificateId specified: ${clientCertificateId}`);
    state.clientCertificateId = clientCertificateId === '' ? null : clientCertificateId;
  }
  // Automatic deployments are an HTTP API feature (Terraform: "Applicable for HTTP APIs").
  if (protocolType === 'WEBSOCKET' && state.autoDeploy) onlyFor('HTTP', 'autoDeploy');
  return { deploymentIdSent: deploymentId !== undefined, autoDeploySent: autoDeploy !== undefined };
}

export function parseStageTags(rawBody: unknown): Record<string, string> {
  return read.stringMap(bodyObject(rawBody), 'tags') ?? {};
}
