import { AdminError } from '@portico/contracts';
import type { PatchOperation } from '../../common/patch-operations.js';
import { applyStagePatch, type StageSettings } from './stage-patch.js';

const base: StageSettings = {
  deploymentId: 'dep1',
  description: null,
  clientCertificateId: null,
  cacheClusterEnabled: false,
  cacheClusterSize: null,
  tracingEnabled: false,
  variables: { testVar: 'default', other: 'kept' },
  methodSettings: {},
  accessLogSettings: null,
  canarySettings: null,
};
const withCanary: StageSettings = {
  ...base,
  canarySettings: { deploymentId: 'dep2', percentTraffic: 10, stageVariableOverrides: { testVar: 'canary' }, useStageCache: false },
};

const patch = (stage: StageSettings, ...operations: PatchOperation[]) => applyStagePatch(stage, operations);

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AdminError) return error.message;
    throw error;
  }
  throw new Error('expected an AdminError');
}

describe('UpdateStage canary operations', () => {
  it('creates a canary from a member on a stage without one, as AWS does', () => {
    expect(patch(base, { op: 'replace', path: '/canarySettings/percentTraffic', value: '50' }).canarySettings).toEqual({
      deploymentId: 'dep1',
      percentTraffic: 50,
      stageVariableOverrides: {},
      useStageCache: false,
    });
    expect(patch(base, { op: 'replace', path: '/canarySettings/deploymentId', value: 'dep2' }).canarySettings).toMatchObject({ deploymentId: 'dep2', percentTraffic: 0 });
  });

  it('edits members and overrides, and removes the canary', () => {
    const next = patch(
      withCanary,
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '12.5' },
      { op: 'replace', path: '/canarySettings/useStageCache', value: 'true' },
      { op: 'replace', path: '/canarySettings/stageVariableOverrides/extra', value: 'x' },
      { op: 'remove', path: '/canarySettings/stageVariableOverrides/testVar' },
    );
    expect(next.canarySettings).toEqual({ deploymentId: 'dep2', percentTraffic: 12.5, stageVariableOverrides: { extra: 'x' }, useStageCache: true });
    expect(patch(withCanary, { op: 'remove', path: '/canarySettings' }).canarySettings).toBeNull();
  });

  it('promotes with copy and keeps the canary until it is removed', () => {
    const promoted = patch(
      withCanary,
      { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
      { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
      { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
    );
    expect(promoted.deploymentId).toBe('dep2');
    expect(promoted.variables).toEqual({ testVar: 'canary', other: 'kept' });
    expect(promoted.canarySettings).toMatchObject({ deploymentId: 'dep2', percentTraffic: 0 });
  });

  it('refuses with AWS texts', () => {
    expect(message(() => patch(base, { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' }))).toBe('Promotion not available. Canary does not exist.');
    expect(message(() => patch(withCanary, { op: 'copy', from: '/variables', path: '/canarySettings/stageVariableOverrides' }))).toBe(
      'Invalid copy operation with path: /canarySettings/stageVariableOverrides and from /variables. Valid copy:path are [/deploymentId, /variables] and valid copy:from are [/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]',
    );
    expect(message(() => patch(withCanary, { op: 'add', path: '/canarySettings/deploymentId', value: 'dep3' }))).toBe('Invalid add operation with path: /canarySettings/deploymentId');
    expect(message(() => patch(withCanary, { op: 'remove', path: '/canarySettings/stageVariableOverrides' }))).toBe(
      'Cannot remove method setting canarySettings/stageVariableOverrides because there is no method setting for this method ',
    );
    expect(message(() => patch(withCanary, { op: 'remove', path: '/canarySettings/badPath' }))).toBe(
      'Cannot remove method setting canarySettings/badPath because there is no method setting for this method ',
    );
    expect(message(() => patch(withCanary, { op: 'replace', path: '/canarySettings/badPath', value: 'x' }))).toMatch(
      /^Invalid method setting path: \/canarySettings\/badPath\. Must be one of: \[\/deploymentId, /,
    );
    expect(message(() => patch(withCanary, { op: 'replace', path: '/canarySettings/percentTraffic', value: '101' }))).toMatch(/percentTraffic/);
    expect(message(() => patch(withCanary, { op: 'replace', path: '/canarySettings/percentTraffic', value: 'lots' }))).toMatch(/percentTraffic/);
    expect(message(() => patch(withCanary, { op: 'replace', path: '/canarySettings/stageVariableOverrides/bad-name', value: 'x' }))).toMatch(/stage variable name/);
  });
});
