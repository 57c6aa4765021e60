import {
  badRequest,
  WEBSOCKET_API_SNAPSHOT_SCHEMA_VERSION,
  websocketApiSchema,
  websocketApiSnapshotSchema,
  websocketAuthorizerSchema,
  websocketIntegrationSchema,
  websocketModelSchema,
  websocketRouteSchema,
  type WebSocketApiSnapshot,
  type WebSocketRouteSettings,
} from '@portico/contracts';
import type { Prisma, V2Api } from '@portico/db';
import { z } from 'zod';
import { jsonRecord } from '../common/lookups.js';
import type { HttpStageWithSnapshot } from './http-api-snapshot.rows.js';
import { draft4SchemaError } from './models/model-schema.js';

/**
 * The frozen part of a WebSocket API snapshot (libs/contracts websocket-api-snapshot.ts), as a V2Deployment row
 * keeps it: the API's settings, routes with their route responses, integrations with their integration
 * responses, authorizers and models at the moment of the deployment. The stage adds its live settings when the
 * config document is built (`websocketApiSnapshotOf`).
 */
export const frozenWebSocketApiSchema = z.object({
  api: websocketApiSchema,
  routes: z.array(websocketRouteSchema),
  integrations: z.array(websocketIntegrationSchema),
  authorizers: z.array(websocketAuthorizerSchema),
  models: z.array(websocketModelSchema),
});
export type FrozenWebSocketApi = z.infer<typeof frozenWebSocketApiSchema>;

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value);
const byKey = <T>(key: (row: T) => string) => (a: T, b: T): number => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Reads and freezes a WebSocket API's rows for a deployment, in a stable order (equal APIs give equal snapshots).
 * AWS refuses to deploy an API without routes, and, unless `disableSchemaValidation`, one whose models are not
 * usable JSON Schema draft 4 (spec websocket §9).
 */
