import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound, type MethodSetting } from '@portico/contracts';
import { Prisma, type Database, type Stage } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { ConfigChangePublisher } from '../../platform/config-distribution/config-change.publisher.js';
import { requireRestApi } from '../../common/lookups.js';
import { applyStagePatch, type StageSettings } from './stage-patch.js';
import { assertStageName, CACHE_CLUSTER_SIZES, validateVariables } from './stage-validation.js';
import { toStageView, type StageView } from './stage-view.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';

export const STAGE_NOT_FOUND = 'Invalid Stage identifier specified';
export const DEPLOYMENT_NOT_FOUND = 'Invalid Deployment identifier specified';

/** What CreateDeployment passes on to the stage named in its `stageName`. */
export interface DeploymentStageInput {
  stageName: string;
  stageDescription?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
}

/**
 * Stages: which deployment of an API is served under a name, with its variables and settings. Every write
 * runs in one transaction and, once committed, announces a new config revision to the data planes.
 */
@Injectable()
export class StagesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly publisher: ConfigChangePublisher,
  ) {}

  async list(restApiId: string, deploymentId: string | undefined): Promise<{ item: StageView[] }> {
    await requireRestApi(this.db.prisma, this.config.accountId, restApiId);
    const stages = await this.db.prisma.stage.findMany({
      where: { restApiId, ...(deploymentId ? { deploymentId } : {}) },
      orderBy: { stageName: 'asc' },
    });
    return { item: stages.map(toStageView) };
  }

  async get(restApiId: string, stageName: string): Promise<StageView> {
    await requireRestApi(this.db.prisma, this.config.accountId, restApiId);
    return toStageView(await this.find(this.db.prisma, restApiId, stageName));
  }

  async create(restApiId: string, rawBody: unknown): Promise<StageView> {
    const body = bodyObject(rawBody);
    const stageName = read.string(body, 'stageName');
    assertStageName(stageName);
    const deploymentId = read.string(body, 'deploymentId');
    const description = read.string(body, 'description');
    checkMaxLength(description, LIMITS.description, 'description');
    const cacheClusterEnabled = read.boolean(body, 'cacheClusterEnabled') ?? false;
    // cacheClusterSize is an enum in the service model: a bad value is Coral's ValidationException.
    const validator = new InputValidator('createStageInput');
    const cacheClusterSize = validator.enumValue(read.string(body, 'cacheClusterSize'), 'cacheClusterSize', CACHE_CLUSTER_SIZES);
    validator.check();
    const variables = validateVariables(read.stringMap(body, 'variables'));
    const documentationVersion = read.string(body, 'documentationVersion');
    const tracingEnabled = read.boolean(body, 'tracingEnabled') ?? false;
    const tags = read.stringMap(body, 'tags') ?? {};
    if (read.object(body, 'canarySettings') !== undefined) throw badRequest('Canary settings are not supported by Portico yet');

    const stage = await this.db.prisma.$transaction(async (tx) => {
      await requireRestApi(tx, this.config.accountId, restApiId);
      if (!deploymentId) throw badRequest('Deployment id must be specified');
      await this.assertDeployment(tx, restApiId, deploymentId);
      if (await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName } }, select: { stageName: true } })) {
        throw conflict('Stage already exists');
      }
      return tx.stage.create({
        data: {
          restApiId,
          stageName,
          deploymentId,
          description: description ?? null,
          cacheClusterEnabled,
          cacheClusterSize: cacheClusterSize ?? (cacheClusterEnabled ? '0.5' : null),
          variables,
          documentationVersion: documentationVersion ?? null,
          tracingEnabled,
          tags,
        },
      });
    }).catch(duplicateStageAsConflict);
    void this.publisher.configChanged();
    return toStageView(stage);
  }

  async update(restApiId: string, stageName: string, rawBody: unknown): Promise<StageView> {
    const operations = parsePatchOperations(rawBody, 'updateStageInput');
    const stage = await this.db.prisma.$transaction(async (tx) => {
      await requireRestApi(tx, this.config.accountId, restApiId);
      const current = await this.find(tx, restApiId, stageName);
      const next = applyStagePatch(settingsOf(current), operations);
      checkMaxLength(next.description, LIMITS.description, 'description');
      if (next.deploymentId !== current.deploymentId) await this.assertDeployment(tx, restApiId, next.deploymentId);
      return tx.stage.update({
        where: { restApiId_stageName: { restApiId, stageName } },
        data: {
          deploymentId: next.deploymentId,
          description: next.description,
          clientCertificateId: next.clientCertificateId,
          cacheClusterEnabled: next.cacheClusterEnabled,
          cacheClusterSize: next.cacheClusterSize,
          tracingEnabled: next.tracingEnabled,
          variables: next.variables,
          methodSettings: next.methodSettings as Prisma.InputJsonObject,
          accessLogSettings: next.accessLogSettings ?? Prisma.DbNull,
          lastUpdatedDate: new Date(),
        },
      });
    });
    void this.publisher.configChanged();
    return toStageView(stage);
  }

  async delete(restApiId: string, stageName: string): Promise<void> {
    await this.db.prisma.$transaction(async (tx) => {
      await requireRestApi(tx, this.config.accountId, restApiId);
      await this.find(tx, restApiId, stageName);
      await tx.stage.delete({ where: { restApiId_stageName: { restApiId, stageName } } });
    });
    void this.publisher.configChanged();
  }

  /**
   * CreateDeployment's `stageName`: creates the stage on the new deployment, or re-points an existing one,
   * applying the stage fields the request carries. Runs inside the deployment's transaction; the caller
   * announces the change after commit.
   */
  async pointStageAt(tx: Prisma.TransactionClient, restApiId: string, deploymentId: string, input: DeploymentStageInput): Promise<void> {
    const existing = await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName: input.stageName } } });
    const cacheClusterSize = input.cacheClusterSize ?? (input.cacheClusterEnabled ? (existing?.cacheClusterSize ?? '0.5') : undefined);
    if (!existing) {
      await tx.stage.create({
        data: {
          restApiId,
          stageName: input.stageName,
          deploymentId,
          description: input.stageDescription ?? null,
          variables: input.variables ?? {},
          cacheClusterEnabled: input.cacheClusterEnabled ?? false,
          cacheClusterSize: cacheClusterSize ?? null,
          tracingEnabled: input.tracingEnabled ?? false,
        },
      });
      return;
    }
    // Variables given with a deployment are set on the stage; the stage's other variables are kept.
    const variables = validateVariables({ ...(existing.variables as Record<string, string>), ...input.variables });
    await tx.stage.update({
      where: { restApiId_stageName: { restApiId, stageName: input.stageName } },
      data: {
        deploymentId,
        variables,
        lastUpdatedDate: new Date(),
        ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
        ...(input.cacheClusterEnabled !== undefined ? { cacheClusterEnabled: input.cacheClusterEnabled } : {}),
        ...(cacheClusterSize !== undefined ? { cacheClusterSize } : {}),
        ...(input.tracingEnabled !== undefined ? { tracingEnabled: input.tracingEnabled } : {}),
      },
    });
  }

  private async find(tx: Prisma.TransactionClient, restApiId: string, stageName: string): Promise<Stage> {
    const stage = await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName } } });
    if (!stage) throw notFound(STAGE_NOT_FOUND);
    return stage;
  }

  private async assertDeployment(tx: Prisma.TransactionClient, restApiId: string, deploymentId: string): Promise<void> {
    const deployment = await tx.deployment.findFirst({ where: { id: deploymentId, restApiId }, select: { id: true } });
    if (!deployment) throw notFound(DEPLOYMENT_NOT_FOUND);
  }
}

function settingsOf(stage: Stage): StageSettings {
  return {
    deploymentId: stage.deploymentId,
    description: stage.description,
    clientCertificateId: stage.clientCertificateId,
    cacheClusterEnabled: stage.cacheClusterEnabled,
    cacheClusterSize: stage.cacheClusterSize,
    tracingEnabled: stage.tracingEnabled,
    variables: (stage.variables ?? {}) as Record<string, string>,
    methodSettings: (stage.methodSettings ?? {}) as Record<string, MethodSetting>,
    accessLogSettings: (stage.accessLogSettings ?? null) as StageSettings['accessLogSettings'],
  };
}

/** Two concurrent creates of one stage: the loser hits the primary key and gets AWS's conflict. */
function duplicateStageAsConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict('Stage already exists');
  throw error;
}
