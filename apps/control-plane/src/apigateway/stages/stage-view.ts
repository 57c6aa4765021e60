import type { CanarySettings, MethodSetting } from '@portico/contracts';
import type { Stage } from '@portico/db';
import { toEpochSeconds } from '../../common/epoch.js';
import { canaryOf } from './canary-settings.js';

/** A Stage as the admin API returns it (spec §1.3): optional members only when set. */
export interface StageView {
  stageName: string;
  deploymentId: string;
  description?: string;
  clientCertificateId?: string;
  cacheClusterEnabled: boolean;
  cacheClusterSize?: string;
  cacheClusterStatus: 'AVAILABLE' | 'NOT_AVAILABLE';
  methodSettings: Record<string, MethodSetting>;
  variables?: Record<string, string>;
  documentationVersion?: string;
  accessLogSettings?: { format?: string; destinationArn?: string };
  /** Present while the stage has a canary; `stageVariableOverrides` only when it has some, as AWS answers. */
  canarySettings?: Partial<CanarySettings>;
  tracingEnabled: boolean;
  /** Always present, `{}` when none, as AWS answers. */
  tags: Record<string, string>;
  createdDate: number;
  lastUpdatedDate: number;
}

export function toStageView(stage: Stage): StageView {
  const variables = (stage.variables ?? {}) as Record<string, string>;
  const tags = (stage.tags ?? {}) as Record<string, string>;
  const view: StageView = {
    stageName: stage.stageName,
    deploymentId: stage.deploymentId,
    cacheClusterEnabled: stage.cacheClusterEnabled,
    // Portico has no stage cache cluster to provision: an enabled cache is reported available at once.
    cacheClusterStatus: stage.cacheClusterEnabled ? 'AVAILABLE' : 'NOT_AVAILABLE',
    methodSettings: (stage.methodSettings ?? {}) as Record<string, MethodSetting>,
    tracingEnabled: stage.tracingEnabled,
    tags,
    createdDate: toEpochSeconds(stage.createdDate),
    lastUpdatedDate: toEpochSeconds(stage.lastUpdatedDate),
  };
  if (stage.description !== null) view.description = stage.description;
  if (stage.clientCertificateId !== null) view.clientCertificateId = stage.clientCertificateId;
  if (stage.cacheClusterSize !== null) view.cacheClusterSize = stage.cacheClusterSize;
  if (Object.keys(variables).length > 0) view.variables = variables;
  if (stage.documentationVersion !== null) view.documentationVersion = stage.documentationVersion;
  if (stage.accessLogSettings) view.accessLogSettings = stage.accessLogSettings as StageView['accessLogSettings'];
  const canary = canaryOf(stage);
  if (canary) {
    const { stageVariableOverrides, ...rest } = canary;
    view.canarySettings = Object.keys(stageVariableOverrides).length > 0 ? canary : rest;
  }
  return view;
}
