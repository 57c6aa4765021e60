import { resolve } from 'node:path';
import { ConfigError, DEVELOPMENT_ACCESS_KEY_ID, loadControlPlaneConfig } from './config.js';

describe('loadControlPlaneConfig', () => {
  it('uses documented defaults', () => {
    const config = loadControlPlaneConfig({});
    expect(config).toMatchObject({
      port: 8081,
      region: 'us-east-1',
      accountId: '000000000000',
      adminAccessKeyId: DEVELOPMENT_ACCESS_KEY_ID,
      adminClockSkewMs: 300_000,
      bodyLimitBytes: 10 * 1024 * 1024,
      developmentDefaults: { adminCredentials: true, dataPlaneToken: true },
    });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('reads the environment', () => {
    const config = loadControlPlaneConfig({
      PORTICO_CONTROL_PLANE_PORT: '9000',
      DATABASE_URL: 'postgresql://u@h:5432/db',
      REDIS_URL: 'redis://h:6379',
      PORTICO_REGION: 'eu-west-1',
      PORTICO_ACCOUNT_ID: '123456789012',
      PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
      PORTICO_ADMIN_SECRET_ACCESS_KEY: 'a-long-enough-secret',
      PORTICO_DATA_PLANE_TOKEN: 'a-long-enough-token',
      PORTICO_ADMIN_CLOCK_SKEW_SECONDS: '900',
    });
    expect(config).toMatchObject({ port: 9000, region: 'eu-west-1', accountId: '123456789012', adminClockSkewMs: 900_000 });
    expect(config.developmentDefaults).toEqual({ adminCredentials: false, dataPlaneToken: false });
  });

  it('reads where Lambda authorizers under test run: a local functions folder (absolute) and an Invoke API endpoint', () => {
    const config = loadControlPlaneConfig({ PORTICO_FUNCTIONS_DIR: 'examples/functions', PORTICO_LAMBDA_ENDPOINT: 'http://127.0.0.1:9001' });
    expect(config.functionsDir).toBe(resolve('examples/functions'));
    expect(config.lambdaEndpoint).toBe('http://127.0.0.1:9001');
    expect(() => loadControlPlaneConfig({ PORTICO_LAMBDA_ENDPOINT: 'lambda.local' })).toThrow(/PORTICO_LAMBDA_ENDPOINT/);
  });

  it('lists every problem at once', () => {
    try {
      loadControlPlaneConfig({ PORTICO_CONTROL_PLANE_PORT: 'x', PORTICO_ACCOUNT_ID: '12', PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE', DATABASE_URL: 'mysql://x' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });
});