export async function freezeWebSocketApi(tx: Prisma.TransactionClient, api: V2Api): Promise<FrozenWebSocketApi> {
  const apiId = api.id;
  const [routes, integrations, authorizers, models] = await Promise.all([
    tx.v2Route.findMany({ where: { apiId }, include: { routeResponses: true } }),
    tx.v2Integration.findMany({ where: { apiId }, include: { integrationResponses: true } }),
    tx.v2Authorizer.findMany({ where: { apiId } }),
    tx.v2Model.findMany({ where: { apiId } }),
  ]);
  if (routes.length === 0) throw badRequest('At least one route is required before deploying the Api.');
  if (!api.disableSchemaValidation) {
    for (const model of models) {
      const error = draft4SchemaError(model.schema);
      if (error !== undefined) throw badRequest(`Unable to deploy API: model ${model.name} is not a valid JSON Schema draft 4: ${error}`);
    }
  }
  return frozenWebSocketApiSchema.parse({
    api: {
      apiId: api.id,
      name: api.name,
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: api.routeSelectionExpression,
      apiKeySelectionExpression: optional(api.apiKeySelectionExpression),
      disableSchemaValidation: api.disableSchemaValidation,
      disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    },
    routes: [...routes].sort(byKey((r) => r.routeKey)).map((route) => ({
      routeId: route.id,
      routeKey: route.routeKey,
      authorizationType: route.authorizationType,
      authorizerId: optional(route.authorizerId),
      apiKeyRequired: route.apiKeyRequired,
      target: optional(route.target),
      requestParameters: jsonRecord<{ required: boolean }>(route.requestParameters),
      requestModels: jsonRecord<string>(route.requestModels),
      modelSelectionExpression: optional(route.modelSelectionExpression),
      routeResponseSelectionExpression: optional(route.routeResponseSelectionExpression),
      routeResponses: [...route.routeResponses].sort(byKey((r) => r.routeResponseKey)).map((response) => ({
        routeResponseId: response.id,
        routeResponseKey: response.routeResponseKey,
        responseModels: jsonRecord<string>(response.responseModels),
        modelSelectionExpression: optional(response.modelSelectionExpression),
        responseParameters: jsonRecord<{ required: boolean }>(response.responseParameters),
      })),
      operationName: optional(route.operationName),
    })),
    integrations: [...integrations].sort(byKey((i) => i.id)).map((integration) => ({
      integrationId: integration.id,
      integrationType: integration.integrationType,
      integrationUri: optional(integration.integrationUri),
      integrationMethod: optional(integration.integrationMethod),
      credentialsArn: optional(integration.credentialsArn),
      connectionType: integration.connectionType,
      connectionId: optional(integration.connectionId),
      timeoutInMillis: integration.timeoutInMillis,
      passthroughBehavior: optional(integration.passthroughBehavior),
      contentHandlingStrategy: optional(integration.contentHandlingStrategy),
      requestTemplates: jsonRecord<string>(integration.requestTemplates),
      templateSelectionExpression: optional(integration.templateSelectionExpression),
      requestParameters: jsonRecord<string>(integration.requestParameters),
      integrationResponseSelectionExpression: optional(integration.integrationResponseSelectionExpression),
      integrationResponses: [...integration.integrationResponses].sort(byKey((r) => r.integrationResponseKey)).map((response) => ({
        integrationResponseId: response.id,
        integrationResponseKey: response.integrationResponseKey,
        responseTemplates: jsonRecord<string>(response.responseTemplates),
        templateSelectionExpression: optional(response.templateSelectionExpression),
        contentHandlingStrategy: optional(response.contentHandlingStrategy),
        responseParameters: jsonRecord<string>(response.responseParameters),
      })),
    })),
    authorizers: [...authorizers].sort(byKey((a) => a.id)).map((authorizer) => ({
      authorizerId: authorizer.id,
      name: authorizer.name,
      authorizerType: 'REQUEST',
      authorizerUri: authorizer.authorizerUri ?? '',
      authorizerCredentialsArn: optional(authorizer.authorizerCredentialsArn),
      identitySource: [...authorizer.identitySource],
    })),
    models: [...models].sort(byKey((m) => m.name)).map((model) => ({
      modelId: model.id,
      name: model.name,
      contentType: optional(model.contentType),
      schema: model.schema,
    })),
  });
}

/** A V2Stage row of a WebSocket API with its deployment's snapshot (the HTTP shape plus clientCertificateId). */
export interface WebSocketStageWithSnapshot extends HttpStageWithSnapshot {
  clientCertificateId: string | null;
}

/** One stage of a WebSocket API as the contract's WebSocketApiSnapshot; a stage without a deployment serves nothing. */
export function websocketApiSnapshotOf(stage: WebSocketStageWithSnapshot): WebSocketApiSnapshot | undefined {
  if (stage.deploymentId === null || stage.deployment === null) return undefined;
  const frozen = frozenWebSocketApiSchema.parse(stage.deployment.snapshot);
  const accessLog = stage.accessLogSettings as { destinationArn?: string; format?: string } | null;
  return websocketApiSnapshotSchema.parse({
    schemaVersion: WEBSOCKET_API_SNAPSHOT_SCHEMA_VERSION,
    ...frozen,
    stage: {
      stageName: stage.stageName,
      deploymentId: stage.deploymentId,
      autoDeploy: stage.autoDeploy,
      stageVariables: jsonRecord<string>(stage.stageVariables),
      defaultRouteSettings: jsonRecord<unknown>(stage.defaultRouteSettings) as WebSocketRouteSettings,
      routeSettings: jsonRecord<WebSocketRouteSettings>(stage.routeSettings),
      ...(accessLog ? { accessLogSettings: accessLog } : {}),
      ...(stage.clientCertificateId !== null ? { clientCertificateId: stage.clientCertificateId } : {}),
    },
  });
}
