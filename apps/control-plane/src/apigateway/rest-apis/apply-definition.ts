import { AdminError, badRequest } from '@portico/contracts';
import type { Prisma } from '@portico/db';
import { importErrorMessage, type MethodDefinition, type RestApiDefinition } from '@portico/openapi';
import { newShortId } from '../../common/ids.js';
import type { Db } from '../../common/lookups.js';
import { checkIntegrationState, type IntegrationState } from '../integrations/integration.rules.js';
import { checkRequestParameters } from '../methods/method.rules.js';

type Json = Prisma.InputJsonValue;

/** ImportRestApi creates; PutRestApi merges (the default) or overwrites (spec §1 "Semantics"). */
export type ApplyMode = 'create' | 'merge' | 'overwrite';

/**
 * Writes an imported definition into an API, inside the caller's transaction (so a failure changes nothing):
 * - overwrite: everything but the API row and its root resource is deleted first, so the result is the document;
 * - merge: models, validators, authorizers and gateway responses with a name or type the document defines are
 *   replaced, and so is every method the document defines; everything else is kept;
 * - neither touches endpoint configuration, stages, deployments or API keys.
 */
export async function applyDefinition(tx: Db, api: { id: string; rootResourceId: string; binaryMediaTypes: string[] }, definition: RestApiDefinition, mode: ApplyMode): Promise<void> {
  const restApiId = api.id;
  if (mode === 'overwrite') {
    await tx.method.deleteMany({ where: { resourceId: api.rootResourceId } });
    await tx.resource.deleteMany({ where: { restApiId, parentId: { not: null } } });
    await tx.authorizer.deleteMany({ where: { restApiId } });
    await tx.model.deleteMany({ where: { restApiId } });
    await tx.requestValidator.deleteMany({ where: { restApiId } });
    await tx.gatewayResponse.deleteMany({ where: { restApiId } });
  }

  const merge = mode === 'merge';
  await tx.restApi.update({
    where: { id: restApiId },
    data: {
      name: definition.name,
      ...(merge
        ? {
            ...(definition.description !== undefined && { description: definition.description }),
            ...(definition.version !== undefined && { version: definition.version }),
            // Merge unions binary media types; overwrite replaces them (recorded on AWS).
            binaryMediaTypes: [...new Set([...api.binaryMediaTypes, ...definition.binaryMediaTypes])],
            ...(definition.minimumCompressionSize !== undefined && { minimumCompressionSize: definition.minimumCompressionSize }),
            ...(definition.apiKeySource !== undefined && { apiKeySource: definition.apiKeySource }),
            ...(definition.policy !== undefined && { policy: definition.policy }),
            ...(definition.disableExecuteApiEndpoint !== undefined && { disableExecuteApiEndpoint: definition.disableExecuteApiEndpoint }),
          }
        : {
            description: definition.description ?? null,
            version: definition.version ?? null,
            binaryMediaTypes: definition.binaryMediaTypes,
            minimumCompressionSize: definition.minimumCompressionSize ?? null,
            apiKeySource: definition.apiKeySource ?? 'HEADER',
            policy: definition.policy ?? null,
            disableExecuteApiEndpoint: definition.disableExecuteApiEndpoint ?? false,
          }),
    },
  });

  for (const model of definition.models) {
    await tx.model.deleteMany({ where: { restApiId, name: model.name } });
    await tx.model.create({ data: { id: newShortId(), restApiId, name: model.name, contentType: model.contentType, schema: model.schema, description: model.description ?? null } });
  }

  const validatorIds = new Map<string, string>();
  for (const validator of definition.requestValidators) {
    const existing = await tx.requestValidator.findFirst({ where: { restApiId, name: validator.name } });
    const data = { validateRequestBody: validator.validateRequestBody, validateRequestParameters: validator.validateRequestParameters };
    if (existing) await tx.requestValidator.update({ where: { id: existing.id }, data });
    const id = existing?.id ?? (await tx.requestValidator.create({ data: { id: newShortId(), restApiId, name: validator.name, ...data } })).id;
    validatorIds.set(validator.name, id);
  }

  const authorizerIds = new Map<string, string>();
  for (const authorizer of definition.authorizers) {
    const existing = await tx.authorizer.findFirst({ where: { restApiId, name: authorizer.name } });
    const data = {
      type: authorizer.type,
      providerARNs: authorizer.providerARNs,
      authType: authorizer.authType ?? null,
      authorizerUri: authorizer.authorizerUri ?? null,
      authorizerCredentials: authorizer.authorizerCredentials ?? null,
      identitySource: authorizer.identitySource ?? null,
      identityValidationExpression: authorizer.identityValidationExpression ?? null,
      authorizerResultTtlInSeconds: authorizer.authorizerResultTtlInSeconds ?? 300,
    };
    if (existing) await tx.authorizer.update({ where: { id: existing.id }, data });
    const id = existing?.id ?? (await tx.authorizer.create({ data: { id: newShortId(), restApiId, name: authorizer.name, ...data } })).id;
    authorizerIds.set(authorizer.name, id);
  }

  for (const response of Object.values(definition.gatewayResponses)) {
    const data = { statusCode: response.statusCode ?? null, responseParameters: response.responseParameters, responseTemplates: response.responseTemplates };
    await tx.gatewayResponse.upsert({
      where: { restApiId_responseType: { restApiId, responseType: response.responseType } },
      create: { restApiId, responseType: response.responseType, ...data },
      update: data,
    });
  }

  // Resources by path: existing ones are reused (merge), missing ones created parents first.
  const resourceIds = new Map((await tx.resource.findMany({ where: { restApiId }, select: { id: true, path: true } })).map((r) => [r.path, r.id]));
  for (const resource of definition.resources) {
    if (resourceIds.has(resource.path)) continue;
    const parentPath = resource.path.lastIndexOf('/') === 0 ? '/' : resource.path.slice(0, resource.path.lastIndexOf('/'));
    const parentId = resourceIds.get(parentPath);
    if (parentId === undefined) throw badRequest(importErrorMessage([`Unable to create resource at path '${resource.path}': Invalid parent resource`]));
    const id = newShortId();
    await checkSiblingVariable(tx, parentId, resource.pathPart!, resource.path);
    await tx.resource.create({ data: { id, restApiId, parentId, pathPart: resource.pathPart!, path: resource.path } });
    resourceIds.set(resource.path, id);
  }

  for (const resource of definition.resources) {
    const resourceId = resourceIds.get(resource.path)!;
    for (const method of Object.values(resource.methods)) {
      if (!method) continue;
      await putMethod(tx, restApiId, resourceId, resource.path, method, { validatorIds, authorizerIds });
    }
  }
}

