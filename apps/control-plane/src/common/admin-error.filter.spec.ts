import type { ArgumentsHost } from '@nestjs/common';
import { Logger, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { AdminError } from '@portico/contracts';
import { AdminErrorFilter } from './admin-error.filter.js';
import { AwsError } from './aws-error.js';

interface Captured {
  status?: number;
  headers: Record<string, string>;
  body?: string;
}

function render(error: unknown): Captured {
  const captured: Captured = { headers: {} };
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
    send(body: string) {
      captured.body = body;
      return reply;
    },
  };
  const request = { method: 'GET', url: '/x?y=1' };
  const host = { switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }) } as unknown as ArgumentsHost;
  new AdminErrorFilter().catch(error, host);
  return captured;
}

describe('AdminErrorFilter', () => {
  it('renders AdminError and AwsError as AWS rest-json', () => {
    expect(render(new AdminError('NotFoundException', 'Invalid API identifier specified 000000000000:x'))).toEqual({
      status: 404,
      headers: { 'x-amzn-errortype': 'NotFoundException', 'content-type': 'application/json' },
      body: '{"message":"Invalid API identifier specified 000000000000:x"}',
    });
    expect(render(new AwsError(403, 'SomethingElse', 'no'))).toMatchObject({ status: 403, headers: { 'x-amzn-errortype': 'SomethingElse' } });
  });

  it('maps framework errors by status', () => {
    expect(render(new NotFoundException())).toMatchObject({ status: 404, headers: { 'x-amzn-errortype': 'UnknownOperationException' } });
    expect(render(new PayloadTooLargeException())).toMatchObject({ status: 413, body: '{"message":"Request Too Long"}' });
    expect(render(Object.assign(new Error('Body is too large'), { statusCode: 413 }))).toMatchObject({ status: 413 });
  });

  it('turns anything unexpected into a logged 500 without leaking details', () => {
    Logger.overrideLogger(false);
    const out = render(new TypeError('secret internals'));
    Logger.overrideLogger(['log', 'warn', 'error']);
    expect(out).toMatchObject({ status: 500, headers: { 'x-amzn-errortype': 'InternalServerErrorException' }, body: '{"message":"Internal server error"}' });
  });
});
