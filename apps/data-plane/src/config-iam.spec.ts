import { DataPlaneConfigError, loadDataPlaneConfig } from './config.js';

const base = { PORTICO_CONFIG_FILE: 'c.json' };

describe('loadDataPlaneConfig: IAM settings', () => {
  it('leaves them to the pipeline defaults when unset', () => {
    expect(loadDataPlaneConfig(base).iam).toBeUndefined();
  });

  it('reads the clock window and the trusted proxies', () => {
    expect(loadDataPlaneConfig({ ...base, PORTICO_IAM_CLOCK_SKEW_SECONDS: '900', PORTICO_TRUSTED_PROXIES: '10.0.0.0/8, 192.168.1.1,::1' }).iam).toEqual({
      clockSkewMs: 900_000,
      trustedProxies: ['10.0.0.0/8', '192.168.1.1', '::1'],
    });
  });

  it('refuses a proxy that is not an address or CIDR', () => {
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_TRUSTED_PROXIES: 'proxy.local' })).toThrow(DataPlaneConfigError);
  });
});
