import { DecisionTrailRing, type DecisionTrail } from './decision-trail.js';

const trail = (requestId: string): DecisionTrail => ({
  requestId,
  time: '2026-12-02T00:00:00.000Z',
  apiType: 'REST',
  httpMethod: 'GET',
  path: '/prod/x',
  status: 403,
  decision: 'RESOURCE_POLICY_DENY',
  decidedBy: 'resource-policy',
  steps: [],
});

describe('DecisionTrailRing', () => {
  it('keeps the last `size` trails and forgets the oldest first', () => {
    const ring = new DecisionTrailRing({ size: 2, retentionMs: 60_000 });
    ring.record(trail('a'));
    ring.record(trail('b'));
    ring.record(trail('c'));
    expect(ring.get('a')).toBeUndefined();
    expect(ring.get('b')?.requestId).toBe('b');
    expect(ring.get('c')?.requestId).toBe('c');
    expect(ring.size).toBe(2);
  });

  it('answers nothing past the retention', () => {
    let now = 1_000;
    const ring = new DecisionTrailRing({ size: 10, retentionMs: 500, now: () => now });
    ring.record(trail('a'));
    now += 500;
    expect(ring.get('a')).toBeDefined();
    now += 1;
    expect(ring.get('a')).toBeUndefined();
  });

  it('tells each recording to onRecord and refuses a size that is not a positive integer', () => {
    const seen: string[] = [];
    const ring = new DecisionTrailRing({ size: 1, retentionMs: 1_000, onRecord: (t) => seen.push(t.requestId) });
    ring.record(trail('x'));
    expect(seen).toEqual(['x']);
    expect(() => new DecisionTrailRing({ size: 0, retentionMs: 1 })).toThrow(/size/);
  });
});
