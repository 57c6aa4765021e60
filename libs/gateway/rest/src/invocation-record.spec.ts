import type { IncomingMessage } from 'node:http';
import { Invocation } from './invocation.js';
import { InvocationRecord } from './invocation-record.js';

function invocation(): Invocation {
  const req = {
    headers: { host: 'abc123.execute-api.localhost', 'user-agent': 'curl/8' },
    rawHeaders: ['Host', 'abc123.execute-api.localhost', 'User-Agent', 'curl/8'],
    method: 'POST',
    httpVersion: '1.1',
    socket: { remoteAddress: '::ffff:10.0.0.1', localPort: 8080 },
  };
  const inv = new Invocation(req as unknown as IncomingMessage, () => 1_764_000_000_123, '000000000000');
  inv.apiId = 'abc123';
  inv.stage = { apiId: 'abc123', stageName: 'prod', deploymentId: 'dep1' };
  inv.contextPath = '/prod/pets/1';
  inv.resourceId = 'res1';
  inv.resourcePath = '/pets/{id}';
  inv.status = 502;
  inv.responseLength = 36;
  inv.integrationLatencyMs = 12.4;
  inv.integrationStatus = 503;
  inv.integrationError = 'backend said no';
  inv.errorType = 'INTEGRATION_FAILURE';
  inv.errorMessage = 'Internal server error';
  inv.apiKey = 'key-value';
  inv.apiKeyId = 'key1';
  inv.iamIdentity = { accountId: '111122223333', caller: 'AIDA1', user: 'AIDA1', userArn: 'arn:aws:iam::111122223333:user/u', accessKey: 'AKIA1' };
  return inv;
}

describe('InvocationRecord', () => {
  it('reads each $context variable as the full record has it, without building the record', () => {
    const record = new InvocationRecord(invocation(), 'prod', '$context.requestId');
    const context = record.context;
    expect(Object.keys(context).length).toBeGreaterThan(30);
    for (const [name, value] of Object.entries(context)) expect([name, record.contextValue(name)]).toEqual([name, value]);
    expect(record.contextValue('authorizer.principalId')).toBeUndefined();
    expect(record.contextValue('no.such.variable')).toBeUndefined();
  });

  it('reports the latency frozen when the record was made', () => {
    const record = new InvocationRecord(invocation(), 'prod', undefined);
    expect(record.contextValue('responseLatency')).toBe(Math.round(record.latencyMs));
  });
});
