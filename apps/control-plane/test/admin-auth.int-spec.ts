import { APIGatewayClient, GetRestApisCommand } from '@aws-sdk/client-api-gateway';
import { errorOf, TEST_ACCESS_KEY_ID, TEST_REGION, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

function expectAwsError(res: { status: number; headers: Headers; json(): unknown }, status: number, type: string): { message: string } {
  expect(res.status).toBe(status);
  expect(res.headers.get('x-amzn-errortype')).toBe(type);
  expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json() as { message: string };
}

describe('admin authentication (SigV4, service apigateway)', () => {
  it('accepts a request signed with the admin credential', async () => {
    const res = await cp.request('GET', '/restapis');
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ item: [] });
    expect(res.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses an unsigned request with MissingAuthenticationTokenException', async () => {
    const body = expectAwsError(await cp.request('GET', '/restapis', { sign: false }), 403, 'MissingAuthenticationTokenException');
    expect(body).toEqual({ message: 'Missing Authentication Token' });
  });

  it('refuses a request signed with the wrong secret', async () => {
    const res = await cp.request('GET', '/restapis', { secretAccessKey: 'not-the-right-secret-access-key-000000' });
    const body = expectAwsError(res, 403, 'InvalidSignatureException');
    expect(body.message).toMatch(/^The request signature we calculated does not match the signature you provided\./);
  });

  it('refuses a request signed 20 minutes ago', async () => {
    const res = await cp.request('GET', '/restapis', { signingDate: new Date(Date.now() - 20 * 60_000) });
    const body = expectAwsError(res, 403, 'InvalidSignatureException');
    expect(body.message).toMatch(/^Signature expired: \d{8}T\d{6}Z is now earlier than/);
  });

  it('refuses a request whose body was changed after signing', async () => {
    const res = await cp.request('POST', '/restapis', { body: JSON.stringify({ name: 'signed' }), bodyAfterSigning: JSON.stringify({ name: 'tampered' }) });
    expectAwsError(res, 403, 'InvalidSignatureException');
    expect((await cp.request('GET', '/restapis')).json()).toEqual({ item: [] });
  });

  it('refuses an unknown access key id through the SDK', async () => {
    const stranger = new APIGatewayClient({
      endpoint: cp.url,
      region: TEST_REGION,
      credentials: { accessKeyId: 'AKIASTRANGERSTRANGER', secretAccessKey: 'whatever-secret-key-000000000000' },
      maxAttempts: 1,
    });
    const error = await errorOf(stranger.send(new GetRestApisCommand({})));
    stranger.destroy();
    expect(error.name).toBe('UnrecognizedClientException');
    expect(error.$metadata.httpStatusCode).toBe(403);
    expect(TEST_ACCESS_KEY_ID).not.toBe('AKIASTRANGERSTRANGER');
  });

  it('honours a configured clock-skew window', async () => {
    const strict = await startTestControlPlane({ adminClockSkewMs: 60_000 });
    try {
      expect((await strict.request('GET', '/restapis', { signingDate: new Date(Date.now() - 2 * 60_000) })).status).toBe(403);
      expect((await strict.request('GET', '/restapis', { signingDate: new Date(Date.now() - 10_000) })).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('admin error rendering', () => {
  it('answers malformed JSON with a 400 SerializationException, after authentication', async () => {
    expectAwsError(await cp.request('POST', '/restapis', { body: '{"name": ' }), 400, 'SerializationException');
    expectAwsError(await cp.request('POST', '/restapis', { body: '{"name": ', sign: false }), 403, 'MissingAuthenticationTokenException');
  });

  it('answers wrong JSON types with a 400 SerializationException', async () => {
    expectAwsError(await cp.request('POST', '/restapis', { body: JSON.stringify({ name: 42 }) }), 400, 'SerializationException');
    expectAwsError(await cp.request('POST', '/restapis', { body: JSON.stringify(['x']) }), 400, 'SerializationException');
  });

  it('answers a missing required member with a ValidationException', async () => {
    const body = expectAwsError(await cp.request('POST', '/restapis', { body: '{}' }), 400, 'ValidationException');
    expect(body.message).toBe("1 validation error detected: Value null at 'createRestApiInput.name' failed to satisfy constraint: Member must not be null");
  });

  it('answers oversized members with a 400, before anything is stored', async () => {
    expectAwsError(await cp.request('POST', '/restapis', { body: JSON.stringify({ name: 'x', description: 'd'.repeat(5000) }) }), 400, 'BadRequestException');
    expectAwsError(await cp.request('POST', '/restapis', { body: JSON.stringify({ name: 'n'.repeat(2000) }) }), 400, 'BadRequestException');
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expectAwsError(await cp.request('POST', '/restapis', { body: JSON.stringify({ name: 'x', tags }) }), 400, 'BadRequestException');
    expect((await cp.request('GET', '/restapis')).json()).toEqual({ item: [] });
  });

  it('answers an oversized body with 413', async () => {
    const big = JSON.stringify({ name: 'x', description: 'a'.repeat(10 * 1024 * 1024) });
    const body = expectAwsError(await cp.request('POST', '/restapis', { body: big, sign: false }), 413, 'RequestEntityTooLargeException');
    expect(body.message).toBe('Request Too Long');
  });

  it('answers an unknown route with an AWS-shaped 404', async () => {
    const res = await cp.request('GET', '/no/such/route');
    expectAwsError(res, 404, 'UnknownOperationException');
  });
});
