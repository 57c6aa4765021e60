import { compileAccessLogFormat } from './format-access-log.js';

describe('compileAccessLogFormat', () => {
  const context = {
    requestId: 'req-1',
    httpMethod: 'GET',
    resourcePath: '/pets/{id}',
    status: 200,
    requestTime: '24/Nov/2026:23:00:00 +0000',
    identity: { sourceIp: '10.0.0.1', userAgent: 'curl "8"\n' },
    'authorizer.principalId': 'user-7',
  };

  it('substitutes nested and flat $context variables in a CLF format, unset as -', () => {
    const format = compileAccessLogFormat(
      '$context.identity.sourceIp $context.identity.caller [$context.requestTime] "$context.httpMethod $context.resourcePath" $context.status $context.authorizer.principalId.',
    );
    expect(format(context)).toBe('10.0.0.1 - [24/Nov/2026:23:00:00 +0000] "GET /pets/{id}" 200 user-7.');
  });

  it('keeps a JSON format valid JSON whatever the values contain', () => {
    const format = compileAccessLogFormat(`{
      "requestId": "$context.requestId",
      "ua": "$context.identity.userAgent",
      "missing": "$context.error.message"
    }`);
    const line = format(context);
    expect(line).not.toContain('\n');
    expect(JSON.parse(line)).toEqual({ requestId: 'req-1', ua: 'curl "8"\n', missing: '-' });
  });

  it('reads the variables one by one from a reader', () => {
    const read = (name: string): unknown => ({ requestId: 'req-2', status: 404 })[name];
    expect(compileAccessLogFormat('$context.requestId $context.status $context.identity.sourceIp')(read)).toBe('req-2 404 -');
  });

  it('keeps a non-JSON line on one line', () => {
    expect(compileAccessLogFormat('$context.identity.userAgent')(context)).toBe('curl "8"\\n');
  });
});
