/**
 * The SDK contract version hosts implement. Plugins declare the range they were written for (`sdk: '^2.0.0'`) and
 * a host refuses a plugin whose range includes none of the contract versions it runs (`COMPATIBLE_SDK_VERSIONS`).
 * @example
 * import { SDK_VERSION, satisfiesRange } from '@portico/plugin-sdk';
 * satisfiesRange(SDK_VERSION, '^2.0.0'); // true
 */
export const SDK_VERSION = '2.0.0';

/**
 * The contract versions a host of this SDK runs: 2.0 adds to 1.0's request view and takes nothing away, so
 * plugins written for `^1.0.0` keep running unchanged beside those written for `^2.0.0`.
 * @example
 * import { COMPATIBLE_SDK_VERSIONS, satisfiesRange } from '@portico/plugin-sdk';
 * COMPATIBLE_SDK_VERSIONS.some((v) => satisfiesRange(v, '^1.0.0')); // true
 */
export const COMPATIBLE_SDK_VERSIONS: readonly string[] = Object.freeze([SDK_VERSION, '1.0.0']);
