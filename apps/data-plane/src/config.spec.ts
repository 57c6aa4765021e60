import { DataPlaneConfigError, loadDataPlaneConfig } from './config.js';

describe('loadDataPlaneConfig', () => {
  it('applies the documented defaults for a data plane behind a control plane', () => {
    const config = loadDataPlaneConfig({ PORTICO_CONTROL_PLANE_URL: 'http://control-plane:8081/', PORTICO_DATA_PLANE_TOKEN: 't' });
    expect(config).toEqual({
      dataPlanePort: 8080,
      statusPort: 8082,
      host: '0.0.0.0',
      source: { kind: 'control-plane', url: 'http://control-plane:8081', token: 't' },
      configCachePath: '.portico/data-plane-config.json',
      pollIntervalMs: 5000,
      redisUrl: undefined,
      region: 'us-east-1',
      accountId: '000000000000',
      shutdownTimeoutMs: 30_000,
      websocket: { maxFrameBytes: 32_768, maxMessageBytes: 131_072, idleTimeoutMs: 600_000, maxDurationMs: 7_200_000 },
      logLevel: 'info',
      invokeTimeouts: { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 },
      stageCache: { localMaxEntries: 1000, localMaxBytes: 32 * 1024 * 1024, redisTimeoutMs: 200 },
      throttle: { mode: 'lease', failMode: 'open', quotaFailMode: 'closed', redisTimeoutMs: 1000, leaseMs: 100 },
      decisionTrail: { enabled: true, size: 10_000, retentionMs: 900_000 },
      vpcLinkHealthCheck: { intervalMs: 10_000, timeoutMs: 2000, healthyThreshold: 2, unhealthyThreshold: 2 },
    });
  });

  it('reads the decision trail settings', () => {
    const base = { PORTICO_CONFIG_FILE: '/c.json' };
    expect(loadDataPlaneConfig({ ...base, PORTICO_DECISION_TRAIL: 'off', PORTICO_DECISION_TRAIL_SIZE: '50', PORTICO_DECISION_TRAIL_RETENTION_SECONDS: '60' }).decisionTrail).toEqual({
      enabled: false,
      size: 50,
      retentionMs: 60_000,
    });
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_DECISION_TRAIL_SIZE: '0' })).toThrow(/PORTICO_DECISION_TRAIL_SIZE/);
  });

  it('reads the VPC link health check settings and refuses a path that is not one', () => {
    const base = { PORTICO_CONFIG_FILE: '/c.json' };
    const config = loadDataPlaneConfig({ ...base, PORTICO_VPC_LINK_HEALTH_CHECK_INTERVAL_MS: '500', PORTICO_VPC_LINK_HEALTHY_THRESHOLD: '1', PORTICO_VPC_LINK_HEALTH_CHECK_PATH: '/ping' });
    expect(config.vpcLinkHealthCheck).toEqual({ intervalMs: 500, timeoutMs: 2000, healthyThreshold: 1, unhealthyThreshold: 2, path: '/ping' });
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_VPC_LINK_HEALTH_CHECK_PATH: 'ping' })).toThrow(/PORTICO_VPC_LINK_HEALTH_CHECK_PATH: must be a path/);
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_VPC_LINK_UNHEALTHY_THRESHOLD: '0' })).toThrow(/PORTICO_VPC_LINK_UNHEALTHY_THRESHOLD/);
  });

  it('reads the stage cache settings and refuses bad ones', () => {
    const base = { PORTICO_CONFIG_FILE: '/c.json' };
    expect(
      loadDataPlaneConfig({ ...base, PORTICO_STAGE_CACHE_LOCAL_ENTRIES: '10', PORTICO_STAGE_CACHE_LOCAL_MB: '0.5', PORTICO_STAGE_CACHE_REDIS_TIMEOUT_MS: '50' }).stageCache,
    ).toEqual({ localMaxEntries: 10, localMaxBytes: 512 * 1024, redisTimeoutMs: 50 });
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_STAGE_CACHE_LOCAL_ENTRIES: '-1' })).toThrow('PORTICO_STAGE_CACHE_LOCAL_ENTRIES');
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_STAGE_CACHE_REDIS_TIMEOUT_MS: '0' })).toThrow('PORTICO_STAGE_CACHE_REDIS_TIMEOUT_MS');
  });

  it('reads the slow-client timeouts and refuses a request timeout shorter than the headers timeout', () => {
    const base = { PORTICO_CONFIG_FILE: '/c.json' };
    expect(loadDataPlaneConfig({ ...base, PORTICO_HEADERS_TIMEOUT_MS: '2000', PORTICO_REQUEST_TIMEOUT_MS: '5000' }).invokeTimeouts).toEqual({ headersTimeoutMs: 2000, requestTimeoutMs: 5000 });
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_HEADERS_TIMEOUT_MS: '5000', PORTICO_REQUEST_TIMEOUT_MS: '2000' })).toThrow('PORTICO_REQUEST_TIMEOUT_MS');
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_HEADERS_TIMEOUT_MS: '5' })).toThrow('PORTICO_HEADERS_TIMEOUT_MS');
  });

  it('builds the Redis settings every client uses', () => {
    const config = loadDataPlaneConfig({
      PORTICO_CONFIG_FILE: '/c.json',
      REDIS_URL: 'rediss://redis.internal:6380',
      PORTICO_REDIS_KEY_PREFIX: 'blue:',
      PORTICO_REDIS_CLUSTER: 'true',
      PORTICO_REDIS_TLS_SERVERNAME: 'redis.example.com',
    });
    expect(config.redis).toEqual({
      url: 'rediss://redis.internal:6380',
      keyPrefix: 'blue:',
      cluster: true,
      tls: { ca: undefined, servername: 'redis.example.com', rejectUnauthorized: true },
    });
    expect(() => loadDataPlaneConfig({ PORTICO_CONFIG_FILE: '/c.json', REDIS_URL: 'redis://r:6379', PORTICO_REDIS_TLS_CA_FILE: '/nonexistent/ca.pem' })).toThrow('PORTICO_REDIS_TLS_CA_FILE');
    expect(() => loadDataPlaneConfig({ PORTICO_CONFIG_FILE: '/c.json', REDIS_URL: 'redis://r:6379', PORTICO_REDIS_CLUSTER: 'yes' })).toThrow('PORTICO_REDIS_CLUSTER');
  });

  it('prefers the standalone file and needs no control plane', () => {
    const config = loadDataPlaneConfig({ PORTICO_CONFIG_FILE: '/etc/portico/config.json', PORTICO_DATA_PLANE_PORT: '0', PORTICO_STATUS_PORT: '0' });
    expect(config.source).toEqual({ kind: 'file', path: '/etc/portico/config.json' });
    expect(config.dataPlanePort).toBe(0);
  });

  it('reads how a standalone OpenAPI file is served, and refuses ids AWS could not have', () => {
    const config = loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'api.yaml', PORTICO_OPENAPI_REST_API_ID: 'pets', PORTICO_OPENAPI_STAGE_NAME: 'v1' });
    expect(config.source).toEqual({ kind: 'file', path: 'api.yaml', openApiRestApiId: 'pets', openApiStageName: 'v1' });
    expect(() => loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'api.yaml', PORTICO_OPENAPI_REST_API_ID: 'Not An Id' })).toThrow('PORTICO_OPENAPI_REST_API_ID');
  });

  it('reads the Lambda settings: functions directory (made absolute) and Invoke API endpoint', () => {
    const config = loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'c.json', PORTICO_FUNCTIONS_DIR: 'examples/functions', PORTICO_LAMBDA_ENDPOINT: 'http://localstack:4566' });
    expect(config.functionsDir).toBe(`${process.cwd()}/examples/functions`);
    expect(config.lambdaEndpoint).toBe('http://localstack:4566');
    expect(() => loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'c.json', PORTICO_LAMBDA_ENDPOINT: 'localstack' })).toThrow('PORTICO_LAMBDA_ENDPOINT');
  });

  it('reads the authorizer settings: plugins, Cognito endpoint, timeout', () => {
    const config = loadDataPlaneConfig({
      PORTICO_CONFIG_FILE: 'c.json',
      PORTICO_PLUGINS: 'portico-hmac-authorizer, @acme/portico-opa',
      PORTICO_COGNITO_IDP_ENDPOINT: 'http://cognito-local:9229',
      PORTICO_AUTHORIZER_TIMEOUT_MS: '2500',
    });
    expect(config.authorizers).toEqual({ plugins: ['portico-hmac-authorizer', '@acme/portico-opa'], cognitoEndpoint: 'http://cognito-local:9229', timeoutMs: 2500 });
    expect(() => loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'c.json', PORTICO_COGNITO_IDP_ENDPOINT: 'cognito' })).toThrow('PORTICO_COGNITO_IDP_ENDPOINT');
  });

  it('turns tracing on with an OTLP endpoint, unless the SDK is disabled or the exporter is none', () => {
    const base = { PORTICO_CONFIG_FILE: 'c.json' };
    expect(loadDataPlaneConfig(base).tracing).toBeUndefined();
    expect(loadDataPlaneConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).tracing).toEqual({ endpoint: 'http://collector:4318/v1/traces' });
    expect(loadDataPlaneConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://traces.example/in' }).tracing).toEqual({
      endpoint: 'https://traces.example/in',
    });
    expect(loadDataPlaneConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }).tracing).toBeUndefined();
    expect(loadDataPlaneConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }).tracing).toBeUndefined();
    expect(() => loadDataPlaneConfig({ ...base, OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/);
    expect(() => loadDataPlaneConfig({ ...base, OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER: must be otlp or none/);
  });

  it('turns request metrics off with PORTICO_METRICS=off, and refuses other values', () => {
    const base = { PORTICO_CONFIG_FILE: '/etc/portico/config.json' };
    expect(loadDataPlaneConfig(base).requestMetrics).toBeUndefined();
    expect(loadDataPlaneConfig({ ...base, PORTICO_METRICS: 'on' }).requestMetrics).toBeUndefined();
    expect(loadDataPlaneConfig({ ...base, PORTICO_METRICS: 'off' }).requestMetrics).toBe(false);
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_METRICS: 'no' })).toThrow(DataPlaneConfigError);
  });

  it('reads PORTICO_LOG_LEVEL (info by default) and refuses an unknown level', () => {
    const base = { PORTICO_CONFIG_FILE: 'config.json' };
    expect(loadDataPlaneConfig(base).logLevel).toBe('info');
    expect(loadDataPlaneConfig({ ...base, PORTICO_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(() => loadDataPlaneConfig({ ...base, PORTICO_LOG_LEVEL: 'verbose' })).toThrow(/PORTICO_LOG_LEVEL/);
  });

  it('treats empty variables as unset', () => {
    const config = loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'c.json', REDIS_URL: '', PORTICO_DATA_PLANE_PORT: '' });
    expect(config.redisUrl).toBeUndefined();
    expect(config.dataPlanePort).toBe(8080);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadDataPlaneConfig({ PORTICO_DATA_PLANE_PORT: 'eighty', REDIS_URL: 'http://x', PORTICO_ACCOUNT_ID: '12' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataPlaneConfigError);
    const problems = (error as DataPlaneConfigError).problems.join('\n');
    expect(problems).toContain('PORTICO_DATA_PLANE_PORT');
    expect(problems).toContain('REDIS_URL');
    expect(problems).toContain('PORTICO_ACCOUNT_ID');
  });

  it('requires a config source, and the token with a control plane', () => {
    expect(() => loadDataPlaneConfig({})).toThrow(/PORTICO_CONTROL_PLANE_URL.*PORTICO_CONFIG_FILE/);
    expect(() => loadDataPlaneConfig({ PORTICO_CONTROL_PLANE_URL: 'http://cp:8081' })).toThrow(/PORTICO_DATA_PLANE_TOKEN/);
  });

  it('refuses the same port for both listeners', () => {
    expect(() => loadDataPlaneConfig({ PORTICO_CONFIG_FILE: 'c.json', PORTICO_DATA_PLANE_PORT: '9000', PORTICO_STATUS_PORT: '9000' })).toThrow(
      /must differ/,
    );
  });
});
