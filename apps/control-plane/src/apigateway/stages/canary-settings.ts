import { badRequest, canarySettingsSchema, type CanarySettings } from '@portico/contracts';
import type { Stage } from '@portico/db';
import { read } from '../../common/validation.js';
import { validateVariables } from './stage-validation.js';

/** The stage row's canary, or null (a stored value that does not parse counts as none). */
export function canaryOf(stage: Pick<Stage, 'canarySettings'>): CanarySettings | null {
  if (stage.canarySettings === null) return null;
  const parsed = canarySettingsSchema.safeParse(stage.canarySettings);
  return parsed.success ? parsed.data : null;
}

/**
 * `canarySettings` of CreateStage (all four members) or CreateDeployment (no `deploymentId`: the new deployment is
 * the canary), validated: wrong JSON types are SerializationExceptions, a share outside 0–100 or a bad override
 * name/value a BadRequestException. Undefined when the body has none.
 */
export function readCanarySettings(body: Record<string, unknown>, withDeploymentId: true): (Omit<CanarySettings, 'deploymentId'> & { deploymentId?: string }) | undefined;
export function readCanarySettings(body: Record<string, unknown>, withDeploymentId: false): Omit<CanarySettings, 'deploymentId'> | undefined;
export function readCanarySettings(body: Record<string, unknown>, withDeploymentId: boolean): (Omit<CanarySettings, 'deploymentId'> & { deploymentId?: string }) | undefined {
  const canary = read.object(body, 'canarySettings');
  if (canary === undefined) return undefined;
  const percentTraffic = read.number(canary, 'percentTraffic', 'canarySettings.percentTraffic') ?? 0;
  if (!Number.isFinite(percentTraffic) || percentTraffic < 0 || percentTraffic > 100) {
    throw badRequest(`Invalid percentTraffic value ${percentTraffic}. The value must be a number between 0.0 and 100.0`);
  }
  const stageVariableOverrides = validateVariables(read.stringMap(canary, 'stageVariableOverrides', 'canarySettings.stageVariableOverrides') ?? {});
  const useStageCache = read.boolean(canary, 'useStageCache', 'canarySettings.useStageCache') ?? false;
  const deploymentId = withDeploymentId ? read.string(canary, 'deploymentId', 'canarySettings.deploymentId') : undefined;
  return { percentTraffic, stageVariableOverrides, useStageCache, ...(deploymentId ? { deploymentId } : {}) };
}
