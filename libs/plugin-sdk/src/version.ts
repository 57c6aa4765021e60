/**
 * The SDK contract version hosts implement. Plugins declare the range they were written for (`sdk: '^1.0.0'`) and
 * a host refuses a plugin whose range does not include its own SDK version.
 */
export const SDK_VERSION = '1.0.0';
