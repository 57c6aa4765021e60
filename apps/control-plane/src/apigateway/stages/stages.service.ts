import { Inject, Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import type { ControlPlaneConfig } from '../../config.js';
import { parsePatchOperations } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { readCanarySettings } from './canary-settings.js';
import { applyStagePatch } from './stage-patch.js';
import { StageRepository } from './stage.repository.js';
import { assertStageName, CACHE_CLUSTER_SIZES, validateVariables } from './stage-validation.js';
import { toStageView, type StageView } from './stage-view.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';

/**
 * Stages: which deployment of an API is served under a name, with its variables and settings. The service holds
 * the rules; StageRepository reads and writes (each write one transaction, announced to data planes by it).
 */
@Injectable()
export class StagesService {
  constructor(
    private readonly repository: StageRepository,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async list(restApiId: string, deploymentId: string | undefined): Promise<{ item: StageView[] }> {
    const stages = await this.repository.list(this.config.accountId, restApiId, deploymentId);
    return { item: stages.map(toStageView) };
  }

  async get(restApiId: string, stageName: string): Promise<StageView> {
    return toStageView(await this.repository.get(this.config.accountId, restApiId, stageName));
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
    // A canary without a deploymentId runs the stage's own deployment (as UpdateStage's percentTraffic does).
    const canary = readCanarySettings(body, true);
    // The API is looked up first (its 404 wins), then the missing deployment id is refused.
    if (!deploymentId) {
      await this.repository.requireApi(this.config.accountId, restApiId);
      throw badRequest('Deployment id must be specified');
    }

    const stage = await this.repository.create(this.config.accountId, restApiId, {
      stageName,
      deploymentId,
      description: description ?? null,
      cacheClusterEnabled,
      cacheClusterSize: cacheClusterSize ?? (cacheClusterEnabled ? '0.5' : null),
      variables,
      documentationVersion: documentationVersion ?? null,
      tracingEnabled,
      tags,
      canarySettings: canary ? { ...canary, deploymentId: canary.deploymentId ?? deploymentId } : null,
    });
    return toStageView(stage);
  }

  async update(restApiId: string, stageName: string, rawBody: unknown): Promise<StageView> {
    const operations = parsePatchOperations(rawBody, 'updateStageInput');
    const stage = await this.repository.update(this.config.accountId, restApiId, stageName, (current) => {
      const next = applyStagePatch(current, operations);
      checkMaxLength(next.description, LIMITS.description, 'description');
      return next;
    });
    return toStageView(stage);
  }

  delete(restApiId: string, stageName: string): Promise<void> {
    return this.repository.delete(this.config.accountId, restApiId, stageName);
  }
}
