import { AdmissionLedger } from './admission-ledger.js';

describe('AdmissionLedger', () => {
  it('carries unfolded admissions summed per counter and each unacknowledged fold with its run and number', () => {
    const ledger = new AdmissionLedger();
    ledger.entry('r1', 'q', 60, 0).admitted += 5;
    ledger.entry('r1', 'u', 60, 0).admitted += 5;
    const q = ledger.entry('r1', 'q', 60, 0);
    ledger.folded([q], [5], [{ fold: 3, persisted: 0 }]);
    q.admitted += 2;
    ledger.entry('r0', 'q', 60, 0).admitted += 1; // an older run not yet carried
    expect(ledger.hasOtherThan('r1')).toBe(true);
    expect(ledger.hasOtherThan('r2')).toBe(true);
    expect(ledger.carries('r2')).toEqual([
      { key: 'q', count: 3, ttlSeconds: 60 },
      { key: 'u', count: 5, ttlSeconds: 60 },
      { key: 'q', count: 5, ttlSeconds: 60, foldRun: 'r1', fold: 3 },
    ]);
    // The current run is never carried into itself.
    expect(ledger.carries('r1')).toEqual([{ key: 'q', count: 1, ttlSeconds: 60 }]);
    ledger.dropOtherThan('r2');
    expect(ledger.hasOtherThan('r2')).toBe(false);
  });

  it('keeps a fold until its number is persisted, and counts admissions made while a fold was in flight', () => {
    const ledger = new AdmissionLedger();
    const e = ledger.entry('r1', 'q', 60, 0);
    e.admitted = 4;
    const counts = [e.admitted];
    e.admitted += 3; // admitted during the fold call
    ledger.folded([e], counts, [{ fold: 1, persisted: 0 }]);
    expect(ledger.unpersisted('r1')).toEqual([{ key: 'q', count: 7, ttlSeconds: 60 }]);
    ledger.folded([e], [3], [{ fold: 2, persisted: 1 }]);
    expect(e.folds).toEqual([{ count: 3, fold: 2 }]);
    expect(ledger.unpersisted('r1')).toEqual([{ key: 'q', count: 3, ttlSeconds: 60 }]);
    ledger.folded([e], [0], [{ fold: 2, persisted: 2 }]);
    expect(ledger.unpersisted('r1')).toEqual([]);
  });

  it('forgets idle entries only when nothing of them is unpersisted', () => {
    const ledger = new AdmissionLedger();
    ledger.entry('r1', 'idle', 60, 0);
    ledger.entry('r1', 'owed', 60, 0).admitted = 1;
    ledger.sweep(120_000);
    expect(ledger.size).toBe(1);
    expect(ledger.unpersisted('r1')).toEqual([{ key: 'owed', count: 1, ttlSeconds: 60 }]);
  });
});
