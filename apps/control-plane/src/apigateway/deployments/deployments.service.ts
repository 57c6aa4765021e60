import { Inject, Injectable } from '@nestjs/common';
import { badRequest, deploymentSnapshotSchema, notFound } from '@portico/contracts';
import { Prisma, type Database } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { toEpochSeconds } from '../../common/epoch.js';
import { newShortId } from '../../common/ids.js';
import { pageWindow, parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, type PatchRule } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { ConfigChangePublisher } from '../../platform/config-distribution/config-change.publisher.js';
import { requireRestApi } from '../../common/lookups.js';
import { assertStageName, CACHE_CLUSTER_SIZES, validateVariables } from '../stages/stage-validation.js';
import { DEPLOYMENT_NOT_FOUND, StagesService, type DeploymentStageInput } from '../stages/stages.service.js';
import { apiSummaryOf, compileSnapshot } from './compile-snapshot.js';
import { toDeploymentView, type DeploymentView } from './deployment-view.js';
import { loadApiRows } from './load-api-rows.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';

const descriptionRules: PatchRule<{ description: string | null }>[] = [
  { ops: ['replace'], path: '/description', apply: (target, ctx) => void (target.description = ctx.value ?? null) },
];

/**
 * Deployments: an API compiled into an immutable snapshot (what data planes serve), optionally put on a stage in
 * the same transaction. Nothing edits a snapshot afterwards; only the description can change.
 */
@Injectable()
export class DeploymentsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly stages: StagesService,
    private readonly publisher: ConfigChangePublisher,
  ) {}

  async create(restApiId: string, rawBody: unknown): Promise<DeploymentView> {
    const body = bodyObject(rawBody);
    const description = read.string(body, 'description');
    checkMaxLength(description, LIMITS.description, 'description');
    const stage = readStageInput(body);
    const canary = read.object(body, 'canarySettings');
    if (canary !== undefined && !stage) {
      throw badRequest(
        'Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null',
      );
    }

    // Two deployments creating the same new stage at once: the loser's insert hits the stage's primary key and
    // its transaction rolls back; run it again, and this time it re-points the stage the winner created.
    const deployment = await retryOnUniqueViolation(() => this.createInTransaction(restApiId, description, stage, canary));
    if (stage) void this.publisher.configChanged();
    return toDeploymentView(deployment);
  }

  private createInTransaction(
    restApiId: string,
    description: string | undefined,
    stage: DeploymentStageInput | undefined,
    canary: Record<string, unknown> | undefined,
  ) {
    return this.db.prisma.$transaction(async (tx) => {
      const rows = await loadApiRows(tx, restApiId);
      if (!rows) throw notFound(`Invalid API identifier specified ${this.config.accountId}:${restApiId}`);
      if (canary !== undefined && stage) {
        const existing = await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName: stage.stageName } } });
        if (!existing) {
          throw badRequest(
            `Invalid deployment content specified.Stage ${stage.stageName} must already be created before making a canary release deployment`,
          );
        }
        throw badRequest('Canary deployments are not supported by Portico yet');
      }
      const id = newShortId();
      const createdDate = new Date();
      const compiled = compileSnapshot(rows, { id, createdDate: toEpochSeconds(createdDate) });
      if (!compiled.ok) throw badRequest(compiled.message);
      const created = await tx.deployment.create({
        data: { id, restApiId, description: description ?? null, createdDate, snapshot: compiled.snapshot as Prisma.InputJsonObject },
        select: { id: true, description: true, createdDate: true },
      });
      if (stage) await this.stages.pointStageAt(tx, restApiId, id, stage);
      return created;
    });
  }

  async get(restApiId: string, deploymentId: string, embed: string[]): Promise<DeploymentView> {
    const deployment = await this.find(restApiId, deploymentId);
    const view = toDeploymentView(deployment);
    if (embed.some((e) => e.toLowerCase() === 'apisummary')) {
      view.apiSummary = apiSummaryOf(deploymentSnapshotSchema.parse(deployment.snapshot));
    }
    return view;
  }

  async list(restApiId: string, query: { limit?: unknown; position?: unknown }): Promise<Page<DeploymentView>> {
    const paging = parsePaging(query);
    await requireRestApi(this.db.prisma, this.config.accountId, restApiId);
    const rows = await this.db.prisma.deployment.findMany({
      where: { restApiId },
      orderBy: [{ createdDate: 'asc' }, { id: 'asc' }],
      select: { id: true, description: true, createdDate: true },
      ...pageWindow(paging),
    });
    return toPage(rows, paging, toDeploymentView);
  }

  async update(restApiId: string, deploymentId: string, rawBody: unknown): Promise<DeploymentView> {
    const operations = parsePatchOperations(rawBody, 'updateDeploymentInput');
    const updated = await this.db.prisma.$transaction(async (tx) => {
      const current = await this.find(restApiId, deploymentId, tx);
      const next = applyPatchOperations({ description: current.description }, operations, descriptionRules);
      checkMaxLength(next.description, LIMITS.description, 'description');
      return tx.deployment.update({
        where: { id: deploymentId },
        data: { description: next.description },
        select: { id: true, description: true, createdDate: true },
      });
    });
    return toDeploymentView(updated);
  }

  async delete(restApiId: string, deploymentId: string): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      await this.find(restApiId, deploymentId, tx);
      if ((await tx.stage.count({ where: { restApiId, deploymentId } })) > 0) {
        throw badRequest('Active stages pointing to this deployment must be moved or deleted');
      }
      await tx.deployment.delete({ where: { id: deploymentId } });
    });
  }

  private async find(restApiId: string, deploymentId: string, tx: Prisma.TransactionClient = this.db.prisma) {
    await requireRestApi(tx, this.config.accountId, restApiId);
    const deployment = await tx.deployment.findFirst({ where: { id: deploymentId, restApiId } });
    if (!deployment) throw notFound(DEPLOYMENT_NOT_FOUND);
    return deployment;
  }
}

/** CreateDeployment's stage members, validated; undefined when no stageName is given. */
function readStageInput(body: Record<string, unknown>): DeploymentStageInput | undefined {
  const stageName = read.string(body, 'stageName');
  const variables = read.stringMap(body, 'variables');
  const validated = variables === undefined ? undefined : validateVariables(variables);
  // cacheClusterSize is an enum in the service model: a bad value is Coral's ValidationException.
  const validator = new InputValidator('createDeploymentInput');
  const cacheClusterSize = validator.enumValue(read.string(body, 'cacheClusterSize'), 'cacheClusterSize', CACHE_CLUSTER_SIZES);
  validator.check();
  const input = {
    stageDescription: read.string(body, 'stageDescription'),
    variables: validated,
    cacheClusterEnabled: read.boolean(body, 'cacheClusterEnabled'),
    cacheClusterSize,
    tracingEnabled: read.boolean(body, 'tracingEnabled'),
  };
  if (stageName === undefined || stageName === '') return undefined;
  assertStageName(stageName);
  return { stageName, ...input };
}

async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return work();
    throw error;
  }
}
