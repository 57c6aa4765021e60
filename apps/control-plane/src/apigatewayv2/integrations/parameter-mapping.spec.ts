import { checkRequestParameters, checkResponseParameters, isReservedHeader } from './parameter-mapping.js';

describe('HTTP API parameter mapping keys (spec §7)', () => {
  it('accepts AWS request mappings and refuses others', () => {
    expect(() =>
      checkRequestParameters({ 'append:header.x-id': '$context.requestId', 'overwrite:querystring.q': '$request.querystring.search', 'remove:header.x-old': "''", 'overwrite:path': '/v1$request.path' }, undefined),
    ).not.toThrow();
    expect(() => checkRequestParameters({ 'overwrite:body': 'x' }, undefined)).toThrow(/mapping expression/);
    expect(() => checkRequestParameters({ 'append:path': 'x' }, undefined)).toThrow(/mapping expression/);
    expect(() => checkRequestParameters({ 'remove:header.a': 'x' }, undefined)).toThrow(/empty value/);
    expect(() => checkRequestParameters({ 'overwrite:header.a': '' }, undefined)).toThrow(/must not be empty/);
  });

  it('refuses reserved headers in either direction', () => {
    for (const name of ['Authorization', 'x-amz-date', 'X-Amzn-Trace-Id', 'access-control-allow-origin', 'apigw-requestid', 'Content-Length', 'Via']) {
      expect(isReservedHeader(name)).toBe(true);
      expect(() => checkRequestParameters({ [`overwrite:header.${name}`]: 'x' }, undefined)).toThrow(/reserved/);
    }
    expect(isReservedHeader('x-api-version')).toBe(false);
    expect(() => checkResponseParameters({ '200': { 'overwrite:header.x-amzn-requestid': 'x' } })).toThrow(/reserved/);
  });

  it('keys response mappings by status code and allows overwrite:statuscode', () => {
    expect(() => checkResponseParameters({ '500': { 'append:header.x-error': '$context.requestId', 'overwrite:statuscode': '403' } })).not.toThrow();
    expect(() => checkResponseParameters({ '100': { 'overwrite:statuscode': '200' } })).toThrow(/between 200 and 599/);
    expect(() => checkResponseParameters({ '200': { 'overwrite:querystring.a': 'x' } })).toThrow(/mapping expression/);
  });

  it('takes action parameters for AWS service integrations', () => {
    expect(() => checkRequestParameters({ QueueUrl: '$request.header.queueUrl', MessageBody: '$request.body.message' }, 'SQS-SendMessage')).not.toThrow();
    expect(() => checkRequestParameters({ 'overwrite:header.a': 'x' }, 'SQS-SendMessage')).toThrow(/SQS-SendMessage/);
  });
});
