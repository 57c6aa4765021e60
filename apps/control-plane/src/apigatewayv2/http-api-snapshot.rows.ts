import {
  HTTP_API_SNAPSHOT_SCHEMA_VERSION,
  httpApiSchema,
  httpApiSnapshotSchema,
  httpAuthorizerSchema,
  httpIntegrationSchema,
  httpRouteSchema,
  type CorsConfiguration,
  type HttpApiSnapshot,
  type HttpApiSnapshotApi,
  type HttpAuthorizerSnapshot,
  type HttpIntegrationSnapshot,
  type HttpRouteSnapshot,
  type RouteSettings,
} from '@portico/contracts';
import type { V2Api, V2Authorizer, V2Integration, V2Route } from '@portico/db';
import { z } from 'zod';
import { jsonRecord } from '../common/lookups.js';

/**
 * The frozen part of an HTTP API snapshot, as a V2Deployment row keeps it: the API's settings, routes,
 * integrations and authorizers at the moment of the deployment. A stage adds its live settings when the config
 * document is built (`httpApiSnapshotOf`).
 */
export const frozenHttpApiSchema = z.object({
  api: httpApiSchema,
  routes: z.array(httpRouteSchema),
  integrations: z.array(httpIntegrationSchema),
  authorizers: z.array(httpAuthorizerSchema),
});
export type FrozenHttpApi = z.infer<typeof frozenHttpApiSchema>;

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);

export function apiSnapshotOf(api: V2Api): HttpApiSnapshotApi {
  return httpApiSchema.parse({
    apiId: api.id,
    name: api.name,
    protocolType: api.protocolType,
    routeSelectionExpression: api.routeSelectionExpression,
    apiKeySelectionExpression: optional(api.apiKeySelectionExpression),
    corsConfiguration: optional(api.corsConfiguration as CorsConfiguration | null),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
  });
}

export function routeSnapshotOf(route: V2Route): HttpRouteSnapshot {
  return {
    routeId: route.id,
    routeKey: route.routeKey,
    authorizationType: route.authorizationType as HttpRouteSnapshot['authorizationType'],
    authorizerId: optional(route.authorizerId),
    authorizationScopes: [...route.authorizationScopes],
    target: optional(route.target),
    requestParameters: jsonRecord<{ required: boolean }>(route.requestParameters),
    operationName: optional(route.operationName),
  };
}

export function integrationSnapshotOf(integration: V2Integration): HttpIntegrationSnapshot {
  return {
    integrationId: integration.id,
    integrationType: integration.integrationType as HttpIntegrationSnapshot['integrationType'],
    integrationSubtype: optional(integration.integrationSubtype),
    integrationMethod: optional(integration.integrationMethod),
    integrationUri: optional(integration.integrationUri),
    payloadFormatVersion: (integration.payloadFormatVersion ?? '1.0') as HttpIntegrationSnapshot['payloadFormatVersion'],
    timeoutInMillis: integration.timeoutInMillis,
    connectionType: integration.connectionType as HttpIntegrationSnapshot['connectionType'],
    connectionId: optional(integration.connectionId),
    credentialsArn: optional(integration.credentialsArn),
    requestParameters: jsonRecord<string>(integration.requestParameters),
    responseParameters: jsonRecord<Record<string, string>>(integration.responseParameters),
    tlsConfig: optional(integration.tlsConfig as HttpIntegrationSnapshot['tlsConfig'] | null),
  };
}

export function authorizerSnapshotOf(authorizer: V2Authorizer): HttpAuthorizerSnapshot {
  if (authorizer.authorizerType === 'JWT') {
    const jwt = (authorizer.jwtConfiguration ?? {}) as { issuer?: string; audience?: string[] };
    return {
      authorizerId: authorizer.id,
      name: authorizer.name,
      authorizerType: 'JWT',
      identitySource: [...authorizer.identitySource],
      jwtConfiguration: { issuer: jwt.issuer ?? '', audience: jwt.audience ?? [] },
    };
  }
  return {
    authorizerId: authorizer.id,
    name: authorizer.name,
    authorizerType: 'REQUEST',
    authorizerUri: authorizer.authorizerUri ?? '',
    authorizerCredentialsArn: optional(authorizer.authorizerCredentialsArn),
    authorizerPayloadFormatVersion: (authorizer.authorizerPayloadFormatVersion ?? '2.0') as '1.0' | '2.0',
    enableSimpleResponses: authorizer.enableSimpleResponses,
    identitySource: [...authorizer.identitySource],
    authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds ?? 300,
  };
}

/** What a deployment freezes of an API's rows, in a stable order (so equal APIs give equal snapshots). */
export function freezeHttpApi(api: V2Api, routes: readonly V2Route[], integrations: readonly V2Integration[], authorizers: readonly V2Authorizer[]): FrozenHttpApi {
  const byId = <T extends { id: string }>(rows: readonly T[]): T[] => [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return frozenHttpApiSchema.parse({
    api: apiSnapshotOf(api),
    routes: [...routes].sort((a, b) => (a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0)).map(routeSnapshotOf),
    integrations: byId(integrations).map(integrationSnapshotOf),
    authorizers: byId(authorizers).map(authorizerSnapshotOf),
  });
}

/** A V2Stage row with the snapshot of its deployment (a structural subset of the Prisma rows). */
export interface HttpStageWithSnapshot {
  stageName: string;
  deploymentId: string | null;
  autoDeploy: boolean;
  stageVariables: unknown;
  defaultRouteSettings: unknown;
  routeSettings: unknown;
  accessLogSettings: unknown;
  deployment: { snapshot: unknown } | null;
}

/**
 * The builder the config document calls: one stage of an HTTP API and its deployment's frozen rows, as the
 * contract's HttpApiSnapshot. A stage without a deployment serves nothing (undefined).
 */
export function httpApiSnapshotOf(stage: HttpStageWithSnapshot): HttpApiSnapshot | undefined {
  if (stage.deploymentId === null || stage.deployment === null) return undefined;
  const frozen = frozenHttpApiSchema.parse(stage.deployment.snapshot);
  const accessLog = stage.accessLogSettings as { destinationArn?: string; format?: string } | null;
  return httpApiSnapshotSchema.parse({
    schemaVersion: HTTP_API_SNAPSHOT_SCHEMA_VERSION,
    ...frozen,
    stage: {
      stageName: stage.stageName,
      deploymentId: stage.deploymentId,
      autoDeploy: stage.autoDeploy,
      stageVariables: jsonRecord<string>(stage.stageVariables),
      defaultRouteSettings: jsonRecord<unknown>(stage.defaultRouteSettings) as RouteSettings,
      routeSettings: jsonRecord<RouteSettings>(stage.routeSettings),
      ...(accessLog ? { accessLogSettings: accessLog } : {}),
    },
  });
}
