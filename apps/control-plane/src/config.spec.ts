import { resolve } from 'node:path';
import { ConfigError, DEVELOPMENT_ACCESS_KEY_ID, loadControlPlaneConfig } from './config.js';

const MASTER_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

describe('loadControlPlaneConfig', () => {
  it('uses documented defaults', () => {
    const config = loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true' });
    expect(config).toMatchObject({
      port: 8081,
      region: 'us-east-1',
      accountId: '000000000000',
      adminAccessKeyId: DEVELOPMENT_ACCESS_KEY_ID,
      adminClockSkewMs: 300_000,
      bodyLimitBytes: 10 * 1024 * 1024,
      developmentDefaults: { adminCredentials: true, dataPlaneToken: true, masterKey: true },
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
      PORTICO_MASTER_KEY: MASTER_KEY,
    });
    expect(config).toMatchObject({ port: 9000, region: 'eu-west-1', accountId: '123456789012', adminClockSkewMs: 900_000 });
    expect(config.masterKey).toEqual(Buffer.from(MASTER_KEY, 'hex'));
    expect(config.developmentDefaults).toEqual({ adminCredentials: false, dataPlaneToken: false, masterKey: false });
  });

  it('refuses the public development secrets unless PORTICO_DEVELOPMENT says this is a development machine', () => {
    const production = {
      PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE',
      PORTICO_ADMIN_SECRET_ACCESS_KEY: 'a-long-enough-secret',
      PORTICO_DATA_PLANE_TOKEN: 'a-long-enough-token',
    };
    expect(() => loadControlPlaneConfig(production)).toThrow(/PORTICO_MASTER_KEY must be set.*PORTICO_DEVELOPMENT=true/);
    expect(() => loadControlPlaneConfig({ ...production, PORTICO_DEVELOPMENT: 'false' })).toThrow(/PORTICO_MASTER_KEY must be set/);
    expect(() => loadControlPlaneConfig({ PORTICO_MASTER_KEY: MASTER_KEY })).toThrow(
      /PORTICO_ADMIN_ACCESS_KEY_ID, PORTICO_ADMIN_SECRET_ACCESS_KEY, PORTICO_DATA_PLANE_TOKEN must be set/,
    );
    expect(() => loadControlPlaneConfig({ ...production, PORTICO_DEVELOPMENT: 'yes' })).toThrow(/PORTICO_DEVELOPMENT must be true or false/);
    expect(loadControlPlaneConfig({ ...production, PORTICO_DEVELOPMENT: 'true' }).developmentDefaults.masterKey).toBe(true);
    expect(loadControlPlaneConfig({ ...production, PORTICO_MASTER_KEY: MASTER_KEY }).masterKey).toHaveLength(32);
  });

  it('reads where Lambda authorizers under test run: a local functions folder (absolute) and an Invoke API endpoint', () => {
    const config = loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true', PORTICO_FUNCTIONS_DIR: 'examples/functions', PORTICO_LAMBDA_ENDPOINT: 'http://127.0.0.1:9001' });
    expect(config.functionsDir).toBe(resolve('examples/functions'));
    expect(config.lambdaEndpoint).toBe('http://127.0.0.1:9001');
    expect(() => loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true', PORTICO_LAMBDA_ENDPOINT: 'lambda.local' })).toThrow(/PORTICO_LAMBDA_ENDPOINT/);
  });

  it('reads PORTICO_LOG_LEVEL (info by default) and refuses an unknown level', () => {
    expect(loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true' }).logLevel).toBe('info');
    expect(loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true', PORTICO_LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(() => loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true', PORTICO_LOG_LEVEL: 'loud' })).toThrow(/PORTICO_LOG_LEVEL must be one of fatal, error/);
  });

  it('lists every problem at once', () => {
    try {
      loadControlPlaneConfig({ PORTICO_DEVELOPMENT: 'true', PORTICO_CONTROL_PLANE_PORT: 'x', PORTICO_ACCOUNT_ID: '12', PORTICO_ADMIN_ACCESS_KEY_ID: 'AKIAEXAMPLEEXAMPLE', DATABASE_URL: 'mysql://x' });
      throw new Error('expected ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });
});
