import { awsOperationOf } from './aws-operations.js';

describe('awsOperationOf', () => {
  it('names AWS operations by method and route template', () => {
    expect(awsOperationOf('GET', '/restapis/abc1234567/stages/dev/sdks/javascript')).toBe('GetSdk');
    expect(awsOperationOf('get', '/clientcertificates?limit=5')).toBe('GetClientCertificates');
    expect(awsOperationOf('POST', '/vpclinks')).toBe('CreateVpcLink');
    expect(awsOperationOf('DELETE', '/tags/arn%3Aaws%3Aapigateway')).toBe('UntagResource');
  });

  it('prefers the ?mode=import twin of a route when the query names it', () => {
    expect(awsOperationOf('POST', '/restapis?mode=import&failonwarnings=true')).toBe('ImportRestApi');
    expect(awsOperationOf('POST', '/restapis')).toBe('CreateRestApi');
  });

  it('knows no operation for routes AWS does not have', () => {
    expect(awsOperationOf('GET', '/no-such-collection')).toBeUndefined();
    expect(awsOperationOf('PUT', '/account')).toBeUndefined();
  });
});
