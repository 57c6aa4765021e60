import type { ArgumentsHost } from '@nestjs/common';
import { Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AdminError } from '@portico/contracts';
import { AdminErrorFilter } from './admin-error.filter.js';
import { AwsError } from './aws-error.js';
import type { DatabaseAvailability } from './database-availability.js';

interface Captured {
  status?: number;
  headers: Record<string, string>;
  body?: string;
}

function render(error: unknown, availability?: DatabaseAvailability): Captured {
  // The request id is set by the app's onRequest hook; the filter adds one only when that hook never ran.
  const captured: Captured = { headers: { 'x-amzn-requestid': 'req-1' } };
  const reply = {
    sent: false,
    status(code: number) {
      captured.status = code;
      return reply;
    },
    header(name: string, value: string) {
      captured.headers[name.toLowerCase()] = value;
      return reply;
    },
    hasHeader(name: string) {
      return name.toLowerCase() in captured.headers;
    },
    send(body: string) {
      captured.body = body;
      return reply;
    },
  };
  const request = { method: 'GET', url: '/x?y=1' };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
  new AdminErrorFilter(availability).catch(error, host);
  return captured;
}

describe('AdminErrorFilter', () => {
  it('renders AdminError and AwsError as AWS rest-json', () => {
    expect(render(new AdminError('NotFoundException', 'Invalid API identifier specified 000000000000:x'))).toEqual({
      status: 404,
      headers: { 'x-amzn-requestid': 'req-1', 'x-amzn-errortype': 'NotFoundException', 'content-type': 'application/json' },
      body: '{"message":"Invalid API identifier specified 000000000000:x"}',
    });
    expect(render(new AwsError(403, 'SomethingElse', 'no'))).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'SomethingElse' } });
  });

  it('maps framework errors by status', () => {
    expect(render(new NotFoundException())).toMatchObject({ status: 404, headers: { 'x-amzn-errortype': 'UnknownOperationException' } });
    expect(render(new PayloadTooLargeException())).toMatchObject({ status: 413, body: '{"message":"Request Too Long"}' });
    expect(render(Object.assign(new Error('Body is too large'), { statusCode: 413 }))).toMatchObject({ status: 413 });
  });

  it('answers Fastify router errors AWS-shaped', () => {
    const badUrl = Object.assign(new URIError("'/restapis/%ZZ' is not a valid url component"), { code: 'FST_ERR_BAD_URL', statusCode: 400 });
    expect(render(badUrl)).toMatchObject({ status: 400, headers: { 'x-amzn-errortype': 'BadRequestException' }, body: '{"message":"Invalid request path: it is not a valid percent-encoded URL"}' });
  });

  it('answers a database outage 503 ServiceUnavailableException with Retry-After, reported once to DatabaseAvailability', () => {
    const reasons: string[] = [];
    const availability = { reportUnavailable: (reason: string) => reasons.push(reason) } as unknown as DatabaseAvailability;
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { name: 'PrismaClientKnownRequestError', clientVersion: '7', code: 'P1001' });
    const adapter = Object.assign(new Error('terminating connection'), { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57P01', message: 'terminating connection due to administrator command' } });
    // A starved machine: the transaction could not start within maxWait (the text CI printed, Prisma P2028).
    const starved = Object.assign(new Error('Transaction API error: Unable to start a transaction in the given time.'), { name: 'PrismaClientKnownRequestError', clientVersion: '7', code: 'P2028' });
    for (const error of [refused, adapter, starved]) {
      expect(render(error, availability)).toMatchObject({ status: 503, headers: { 'x-amzn-errortype': 'ServiceUnavailableException', 'retry-after': '5' } });
    }
    expect(reasons).toHaveLength(3);
    // The same socket error from a request's own outbound call (not Prisma's) is no database outage.
    Logger.overrideLogger(false);
    const lambda = render(Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED', syscall: 'connect', errno: -111 }), availability);
    Logger.overrideLogger(['log', 'warn', 'error']);
    expect(lambda.status).toBe(500);
    expect(reasons).toHaveLength(3);
  });

  it('answers a value PostgreSQL refused (NUL byte, index row too large) 400, never 500', () => {
    Logger.overrideLogger(false);
    const nul = Object.assign(new Error('invalid byte sequence'), { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '22021', message: 'invalid byte sequence for encoding "UTF8": 0x00' } });
    const index = Object.assign(new Error('index row requires 12040 bytes'), { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '54000', message: 'index row requires 12040 bytes, maximum size is 8191' } });
    const outs = [render(nul), render(index)];
    Logger.overrideLogger(['log', 'warn', 'error']);
    for (const out of outs) expect(out).toMatchObject({ status: 400, headers: { 'x-amzn-errortype': 'BadRequestException' } });
  });

  it('turns anything unexpected into a logged 500 without leaking details', () => {
    Logger.overrideLogger(false);
    const out = render(new TypeError('secret internals'));
    Logger.overrideLogger(['log', 'warn', 'error']);
    expect(out).toMatchObject({ status: 500, headers: { 'x-amzn-errortype': 'InternalServerErrorException' }, body: '{"message":"Internal server error"}' });
  });
});
