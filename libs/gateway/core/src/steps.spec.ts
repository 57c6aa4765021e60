import { runSteps, type Step } from './steps.js';

describe('runSteps', () => {
  const seen: string[] = [];
  const go = (name: string): Step<string[], string> => (log) => void log.push(name);
  const stop = (name: string): Step<string[], string> => () => name;
  const later = (answer: string | undefined): Step<string[], string> => async (log) => {
    log.push(`later:${answer}`);
    return answer;
  };

  beforeEach(() => seen.splice(0));

  it('runs every step in order and continues when none answers', () => {
    expect(runSteps([go('a'), go('b')], seen)).toBeUndefined();
    expect(seen).toEqual(['a', 'b']);
  });

  it('stops at the first answer, synchronously', () => {
    expect(runSteps([go('a'), stop('no'), go('c')], seen)).toBe('no');
    expect(seen).toEqual(['a']);
  });

  it('waits for a pending step and goes on after it', async () => {
    const verdict = runSteps([later(undefined), go('b'), stop('done')], seen);
    expect(verdict).toBeInstanceOf(Promise);
    await expect(verdict).resolves.toBe('done');
    expect(seen).toEqual(['later:undefined', 'b']);
  });

  it('stops after a pending step that answers', async () => {
    await expect(runSteps([later('no'), go('b')], seen)).resolves.toBe('no');
    expect(seen).toEqual(['later:no']);
  });

  it("hands back the last step's promise as it is", () => {
    const last = Promise.resolve('x');
    expect(runSteps([go('a'), () => last], seen)).toBe(last);
  });
});
