/**
 * The SDK contract version hosts implement. Plugins declare the range they were written for (`sdk: '^1.0.0'`) and
 * a host refuses a plugin whose range does not include its own SDK version.
 * @example
 * import { SDK_VERSION, satisfiesRange } from '@portico/plugin-sdk';
 * satisfiesRange(SDK_VERSION, '^1.0.0'); // true
 */
export const SDK_VERSION = '1.0.0';
