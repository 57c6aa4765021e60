import type { Prisma } from '@portico/db';
import { newShortId } from '../../common/ids.js';
import type { Db } from '../../common/lookups.js';

type Json = Prisma.InputJsonValue;
const json = (value: unknown): Json => (value ?? {}) as Json;

/**
 * CreateRestApi with `cloneFrom`: copies the source API's resource tree, methods, method responses,
 * integrations, integration responses, authorizers, gateway responses, models and request validators into the
 * new API, under new ids.
 * Runs inside the create transaction, so a failed clone leaves nothing behind.
 */
export async function cloneRestApiContents(tx: Db, sourceId: string, targetId: string, targetRootId: string): Promise<void> {
  const resources = await tx.resource.findMany({ where: { restApiId: sourceId } });
  const authorizers = await tx.authorizer.findMany({ where: { restApiId: sourceId } });
  const resourceIds = new Map<string, string>();
  const authorizerIds = new Map<string, string>();
  const validatorIds = new Map<string, string>();

  for (const model of await tx.model.findMany({ where: { restApiId: sourceId } })) {
    await tx.model.create({ data: { ...model, id: newShortId(), restApiId: targetId, schema: model.schema?.replaceAll(`/restapis/${sourceId}/models/`, `/restapis/${targetId}/models/`) ?? null } });
  }
  for (const validator of await tx.requestValidator.findMany({ where: { restApiId: sourceId } })) {
    const id = newShortId();
    validatorIds.set(validator.id, id);
    await tx.requestValidator.create({ data: { ...validator, id, restApiId: targetId } });
  }

  for (const authorizer of authorizers) {
    const id = newShortId();
    authorizerIds.set(authorizer.id, id);
    await tx.authorizer.create({ data: { ...authorizer, id, restApiId: targetId } });
  }
  // Parents before children: a resource's path is longer than its parent's.
  const ordered = [...resources].sort((a, b) => depth(a.path) - depth(b.path));
  for (const resource of ordered) {
    if (resource.parentId === null) {
      resourceIds.set(resource.id, targetRootId);
      continue;
    }
    const id = newShortId();
    resourceIds.set(resource.id, id);
    await tx.resource.create({
      data: { id, restApiId: targetId, parentId: resourceIds.get(resource.parentId)!, pathPart: resource.pathPart, path: resource.path },
    });
  }

  const sourceResourceIds = [...resourceIds.keys()];
  const mapResource = (id: string) => resourceIds.get(id)!;
  const methods = await tx.method.findMany({ where: { resourceId: { in: sourceResourceIds } } });
  for (const m of methods) {
    await tx.method.create({
      data: {
        ...m,
        resourceId: mapResource(m.resourceId),
        authorizerId: m.authorizerId ? (authorizerIds.get(m.authorizerId) ?? m.authorizerId) : null,
        requestValidatorId: m.requestValidatorId ? (validatorIds.get(m.requestValidatorId) ?? null) : null,
        requestParameters: json(m.requestParameters),
        requestModels: json(m.requestModels),
      },
    });
  }
  for (const r of await tx.methodResponse.findMany({ where: { resourceId: { in: sourceResourceIds } } })) {
    await tx.methodResponse.create({ data: { ...r, resourceId: mapResource(r.resourceId), responseParameters: json(r.responseParameters), responseModels: json(r.responseModels) } });
  }
  for (const i of await tx.integration.findMany({ where: { resourceId: { in: sourceResourceIds } } })) {
    await tx.integration.create({
      data: {
        ...i,
        resourceId: mapResource(i.resourceId),
        // The default namespace is the resource id: it follows the resource to its new id.
        cacheNamespace: i.cacheNamespace === i.resourceId ? mapResource(i.resourceId) : i.cacheNamespace,
        requestParameters: json(i.requestParameters),
        requestTemplates: json(i.requestTemplates),
        tlsConfig: i.tlsConfig === null ? undefined : json(i.tlsConfig),
      },
    });
  }
  for (const r of await tx.integrationResponse.findMany({ where: { resourceId: { in: sourceResourceIds } } })) {
    await tx.integrationResponse.create({
      data: { ...r, resourceId: mapResource(r.resourceId), responseParameters: json(r.responseParameters), responseTemplates: json(r.responseTemplates) },
    });
  }
  for (const g of await tx.gatewayResponse.findMany({ where: { restApiId: sourceId } })) {
    await tx.gatewayResponse.create({ data: { ...g, restApiId: targetId, responseParameters: json(g.responseParameters), responseTemplates: json(g.responseTemplates) } });
  }
}

function depth(path: string): number {
  return path === '/' ? 0 : path.split('/').length - 1;
}
