import { expandExecuteApiResource, maskAccountInArn, methodArn } from './execute-api-arn.js';

const scope = { region: 'eu-west-1', accountId: '123456789012', apiId: 'a1b2c3d4e5' };

describe('execute-api ARNs', () => {
  it.each([
    ['execute-api:/*', 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/*'],
    ['execute-api:/prod/GET/pets/*', 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/pets/*'],
    ['arn:aws:execute-api:*:*:*/*', 'arn:aws:execute-api:*:*:*/*'],
    ['*', '*'],
  ])('expands %s', (resource, expected) => {
    expect(expandExecuteApiResource(resource, scope)).toBe(expected);
  });

  it.each([
    ['/', 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/'],
    ['/pets/42', 'arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/pets/42'],
  ])('method ARN for %s', (path, expected) => {
    expect(methodArn(scope, 'prod', 'GET', path)).toBe(expected);
  });

  it('masks all but the last four digits of the account', () => {
    expect(maskAccountInArn('arn:aws:execute-api:eu-west-1:123456789012:a1b2c3d4e5/prod/GET/')).toBe('arn:aws:execute-api:eu-west-1:********9012:a1b2c3d4e5/prod/GET/');
  });
});
