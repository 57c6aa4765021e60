import { badRequest, type CanarySettings, type MethodSetting } from '@portico/contracts';
import type { PatchOperation } from '../../common/patch-operations.js';
import { applyCanaryOperation } from './canary-patch.js';
import { invalidStagePath, parseMethodSettingPath, removeMethodSetting, writeMethodSetting } from './method-settings.js';
import { assertCacheClusterSize, assertVariableCount, assertVariableName, assertVariableValue } from './stage-validation.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

/** The mutable part of a stage, as UpdateStage edits it. */
export interface StageSettings {
  deploymentId: string;
  description: string | null;
  clientCertificateId: string | null;
  cacheClusterEnabled: boolean;
  cacheClusterSize: string | null;
  tracingEnabled: boolean;
  variables: Record<string, string>;
  methodSettings: Record<string, MethodSetting>;
  accessLogSettings: { format?: string; destinationArn?: string } | null;
  canarySettings: CanarySettings | null;
}

/**
 * Applies UpdateStage's operations in order (spec §1.4 "UpdateStage valid paths"). Pure: returns the new
 * settings or throws AWS's 400; the caller checks that a new deploymentId exists and persists the result.
 * Canary operations (`/canarySettings…`, and `copy`, which is only canary promotion) are canary-patch.ts's.
 */
export function applyStagePatch(current: StageSettings, operations: readonly PatchOperation[]): StageSettings {
  let stage: StageSettings = {
    ...current,
    variables: { ...current.variables },
    methodSettings: { ...current.methodSettings },
    accessLogSettings: current.accessLogSettings ? { ...current.accessLogSettings } : null,
  };
  for (const operation of operations) stage = applyOne(stage, operation);
  return stage;
}

function applyOne(stage: StageSettings, operation: PatchOperation): StageSettings {
  const { op, path, value } = operation;
  if (op === undefined) throw badRequest('Invalid patch operation specified. Must be one of: [add, remove, replace, copy]');
  if (op === 'copy' || path === '/canarySettings' || path.startsWith('/canarySettings/')) return { ...stage, ...applyCanaryOperation(stage, operation) };
  if (op === 'move' || op === 'test') throw badRequest('Invalid patch operation specified. Must be one of: [add, remove, replace, copy]');
  const only = (...ops: string[]) => {
    if (!ops.includes(op)) throw badRequest(ADMIN_ERRORS.unsupportedPatchOperation(path, op));
  };

  switch (path) {
    case '/deploymentId':
      only('replace');
      return { ...stage, deploymentId: required(operation) };
    case '/description':
      only('replace');
      return { ...stage, description: value ?? null };
    case '/clientCertificateId':
      only('replace');
      return { ...stage, clientCertificateId: value || null };
    case '/cacheClusterEnabled': {
      only('replace');
      const enabled = boolean(operation);
      return { ...stage, cacheClusterEnabled: enabled, cacheClusterSize: enabled ? (stage.cacheClusterSize ?? '0.5') : stage.cacheClusterSize };
    }
    case '/cacheClusterSize': {
      only('replace');
      const size = required(operation);
      assertCacheClusterSize(size);
      return { ...stage, cacheClusterSize: size };
    }
    case '/tracingEnabled':
      only('replace');
      return { ...stage, tracingEnabled: boolean(operation) };
    case '/accessLogSettings':
      only('remove');
      return { ...stage, accessLogSettings: null };
    // `add` sets a member as `replace` does (Terraform's access_log_settings send add).
    case '/accessLogSettings/format': {
      only('add', 'replace', 'remove');
      const format = op === 'remove' ? undefined : required(operation);
      if (format !== undefined) assertAccessLogFormat(format);
      return { ...stage, accessLogSettings: withoutEmpty({ ...stage.accessLogSettings, format }) };
    }
    case '/accessLogSettings/destinationArn': {
      only('add', 'replace', 'remove');
      const destinationArn = op === 'remove' ? undefined : required(operation);
      return { ...stage, accessLogSettings: withoutEmpty({ ...stage.accessLogSettings, destinationArn }) };
    }
  }

  if (path.startsWith('/variables/')) {
    const name = path.slice('/variables/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
    const variables = { ...stage.variables };
    if (op === 'remove') {
      delete variables[name];
    } else {
      assertVariableName(name);
      assertVariableValue(name, value);
      variables[name] = value;
      assertVariableCount(Object.keys(variables).length);
    }
    return { ...stage, variables };
  }

  const setting = parseMethodSettingPath(path);
  if (setting?.kind === 'setting') {
    only('replace', 'add');
    return { ...stage, methodSettings: writeMethodSetting(stage.methodSettings, setting, value, path) };
  }
  if (setting?.kind === 'key') {
    only('remove');
    return { ...stage, methodSettings: removeMethodSetting(stage.methodSettings, setting.key) };
  }
  throw invalidStagePath(path);
}

function required(operation: PatchOperation): string {
  if (operation.value === undefined || operation.value === '') throw badRequest(ADMIN_ERRORS.emptyPatchValue(operation.path));
  return operation.value;
}

function boolean(operation: PatchOperation): boolean {
  const v = required(operation).toLowerCase();
  if (v !== 'true' && v !== 'false') throw badRequest(ADMIN_ERRORS.invalidPatchBoolean(operation.value, operation.path));
  return v === 'true';
}

/** AWS refuses an access-log format that cannot be correlated with a request. */
export function assertAccessLogFormat(format: string): void {
  if (!format.includes('$context.requestId') && !format.includes('$context.extendedRequestId')) {
    throw badRequest("Access Log format must contain at least '$context.requestId' or '$context.extendedRequestId'");
  }
}

function withoutEmpty(settings: { format?: string; destinationArn?: string }): StageSettings['accessLogSettings'] {
  const out: { format?: string; destinationArn?: string } = {};
  if (settings.format !== undefined) out.format = settings.format;
  if (settings.destinationArn !== undefined) out.destinationArn = settings.destinationArn;
  return Object.keys(out).length > 0 ? out : null;
}
