import { parsePolicy, policyErrors } from './parse-policy.js';
import type { PolicyKind } from './types.js';

const identity = (statement: unknown, extra: Record<string, unknown> = {}) => JSON.stringify({ Version: '2012-10-17', Statement: statement, ...extra });
const allowAll = { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: '*' };

describe('parsePolicy: IAM MalformedPolicyDocument texts', () => {
  const cases: Array<[string, string | unknown, PolicyKind, string]> = [
    ['not JSON', 'This is not a json document', 'identity', policyErrors.syntax],
    ['JSON array', '[]', 'identity', policyErrors.syntax],
    ['unknown top-level element', identity(allowAll, { Extra: 1 }), 'identity', policyErrors.syntax],
    ['unknown Version', JSON.stringify({ Version: '2012-10-18', Statement: allowAll }), 'identity', policyErrors.syntax],
    ['no Statement', JSON.stringify({ Version: '2012-10-17' }), 'identity', policyErrors.syntax],
    ['empty Statement list', identity([]), 'identity', policyErrors.syntax],
    ['unknown statement element', identity({ ...allowAll, Foo: 'x' }), 'identity', policyErrors.syntax],
    ['Action and NotAction', identity({ ...allowAll, NotAction: 'x:y' }), 'identity', policyErrors.syntax],
    ['Resource and NotResource', identity({ ...allowAll, NotResource: '*' }), 'identity', policyErrors.syntax],
    ['missing Effect', identity({ Action: 'a:b', Resource: '*' }), 'identity', policyErrors.syntax],
    ['Effect not Allow/Deny', identity({ ...allowAll, Effect: 'Maybe' }), 'identity', policyErrors.syntax],
    ['Action a number', identity({ ...allowAll, Action: 3 }), 'identity', policyErrors.syntax],
    ['Condition value an object', identity({ ...allowAll, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), 'identity', policyErrors.syntax],
    ['identity policy without Version', JSON.stringify({ Statement: allowAll }), 'identity', policyErrors.version],
    ['identity policy of 2008-10-17', JSON.stringify({ Version: '2008-10-17', Statement: allowAll }), 'identity', policyErrors.version],
    ['Effect in the wrong case', identity({ ...allowAll, Effect: 'allow' }), 'identity', policyErrors.legacy],
    ['unknown condition operator', identity({ ...allowAll, Condition: { StringEqualz: { 'aws:username': 'a' } } }), 'identity', policyErrors.legacy],
    ['duplicate Sid', identity([{ ...allowAll, Sid: 'a' }, { ...allowAll, Sid: 'a' }]), 'identity', policyErrors.duplicateSid],
    ['no Action', identity({ Effect: 'Allow', Resource: '*' }), 'identity', policyErrors.noActions],
    ['empty Action list', identity({ ...allowAll, Action: [] }), 'identity', policyErrors.noActions],
    ['no Resource', identity({ Effect: 'Allow', Action: 'a:b' }), 'identity', policyErrors.noResources],
    ['resource not an ARN', identity({ ...allowAll, Resource: 'pets' }), 'identity', policyErrors.resourceFormat('pets')],
    ['action without vendor', identity({ ...allowAll, Action: 'Invoke' }), 'identity', policyErrors.noVendor],
    ['action with two colons', identity({ ...allowAll, Action: 'a:b:c' }), 'identity', policyErrors.twoColons],
    ['invalid vendor', identity({ ...allowAll, Action: 'ex ec:Invoke' }), 'identity', policyErrors.vendor('ex ec')],
    ['Principal in an identity policy', identity({ ...allowAll, Principal: '*' }), 'identity', policyErrors.principalInIdentity],
    ['resource policy without Principal', identity(allowAll), 'resource', policyErrors.missingPrincipal],
    ['invalid AWS principal', identity({ ...allowAll, Principal: { AWS: 'bob' } }), 'resource', policyErrors.principal('AWS', 'bob')],
    ['unknown principal type', identity({ ...allowAll, Principal: { Robot: 'x' } }), 'resource', policyErrors.principal('Robot', 'x')],
    ['trust policy with Resource', identity({ ...allowAll, Principal: { AWS: '123456789012' } }), 'trust', policyErrors.resourceInTrust],
    ['trust policy with another action', identity({ Effect: 'Allow', Action: 's3:GetObject', Principal: { AWS: '123456789012' } }), 'trust', policyErrors.trustActions],
  ];
  it.each(cases)('%s', (_name, document, kind, message) => {
    expect(parsePolicy(document, kind)).toEqual({ ok: false, message });
  });
});

describe('parsePolicy: accepted documents', () => {
  it('normalises strings to lists and keeps Sid, Principal and Condition', () => {
    const result = parsePolicy(
      {
        Version: '2012-10-17',
        Statement: { Sid: 's1', Effect: 'Deny', Principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:user/a'] }, Action: 'execute-api:Invoke', NotResource: 'execute-api:/*/GET/*', Condition: { Bool: { 'aws:SecureTransport': false }, NumericLessThan: { 'aws:EpochTime': 5 } } },
      },
      'resource',
    );
    expect(result).toEqual({
      ok: true,
      policy: {
        version: '2012-10-17',
        statements: [
          {
            sid: 's1',
            effect: 'Deny',
            principal: { AWS: ['123456789012', 'arn:aws:iam::123456789012:user/a'] },
            action: ['execute-api:Invoke'],
            notResource: ['execute-api:/*/GET/*'],
            condition: { Bool: { 'aws:SecureTransport': ['false'] }, NumericLessThan: { 'aws:EpochTime': ['5'] } },
          },
        ],
      },
    });
  });

  it.each([
    ['resource policy with Principal "*" and no Version', { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }, 'resource'],
    ['trust policy of 2008-10-17', { Version: '2008-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'sts:AssumeRole' }] }, 'trust'],
    ['Service principal', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] }, 'trust'],
    ['NotPrincipal', { Version: '2012-10-17', Statement: [{ Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:sts::123456789012:assumed-role/r/s' }, Action: '*', Resource: '*' }] }, 'resource'],
    ['unknown operator with an empty block', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Whatever: {} } }] }, 'identity'],
    ['every operator with prefixes and IfExists', { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'a*' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['a'] }, Null: { 'aws:username': 'true' }, ArnLikeIfExists: { 'aws:PrincipalArn': 'arn:aws:iam::*:user/*' } } }] }, 'identity'],
  ] as Array<[string, unknown, PolicyKind]>)('%s', (_name, document, kind) => {
    expect(parsePolicy(document, kind).ok).toBe(true);
  });
});

describe('parsePolicy: never throws', () => {
  it('answers a value for any JSON input and any text', async () => {
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string()), fc.constantFrom<PolicyKind>('identity', 'resource', 'trust'), (input, kind) => {
        const result = parsePolicy(input as never, kind);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });

  it('statement-shaped junk never throws either', async () => {
    const fc = (await import('fast-check')).default;
    const value = fc.oneof(fc.string(), fc.array(fc.string()), fc.integer(), fc.dictionary(fc.string(), fc.oneof(fc.string(), fc.array(fc.string()))));
    const statement = fc.dictionary(fc.constantFrom('Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'), value);
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 3 }), fc.constantFrom<PolicyKind>('identity', 'resource', 'trust'), (statements, kind) => {
        expect(typeof parsePolicy({ Version: '2012-10-17', Statement: statements }, kind).ok).toBe('boolean');
      }),
    );
  });
});
