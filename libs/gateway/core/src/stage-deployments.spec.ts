import { StageDeployments } from './stage-deployments.js';

describe('StageDeployments', () => {
  it('serves the primary deployment when the stage has no canary', () => {
    const stage = new StageDeployments('d1');
    expect(stage.pick(() => 0)).toBe('d1');
    expect(stage.all()).toEqual(['d1']);
  });

  it('sends the canary its share of the draws', () => {
    const stage = new StageDeployments('d1', { deployment: 'c1', percentTraffic: 25 });
    expect(stage.pick(() => 0.1)).toBe('c1');
    expect(stage.pick(() => 0.25)).toBe('d1');
    expect(stage.pick(() => 0.9)).toBe('d1');
    expect(stage.all()).toEqual(['d1', 'c1']);
  });

  it('clamps the share to 0–100 %', () => {
    expect(new StageDeployments('d1', { deployment: 'c1', percentTraffic: 150 }).pick(() => 0.99)).toBe('c1');
    expect(new StageDeployments('d1', { deployment: 'c1', percentTraffic: -5 }).pick(() => 0)).toBe('d1');
  });
});
