import { AdminError } from '@portico/contracts';
import { compilePolicy, parsePolicy, type Caller } from '@portico/engine-policy';
import { adminResourceArn, authorizeAdminCall } from './admin-authorization.js';
import type { AdminPrincipal } from './admin-principal.js';

const user: Caller = { arn: 'arn:aws:iam::000000000000:user/ops', principalArn: 'arn:aws:iam::000000000000:user/ops', accountId: '000000000000', userId: 'AIDAEXAMPLE', type: 'User', username: 'ops' };
const principal: AdminPrincipal = { accessKeyId: 'AKIAEXAMPLE', caller: user, accountId: '000000000000', bootstrapAdmin: false, userKey: 'ops' };

function policy(statement: object) {
  const parsed = parsePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [statement] }), 'identity');
  if (!parsed.ok) throw new Error('bad policy');
  return compilePolicy(parsed.policy);
}

const call = (method: string, path: string, policies = [policy({ Effect: 'Allow', Action: 'apigateway:GET', Resource: 'arn:aws:apigateway:*::/restapis*' })]) =>
  authorizeAdminCall({ principal, method, path, region: 'us-east-1', accountId: '000000000000', identityPolicies: policies, now: Date.now() });

describe('adminResourceArn', () => {
  it('names the path in the region with an empty account, v2 APIs as /apis', () => {
    expect(adminResourceArn('eu-west-1', '/restapis/a1/stages/prod')).toBe('arn:aws:apigateway:eu-west-1::/restapis/a1/stages/prod');
    expect(adminResourceArn('us-east-1', '/v2/apis/h1/routes')).toBe('arn:aws:apigateway:us-east-1::/apis/h1/routes');
    expect(adminResourceArn('us-east-1', '/restapis/a1/stages/dev%20x')).toBe('arn:aws:apigateway:us-east-1::/restapis/a1/stages/dev x');
    expect(adminResourceArn('us-east-1', '/restapis/%E0%A4%A')).toBe('arn:aws:apigateway:us-east-1::/restapis/%E0%A4%A');
  });
});

describe('authorizeAdminCall', () => {
  it('allows what the policy allows (HEAD as GET) and denies the rest with AWS text', () => {
    expect(() => call('GET', '/restapis')).not.toThrow();
    expect(() => call('HEAD', '/restapis/a1')).not.toThrow();
    let error: unknown;
    try {
      call('DELETE', '/restapis/a1');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AdminError);
    expect((error as AdminError).type).toBe('AccessDeniedException');
    expect((error as AdminError).message).toBe(
      'User: arn:aws:iam::000000000000:user/ops is not authorized to perform: apigateway:DELETE on resource: arn:aws:apigateway:us-east-1::/restapis/a1 because no identity-based policy allows the apigateway:DELETE action',
    );
  });

  it('lets account roots of the served account do anything, not those of another account', () => {
    const root: AdminPrincipal = { accessKeyId: 'AKIAROOT', caller: { arn: 'arn:aws:iam::000000000000:root', principalArn: 'arn:aws:iam::000000000000:root', accountId: '000000000000', userId: '000000000000', type: 'Account' }, accountId: '000000000000', bootstrapAdmin: true };
    expect(() => authorizeAdminCall({ principal: root, method: 'DELETE', path: '/restapis/a1', region: 'us-east-1', accountId: '000000000000', identityPolicies: [], now: Date.now() })).not.toThrow();
    const other: AdminPrincipal = { ...root, caller: { ...root.caller, arn: 'arn:aws:iam::111111111111:root', accountId: '111111111111' }, accountId: '111111111111', bootstrapAdmin: false };
    expect(() => authorizeAdminCall({ principal: other, method: 'GET', path: '/restapis', region: 'us-east-1', accountId: '000000000000', identityPolicies: [], now: Date.now() })).toThrow(AdminError);
  });
});
