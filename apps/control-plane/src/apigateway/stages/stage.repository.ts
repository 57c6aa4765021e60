import { Inject, Injectable } from '@nestjs/common';
import { conflict, notFound, type CanarySettings } from '@portico/contracts';
import { Prisma, type Database, type Stage } from '@portico/db';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import { requireRestApi, type Db } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { canaryOf } from './canary-settings.js';
import type { StageSettings } from './stage-patch.js';
import { validateVariables } from './stage-validation.js';

/** A new stage's row, validated by the service. */
export interface NewStage {
  stageName: string;
  deploymentId: string;
  description: string | null;
  cacheClusterEnabled: boolean;
  cacheClusterSize: string | null;
  variables: Record<string, string>;
  documentationVersion: string | null;
  tracingEnabled: boolean;
  tags: Record<string, string>;
  canarySettings: CanarySettings | null;
}

/** What CreateDeployment passes on to the stage named in its `stageName`. */
export interface DeploymentStageInput {
  stageName: string;
  stageDescription?: string;
  variables?: Record<string, string>;
  cacheClusterEnabled?: boolean;
  cacheClusterSize?: string;
  tracingEnabled?: boolean;
  /** CreateDeployment's `canarySettings`: the new deployment becomes the (existing) stage's canary. */
  canarySettings?: Omit<CanarySettings, 'deploymentId'>;
}

/** Stage rows: reads, and every write in one transaction (writeTransaction, which also signals the change). */
@Injectable()
export class StageRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The API's 404 when it does not exist. */
  async requireApi(accountId: string, restApiId: string): Promise<void> {
    await requireRestApi(this.database.prisma, accountId, restApiId);
  }

  async list(accountId: string, restApiId: string, deploymentId: string | undefined): Promise<Stage[]> {
    await requireRestApi(this.database.prisma, accountId, restApiId);
    return this.database.prisma.stage.findMany({ where: { restApiId, ...(deploymentId ? { deploymentId } : {}) }, orderBy: { stageName: 'asc' } });
  }

  async get(accountId: string, restApiId: string, stageName: string): Promise<Stage> {
    await requireRestApi(this.database.prisma, accountId, restApiId);
    return findStage(this.database.prisma, restApiId, stageName);
  }

  create(accountId: string, restApiId: string, stage: NewStage): Promise<Stage> {
    return writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, restApiId);
      await requireDeployment(tx, restApiId, stage.deploymentId);
      if (stage.canarySettings && stage.canarySettings.deploymentId !== stage.deploymentId) await requireDeployment(tx, restApiId, stage.canarySettings.deploymentId);
      if (await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName: stage.stageName } }, select: { stageName: true } })) {
        throw conflict(ADMIN_ERRORS.stageExists);
      }
      return tx.stage.create({ data: { restApiId, ...stage, canarySettings: stage.canarySettings ?? Prisma.DbNull } });
    }).catch(duplicateStageAsConflict);
  }

  /** Reads the stage, lets `change` validate and compute its next settings, and writes them, in one transaction. */
  update(accountId: string, restApiId: string, stageName: string, change: (current: StageSettings) => StageSettings): Promise<Stage> {
    return writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, restApiId);
      const current = await findStage(tx, restApiId, stageName);
      const next = change(settingsOf(current));
      if (next.deploymentId !== current.deploymentId) await requireDeployment(tx, restApiId, next.deploymentId);
      const canaryDeploymentId = next.canarySettings?.deploymentId;
      if (canaryDeploymentId !== undefined && canaryDeploymentId !== canaryOf(current)?.deploymentId && canaryDeploymentId !== next.deploymentId) {
        await requireDeployment(tx, restApiId, canaryDeploymentId);
      }
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
          canarySettings: next.canarySettings ?? Prisma.DbNull,
          lastUpdatedDate: new Date(),
        },
      });
    });
  }

  async delete(accountId: string, restApiId: string, stageName: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, restApiId);
      await findStage(tx, restApiId, stageName);
      await tx.stage.delete({ where: { restApiId_stageName: { restApiId, stageName } } });
    });
  }

  /**
   * CreateDeployment's `stageName`: creates the stage on the new deployment, or re-points an existing one,
   * applying the stage fields the request carries. Runs inside the deployment's transaction.
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
    // A canary deployment (canarySettings given), or any redeployment to a stage that has a canary, moves the
    // canary to the new deployment and leaves the stage's own deployment as it is (spec §9).
    const canary = canaryOf(existing);
    const nextCanary = input.canarySettings ? { ...input.canarySettings, deploymentId } : canary ? { ...canary, deploymentId } : undefined;
    await tx.stage.update({
      where: { restApiId_stageName: { restApiId, stageName: input.stageName } },
      data: {
        ...(nextCanary ? { canarySettings: nextCanary } : { deploymentId }),
        variables,
        lastUpdatedDate: new Date(),
        ...(input.stageDescription !== undefined ? { description: input.stageDescription } : {}),
        ...(input.cacheClusterEnabled !== undefined ? { cacheClusterEnabled: input.cacheClusterEnabled } : {}),
        ...(cacheClusterSize !== undefined ? { cacheClusterSize } : {}),
        ...(input.tracingEnabled !== undefined ? { tracingEnabled: input.tracingEnabled } : {}),
      },
    });
  }
}

async function findStage(db: Db, restApiId: string, stageName: string): Promise<Stage> {
  const stage = await db.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName } } });
  if (!stage) throw notFound(ADMIN_ERRORS.stageNotFound);
  return stage;
}

async function requireDeployment(db: Db, restApiId: string, deploymentId: string): Promise<void> {
  const deployment = await db.deployment.findFirst({ where: { id: deploymentId, restApiId }, select: { id: true } });
  if (!deployment) throw notFound(ADMIN_ERRORS.deploymentNotFound);
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
    methodSettings: (stage.methodSettings ?? {}) as StageSettings['methodSettings'],
    accessLogSettings: (stage.accessLogSettings ?? null) as StageSettings['accessLogSettings'],
    canarySettings: canaryOf(stage),
  };
}


/** Two concurrent creates of one stage: the loser hits the primary key and gets AWS's conflict. */
function duplicateStageAsConflict(error: unknown): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(ADMIN_ERRORS.stageExists);
  throw error;
}
