/**
 * A small semantic-versioning range check, so that the SDK depends on nothing. It covers the range forms plugin
 * manifests use: exact (`1.2.3`, `=1.2.3`), comparators (`>=1.2.0 <2.0.0`, `>`, `<`, `<=`), caret (`^1.2.3`),
 * tilde (`~1.2.3`), partial and x-ranges (`1`, `1.2`, `1.x`, `*`) and alternatives joined by `||`.
 */

/**
 * A parsed `major.minor.patch[-prerelease]` version.
 * @example
 * const v: SemanticVersion | undefined = parseVersion('2.1.0-rc.1'); // { major: 2, minor: 1, patch: 0, prerelease: ['rc', '1'] }
 */
export interface SemanticVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: readonly string[];
}

interface Comparator {
  readonly operator: '>=' | '>' | '<' | '<=' | '=';
  readonly version: SemanticVersion;
}

const VERSION = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const PARTIAL = /^(?:(\^|~|>=|<=|>|<|=)\s*)?v?(\*|x|X|0|[1-9]\d*)(?:\.(\*|x|X|0|[1-9]\d*))?(?:\.(\*|x|X|0|[1-9]\d*))?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/**
 * Parses a full semantic version.
 *
 * @example
 * parseVersion('1.4.0-beta.1'); // { major: 1, minor: 4, patch: 0, prerelease: ['beta', '1'] }
 * parseVersion('1.4');          // undefined: a version has three parts
 */
export function parseVersion(text: string): SemanticVersion | undefined {
  const match = VERSION.exec(text.trim());
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric) return -1;
  if (bNumeric) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders two versions by semver precedence (a release ranks above its pre-releases).
 *
 * @example
 * compareVersions(parseVersion('1.0.0-rc.1')!, parseVersion('1.0.0')!); // -1
 */
export function compareVersions(a: SemanticVersion, b: SemanticVersion): -1 | 0 | 1 {
  const core = Math.sign(a.major - b.major) || Math.sign(a.minor - b.minor) || Math.sign(a.patch - b.patch);
  if (core !== 0) return core as -1 | 1;
  if (a.prerelease.length === 0 || b.prerelease.length === 0) {
    return (Math.sign(b.prerelease.length - a.prerelease.length) || 0) as -1 | 0 | 1;
  }
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < length; i++) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const order = compareIdentifiers(x, y);
    if (order !== 0) return order as -1 | 1;
  }
  return 0;
}

const isWildcard = (part: string | undefined): boolean => part === undefined || part === '*' || part === 'x' || part === 'X';

function version(major: number, minor: number, patch: number, prerelease: readonly string[] = []): SemanticVersion {
  return { major, minor, patch, prerelease };
}

/** Expands one token (`^1.2`, `>=1.0.0`, `1.x`, …) into plain comparators; undefined when it does not parse. */
function expand(token: string): Comparator[] | undefined {
  const match = PARTIAL.exec(token);
  if (!match) return undefined;
  const operator = match[1] ?? '';
  const [majorText, minorText, patchText, pre] = [match[2], match[3], match[4], match[5]];
  if (isWildcard(majorText)) return operator === '<' || operator === '>' ? [{ operator: '<', version: version(0, 0, 0, ['0']) }] : [];
  const major = Number(majorText);
  const minor = isWildcard(minorText) ? undefined : Number(minorText);
  const patch = minor === undefined || isWildcard(patchText) ? undefined : Number(patchText);
  const prerelease = pre ? pre.split('.') : [];
  const low = version(major, minor ?? 0, patch ?? 0, patch === undefined ? [] : prerelease);

  // Upper bound (exclusive) of a partial version: `1` → <2.0.0, `1.2` → <1.3.0.
  const partialUpper = minor === undefined ? version(major + 1, 0, 0, ['0']) : version(major, minor + 1, 0, ['0']);

  switch (operator) {
    case '^': {
      // Caret allows changes that do not modify the left-most non-zero part.
      let upper: SemanticVersion;
      if (major > 0 || minor === undefined) upper = version(major + 1, 0, 0, ['0']);
      else if (minor > 0 || patch === undefined) upper = version(0, minor + 1, 0, ['0']);
      else upper = version(0, 0, patch + 1, ['0']);
      return [{ operator: '>=', version: low }, { operator: '<', version: upper }];
    }
    case '~':
      return [{ operator: '>=', version: low }, { operator: '<', version: partialUpper }];
    case '>=':
      return [{ operator: '>=', version: low }];
    case '<':
      return [{ operator: '<', version: patch === undefined ? version(low.major, low.minor, 0, ['0']) : low }];
    case '>':
      return patch === undefined ? [{ operator: '>=', version: partialUpper }] : [{ operator: '>', version: low }];
    case '<=':
      return patch === undefined ? [{ operator: '<', version: partialUpper }] : [{ operator: '<=', version: low }];
    default:
      if (patch === undefined) return [{ operator: '>=', version: low }, { operator: '<', version: partialUpper }];
      return [{ operator: '=', version: low }];
  }
}

/** Parses a range into alternatives of comparator sets; undefined when any part does not parse. */
function parseRange(range: string): Comparator[][] | undefined {
  const alternatives: Comparator[][] = [];
  for (const alternative of range.split('||')) {
    // Glue operators to their version (`>= 1.0.0` → `>=1.0.0`) before splitting on whitespace.
    const tokens = alternative.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, '$1').split(/\s+/).filter(Boolean);
    const comparators: Comparator[] = [];
    for (const token of tokens.length === 0 ? ['*'] : tokens) {
      const expanded = expand(token);
      if (!expanded) return undefined;
      comparators.push(...expanded);
    }
    alternatives.push(comparators);
  }
  return alternatives;
}

function test(comparator: Comparator, candidate: SemanticVersion): boolean {
  const order = compareVersions(candidate, comparator.version);
  switch (comparator.operator) {
    case '>=':
      return order >= 0;
    case '>':
      return order > 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '=':
      return order === 0;
  }
}

/**
 * Whether `range` is a range this checker understands.
 *
 * @example
 * isValidRange('^1.0.0 || >=2.1.0'); // true
 * isValidRange('latest');            // false
 */
export function isValidRange(range: string): boolean {
  return parseRange(range) !== undefined;
}

/**
 * Whether `version` satisfies `range`. A pre-release satisfies a range only when some comparator of the matching
 * alternative names a pre-release of the same `major.minor.patch` (npm's rule, so `^1.0.0` never picks `2.0.0-rc.1`
 * and never `1.1.0-beta`). An unparsable version or range never satisfies.
 *
 * @example
 * satisfiesRange('1.4.2', '^1.0.0');   // true
 * satisfiesRange('2.0.0', '^1.0.0');   // false
 * satisfiesRange('1.0.0', '>=0.9.0');  // true
 */
export function satisfiesRange(versionText: string, range: string): boolean {
  const candidate = parseVersion(versionText);
  const alternatives = parseRange(range);
  if (!candidate || !alternatives) return false;
  return alternatives.some((comparators) => {
    if (!comparators.every((comparator) => test(comparator, candidate))) return false;
    if (candidate.prerelease.length === 0) return true;
    return comparators.some(
      (c) =>
        c.version.prerelease.length > 0 &&
        !(c.version.prerelease.length === 1 && c.version.prerelease[0] === '0' && c.operator === '<') &&
        c.version.major === candidate.major &&
        c.version.minor === candidate.minor &&
        c.version.patch === candidate.patch,
    );
  });
}