/** At most one variable path part among siblings (`/{id}` next to `/{name}` cannot be routed). */
async function checkSiblingVariable(tx: Db, parentId: string, pathPart: string, path: string): Promise<void> {
  if (!pathPart.startsWith('{')) return;
  const siblings = await tx.resource.findMany({ where: { parentId, pathPart: { startsWith: '{' } }, select: { pathPart: true } });
  const other = siblings.find((s) => s.pathPart !== pathPart);
  if (other) {
    throw badRequest(importErrorMessage([`Unable to create resource at path '${path}': A sibling (${other.pathPart}) of this resource already has a variable path part -- only one is allowed`]));
  }
}

async function putMethod(
  tx: Db,
  restApiId: string,
  resourceId: string,
  path: string,
  method: MethodDefinition,
  ids: { validatorIds: Map<string, string>; authorizerIds: Map<string, string> },
): Promise<void> {
  const fail = (what: string, error: unknown): never => {
    if (error instanceof AdminError) throw badRequest(importErrorMessage([`Unable to put ${what} on '${method.httpMethod}' for resource at path '${path}': ${error.message}`]));
    throw error;
  };
  try {
    checkRequestParameters(method.requestParameters);
  } catch (error) {
    fail('method', error);
  }
  // The document's definition of a method replaces the existing one whole (its responses and integration too).
  await tx.method.deleteMany({ where: { resourceId, httpMethod: method.httpMethod } });
  await tx.method.create({
    data: {
      resourceId,
      httpMethod: method.httpMethod,
      authorizationType: method.authorizationType,
      authorizerId: method.authorizerName !== undefined ? (ids.authorizerIds.get(method.authorizerName) ?? null) : null,
      apiKeyRequired: method.apiKeyRequired,
      operationName: method.operationName ?? null,
      requestValidatorId: method.requestValidatorName !== undefined ? (ids.validatorIds.get(method.requestValidatorName) ?? null) : null,
      requestParameters: method.requestParameters,
      requestModels: method.requestModels,
      authorizationScopes: method.authorizationScopes,
    },
  });
  for (const response of Object.values(method.methodResponses)) {
    await tx.methodResponse.create({
      data: { resourceId, httpMethod: method.httpMethod, statusCode: response.statusCode, responseParameters: response.responseParameters, responseModels: response.responseModels },
    });
  }
  const integration = method.integration;
  if (!integration) return;
  const state: IntegrationState = {
    type: integration.type,
    integrationHttpMethod: integration.httpMethod ?? null,
    uri: integration.uri ?? null,
    connectionType: integration.connectionType,
    connectionId: integration.connectionId ?? null,
    credentials: integration.credentials ?? null,
    requestParameters: integration.requestParameters,
    requestTemplates: integration.requestTemplates,
    passthroughBehavior: integration.passthroughBehavior,
    contentHandling: integration.contentHandling ?? null,
    timeoutInMillis: integration.timeoutInMillis,
    cacheNamespace: integration.cacheNamespace ?? resourceId,
    cacheKeyParameters: integration.cacheKeyParameters,
    tlsConfig: integration.tlsConfig ?? null,
  };
  try {
    checkIntegrationState(state);
  } catch (error) {
    fail('integration', error);
  }
  await tx.integration.create({
    data: { resourceId, httpMethod: method.httpMethod, ...state, tlsConfig: state.tlsConfig === null ? undefined : (state.tlsConfig as Json) },
  });
  for (const response of Object.values(integration.integrationResponses)) {
    await tx.integrationResponse.create({
      data: {
        resourceId,
        httpMethod: method.httpMethod,
        statusCode: response.statusCode,
        selectionPattern: response.selectionPattern ?? null,
        responseParameters: response.responseParameters,
        responseTemplates: response.responseTemplates,
        contentHandling: response.contentHandling ?? null,
      },
    });
  }
}
