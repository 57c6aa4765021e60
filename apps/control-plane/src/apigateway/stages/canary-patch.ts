import { badRequest, type CanarySettings } from '@portico/contracts';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';
import type { PatchOperation } from '../../common/patch-operations.js';
import { invalidStagePath } from './method-settings.js';
import { assertVariableCount, assertVariableName, assertVariableValue } from './stage-validation.js';

/** What a canary patch reads and writes of a stage. */
export interface CanaryStage {
  deploymentId: string;
  variables: Record<string, string>;
  canarySettings: CanarySettings | null;
}

const CANARY_MEMBERS = /^\/canarySettings\/(percentTraffic|deploymentId|useStageCache|stageVariableOverrides\/.+)$/;

/**
 * UpdateStage's canary operations (spec aws-openapi-and-rest-edge §9, texts from AWS's recorded answers):
 * `replace` of a member creates the canary when the stage has none (on the stage's own deployment, 0 %, no
 * stage cache); `remove /canarySettings` deletes it; `copy` promotes (the canary's deployment or its overrides
 * onto the stage — the canary itself stays until removed). Pure: returns the next state or throws AWS's 400.
 */
export function applyCanaryOperation(stage: CanaryStage, operation: PatchOperation): CanaryStage {
  const { op, path } = operation;
  if (op === 'copy') return promote(stage, operation);
  if (path === '/canarySettings') {
    if (op !== 'remove') throw badRequest(`Invalid ${op} operation with path: ${path}`);
    return { ...stage, canarySettings: null };
  }
  const member = CANARY_MEMBERS.exec(path)?.[1];
  const removesOverride = op === 'remove' && member?.startsWith('stageVariableOverrides/');
  if (op !== 'replace' && !removesOverride) {
    if (member !== undefined) throw badRequest(`Invalid ${op} operation with path: ${path}`);
    throw badRequest(`Cannot ${op} method setting ${path.slice(1)} because there is no method setting for this method `);
  }
  if (member === undefined) throw invalidStagePath(path);

  const canary: CanarySettings = stage.canarySettings
    ? { ...stage.canarySettings, stageVariableOverrides: { ...stage.canarySettings.stageVariableOverrides } }
    : { deploymentId: stage.deploymentId, percentTraffic: 0, stageVariableOverrides: {}, useStageCache: false };
  switch (member) {
    case 'percentTraffic':
      canary.percentTraffic = percent(operation);
      break;
    case 'deploymentId':
      // The deployment's existence is checked by the repository, in the write's transaction.
      canary.deploymentId = required(operation);
      break;
    case 'useStageCache':
      canary.useStageCache = boolean(operation);
      break;
    default: {
      const name = member.slice('stageVariableOverrides/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
      if (op === 'remove') {
        delete canary.stageVariableOverrides[name];
      } else {
        assertVariableName(name);
        assertVariableValue(name, operation.value);
        canary.stageVariableOverrides[name] = operation.value;
        assertVariableCount(Object.keys(canary.stageVariableOverrides).length);
      }
    }
  }
  return { ...stage, canarySettings: canary };
}

/** `copy from=/canarySettings/deploymentId path=/deploymentId`, `copy from=/canarySettings/stageVariableOverrides path=/variables`. */
function promote(stage: CanaryStage, { path, from }: PatchOperation): CanaryStage {
  const valid =
    (path === '/deploymentId' || path === '/variables') && (from === '/canarySettings/deploymentId' || from === '/canarySettings/stageVariableOverrides');
  if (!valid) {
    throw badRequest(
      `Invalid copy operation with path: ${path} and from ${from ?? 'null'}. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]`,
    );
  }
  const canary = stage.canarySettings;
  if (!canary) throw badRequest('Promotion not available. Canary does not exist.');
  if (path === '/deploymentId') return { ...stage, deploymentId: canary.deploymentId };
  const variables = { ...stage.variables, ...canary.stageVariableOverrides };
  assertVariableCount(Object.keys(variables).length);
  return { ...stage, variables };
}

function required(operation: PatchOperation): string {
  if (operation.value === undefined || operation.value === '') throw badRequest(ADMIN_ERRORS.emptyPatchValue(operation.path));
  return operation.value;
}

function percent(operation: PatchOperation): number {
  const raw = required(operation);
  const value = Number(raw);
  if (!/^\s*[0-9.eE+-]+\s*$/.test(raw) || !Number.isFinite(value) || value < 0 || value > 100) {
    throw badRequest(`Invalid percentTraffic value ${raw}. The value must be a number between 0.0 and 100.0`);
  }
  return value;
}

function boolean(operation: PatchOperation): boolean {
  const v = required(operation).toLowerCase();
  if (v !== 'true' && v !== 'false') throw badRequest(ADMIN_ERRORS.invalidPatchBoolean(operation.value, operation.path));
  return v === 'true';
}
