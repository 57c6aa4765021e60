import { compareVersions, isValidRange, parseVersion, satisfiesRange } from './semver-range.js';

describe('satisfiesRange', () => {
  it.each([
    ['1.0.0', '^1.0.0', true],
    ['1.9.3', '^1.2.0', true],
    ['2.0.0', '^1.0.0', false],
    ['0.9.0', '^1.0.0', false],
    ['0.2.5', '^0.2.3', true],
    ['0.3.0', '^0.2.3', false],
    ['0.0.4', '^0.0.3', false],
    ['1.2.9', '~1.2.3', true],
    ['1.3.0', '~1.2.3', false],
    ['1.0.0', '>=0.9.0', true],
    ['0.8.0', '>=0.9.0', false],
    ['1.5.0', '>=1.0.0 <2.0.0', true],
    ['2.0.0', '>=1.0.0 <2.0.0', false],
    ['2.0.0', '>= 1.0.0 < 2.0.0', false],
    ['3.1.0', '^1.0.0 || ^3.0.0', true],
    ['1.4.0', '1.x', true],
    ['1.4.0', '1', true],
    ['1.4.0', '1.3', false],
    ['7.0.0', '*', true],
    ['1.0.0', '1.0.0', true],
    ['1.0.1', '=1.0.0', false],
    ['2.0.0-rc.1', '^1.0.0', false],
    ['1.1.0-beta', '^1.0.0', false],
    ['1.0.0-beta.2', '>=1.0.0-beta.1', true],
    ['1.0.0', '>1.0.0', false],
    ['1.0.0', '<=1.0.0', true],
  ])('%s in %s → %s', (version, range, expected) => {
    expect(satisfiesRange(version, range)).toBe(expected);
  });

  it('never satisfies an unparsable version or range', () => {
    expect(satisfiesRange('1.0', '^1.0.0')).toBe(false);
    expect(satisfiesRange('1.0.0', 'latest')).toBe(false);
    expect(isValidRange('latest')).toBe(false);
    expect(isValidRange('^1.0.0 || >=2')).toBe(true);
  });

  it('orders pre-releases below their release', () => {
    expect(compareVersions(parseVersion('1.0.0-rc.1')!, parseVersion('1.0.0')!)).toBe(-1);
    expect(compareVersions(parseVersion('1.0.0-alpha.2')!, parseVersion('1.0.0-alpha.10')!)).toBe(-1);
    expect(compareVersions(parseVersion('1.0.0-alpha')!, parseVersion('1.0.0-alpha.1')!)).toBe(-1);
  });
});
