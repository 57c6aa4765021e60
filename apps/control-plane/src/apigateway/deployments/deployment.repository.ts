import { Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import { Prisma, type Database } from '@portico/db';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import { requireRestApi, type Db } from '../../common/lookups.js';
import { pageWindow, type Paging } from '../../common/paging.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { StageRepository, type DeploymentStageInput } from '../stages/stage.repository.js';
import type { ApiRows } from './compile-snapshot.js';
import { loadApiRows } from './load-api-rows.js';

/** A deployment as listed (without its snapshot). */
export interface DeploymentRow {
  id: string;
  description: string | null;
  createdDate: Date;
}

const LISTED = { id: true, description: true, createdDate: true } as const;

/** What CreateDeployment's transaction decides from the API's rows: the snapshot to store, or a refusal. */
export type CompileDeployment = (rows: ApiRows, tx: Prisma.TransactionClient) => Promise<{ id: string; createdDate: Date; snapshot: unknown }>;

/** Deployment rows (immutable snapshots; only the description changes), and CreateDeployment's stage. */
@Injectable()
export class DeploymentRepository {
  constructor(
    @Inject(DATABASE) private readonly database: Database,
    private readonly stages: StageRepository,
  ) {}

  /**
   * In one transaction: reads the API's rows, lets `compile` check them and build the snapshot, stores it and
   * puts it on `stage` when one is named. Two deployments creating the same new stage at once: the loser's insert
   * hits the stage's primary key and its transaction rolls back; it runs again and re-points the winner's stage.
   */
  create(accountId: string, restApiId: string, description: string | undefined, stage: DeploymentStageInput | undefined, compile: CompileDeployment): Promise<DeploymentRow> {
    return retryOnUniqueViolation(() =>
      writeTransaction(this.database, async (tx) => {
        const rows = await loadApiRows(tx, restApiId);
        if (!rows) throw notFound(ADMIN_ERRORS.restApiNotFound(accountId, restApiId));
        const { id, createdDate, snapshot } = await compile(rows, tx);
        const created = await tx.deployment.create({
          data: { id, restApiId, description: description ?? null, createdDate, snapshot: snapshot as Prisma.InputJsonObject },
          select: LISTED,
        });
        if (stage) await this.stages.pointStageAt(tx, restApiId, id, stage);
        return created;
      }),
    );
  }

  get(accountId: string, restApiId: string, deploymentId: string) {
    return findDeployment(this.database.prisma, accountId, restApiId, deploymentId);
  }

  async page(accountId: string, restApiId: string, paging: Paging): Promise<DeploymentRow[]> {
    await requireRestApi(this.database.prisma, accountId, restApiId);
    return this.database.prisma.deployment.findMany({ where: { restApiId }, orderBy: [{ createdDate: 'asc' }, { id: 'asc' }], select: LISTED, ...pageWindow(paging) });
  }

  /** Reads the description, lets `change` patch and validate it, and writes it, in one transaction. */
  updateDescription(accountId: string, restApiId: string, deploymentId: string, change: (description: string | null) => string | null): Promise<DeploymentRow> {
    return writeTransaction(this.database, async (tx) => {
      const current = await findDeployment(tx, accountId, restApiId, deploymentId);
      return tx.deployment.update({ where: { id: deploymentId }, data: { description: change(current.description) }, select: LISTED });
    });
  }

  async delete(accountId: string, restApiId: string, deploymentId: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await findDeployment(tx, accountId, restApiId, deploymentId);
      // A stage's canary holds its deployment as the stage's own deployment does.
      const canaries = await tx.stage.count({ where: { restApiId, canarySettings: { path: ['deploymentId'], equals: deploymentId } } });
      if (canaries > 0 || (await tx.stage.count({ where: { restApiId, deploymentId } })) > 0) {
        throw badRequest('Active stages pointing to this deployment must be moved or deleted');
      }
      await tx.deployment.delete({ where: { id: deploymentId } });
    });
  }
}

async function findDeployment(db: Db, accountId: string, restApiId: string, deploymentId: string) {
  await requireRestApi(db, accountId, restApiId);
  const deployment = await db.deployment.findFirst({ where: { id: deploymentId, restApiId } });
  if (!deployment) throw notFound(ADMIN_ERRORS.deploymentNotFound);
  return deployment;
}

async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return work();
    throw error;
  }
}
