import { Inject, Injectable } from '@nestjs/common';
import type { PluginRegistry } from '@portico/engine-authorizers';
import { badRequest, deploymentSnapshotSchema } from '@portico/contracts';
import type { Prisma } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { toEpochSeconds } from '../../common/epoch.js';
import { newShortId } from '../../common/ids.js';
import { parsePaging, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, type PatchRule } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import type { DeploymentStageInput } from '../stages/stage.repository.js';
import { readCanarySettings } from '../stages/canary-settings.js';
import { assertStageName, CACHE_CLUSTER_SIZES, validateVariables } from '../stages/stage-validation.js';
import { apiSummaryOf, compileSnapshot } from './compile-snapshot.js';
import { PLUGIN_REGISTRY } from '../authorizers/plugin-registry.provider.js';
import { checkWithServingCompiler } from './check-with-serving-compiler.js';
import { DeploymentRepository } from './deployment.repository.js';
import { toDeploymentView, type DeploymentView } from './deployment-view.js';
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
    private readonly repository: DeploymentRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(PLUGIN_REGISTRY) private readonly registry: PluginRegistry,
  ) {}

  async create(restApiId: string, rawBody: unknown): Promise<DeploymentView> {
    const body = bodyObject(rawBody);
    const description = read.string(body, 'description');
    checkMaxLength(description, LIMITS.description, 'description');
    const stage = readStageInput(body);
    const canary = readCanarySettings(body, false);
    if (canary !== undefined && !stage) {
      throw badRequest(
        'Invalid deployment content specified.Non null and non empty stageName must be provided for canary deployment. Provided value is null',
      );
    }

    const deployment = await this.repository.create(this.config.accountId, restApiId, description, stage && canary ? { ...stage, canarySettings: canary } : stage, async (rows, tx) => {
      if (canary !== undefined && stage) {
        const existing = await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName: stage.stageName } } });
        if (!existing) {
          throw badRequest(
            `Invalid deployment content specified.Stage ${stage.stageName} must already be created before making a canary release deployment`,
          );
        }
      }
      const id = newShortId();
      const createdDate = new Date();
      const compiled = compileSnapshot(rows, { id, createdDate: toEpochSeconds(createdDate) });
      if (!compiled.ok) throw badRequest(compiled.message);
      // What a data plane would refuse to serve is refused here, by the compiler that serves it.
      // A canary deployment serves the stage's variables with the canary's overrides on top.
      const stageVariables = stage ? { ...(await this.stageVariablesAfter(tx, restApiId, stage)), ...canary?.stageVariableOverrides } : undefined;
      const refusal = checkWithServingCompiler(compiled.snapshot, { stageVariables, registry: this.registry });
      if (refusal) throw badRequest(refusal);
      return { id, createdDate, snapshot: compiled.snapshot };
    });
    return toDeploymentView(deployment);
  }

  /** The stage's variables once this deployment is on it: the stage's own, with the deployment's on top. */
  private async stageVariablesAfter(tx: Prisma.TransactionClient, restApiId: string, stage: DeploymentStageInput): Promise<Record<string, string>> {
    const existing = await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName: stage.stageName } }, select: { variables: true } });
    return { ...((existing?.variables as Record<string, string> | undefined) ?? {}), ...stage.variables };
  }

  async get(restApiId: string, deploymentId: string, embed: string[]): Promise<DeploymentView> {
    const deployment = await this.repository.get(this.config.accountId, restApiId, deploymentId);
    const view = toDeploymentView(deployment);
    if (embed.some((e) => e.toLowerCase() === 'apisummary')) {
      view.apiSummary = apiSummaryOf(deploymentSnapshotSchema.parse(deployment.snapshot));
    }
    return view;
  }

  async list(restApiId: string, query: { limit?: unknown; position?: unknown }): Promise<Page<DeploymentView>> {
    const paging = parsePaging(query);
    return toPage(await this.repository.page(this.config.accountId, restApiId, paging), paging, toDeploymentView);
  }

  async update(restApiId: string, deploymentId: string, rawBody: unknown): Promise<DeploymentView> {
    const operations = parsePatchOperations(rawBody, 'updateDeploymentInput');
    const updated = await this.repository.updateDescription(this.config.accountId, restApiId, deploymentId, (description) => {
      const next = applyPatchOperations({ description }, operations, descriptionRules);
      checkMaxLength(next.description, LIMITS.description, 'description');
      return next.description;
    });
    return toDeploymentView(updated);
  }

  delete(restApiId: string, deploymentId: string): Promise<void> {
    return this.repository.delete(this.config.accountId, restApiId, deploymentId);
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
