import type { HttpDeploymentWire } from '@portico/admin-wire';
import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import type { V2Deployment } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { createHttpApiDeployment, pointStage } from '../deploy-http-api.js';
import { requireV2Api, requireV2Deployment, requireV2Stage } from '../v2-lookups.js';
import { checkLength } from '../v2-validation.js';
import { compact, isoTimestamp, parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { V2Writes } from '../v2-writes.js';

/** AWS's `Deployment` on the wire. Portico deploys synchronously, so every deployment is DEPLOYED. */
export function toDeploymentWire(row: V2Deployment): HttpDeploymentWire {
  return compact({
    autoDeployed: row.autoDeployed,
    createdDate: isoTimestamp(row.createdDate),
    deploymentId: row.id,
    deploymentStatus: 'DEPLOYED',
    description: row.description ?? undefined,
  });
}

/** CreateDeployment, GetDeployments, GetDeployment, UpdateDeployment, DeleteDeployment (spec §2). */
@Injectable()
export class DeploymentService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(apiId: string, rawBody: unknown): Promise<HttpDeploymentWire> {
    const body = bodyObject(rawBody);
    const description = read.string(body, 'description');
    const stageName = read.string(body, 'stageName');
    checkLength(description, 0, 1024, 'description');
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      if (stageName !== undefined) {
        const stage = await requireV2Stage(tx, this.config.accountId, apiId, stageName);
        // An auto-deploying stage follows every change by itself; AWS refuses manual deployments to it.
        if (stage.autoDeploy) throw badRequest(`Stage ${stageName} has autoDeploy enabled: it can't be deployed to manually`);
      }
      const deployment = await createHttpApiDeployment(tx, apiId, { description, autoDeployed: false });
      if (stageName !== undefined) await pointStage(tx, apiId, stageName, deployment);
      return toDeploymentWire(deployment);
    });
  }

  async list(apiId: string, query: Record<string, unknown>): Promise<V2Page<HttpDeploymentWire>> {
    const paging = parseV2Paging(query);
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    const rows = await this.writes.prisma.v2Deployment.findMany({ where: { apiId }, orderBy: [{ createdDate: 'asc' }, { id: 'asc' }] });
    return toV2Page(rows, paging, toDeploymentWire);
  }

  async get(apiId: string, deploymentId: string): Promise<HttpDeploymentWire> {
    await requireV2Api(this.writes.prisma, this.config.accountId, apiId);
    return toDeploymentWire(await requireV2Deployment(this.writes.prisma, this.config.accountId, apiId, deploymentId));
  }

  update(apiId: string, deploymentId: string, rawBody: unknown): Promise<HttpDeploymentWire> {
    const body = bodyObject(rawBody);
    const description = read.string(body, 'description');
    checkLength(description, 0, 1024, 'description');
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Deployment(tx, this.config.accountId, apiId, deploymentId);
      const row = await tx.v2Deployment.update({ where: { id: deploymentId }, data: description !== undefined ? { description } : {} });
      return toDeploymentWire(row);
    });
  }

  delete(apiId: string, deploymentId: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      await requireV2Api(tx, this.config.accountId, apiId);
      await requireV2Deployment(tx, this.config.accountId, apiId, deploymentId);
      const stages = await tx.v2Stage.findMany({ where: { apiId, deploymentId }, select: { stageName: true } });
      if (stages.length > 0) {
        throw badRequest(`Active stages pointing to this deployment must be moved or deleted: ${stages.map((s) => s.stageName).join(', ')}`);
      }
      await tx.v2Deployment.delete({ where: { id: deploymentId } });
    });
  }
}
