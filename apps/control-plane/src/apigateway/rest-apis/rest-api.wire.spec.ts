import { toAwsPolicyString } from './rest-api.wire.js';

describe('toAwsPolicyString', () => {
  it('answers the minified document escaped once more, with \\/ for /, as AWS does', () => {
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }] }, null, 2);
    const answered = toAwsPolicyString(policy);
    expect(answered).toBe('{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[{\\"Effect\\":\\"Allow\\",\\"Principal\\":\\"*\\",\\"Action\\":\\"execute-api:Invoke\\",\\"Resource\\":\\"execute-api:\\/*\\"}]}');
    // What Terraform does with it: unquote once, then read JSON.
    expect(JSON.parse(JSON.parse(`"${answered}"`) as string)).toEqual(JSON.parse(policy));
  });
});
