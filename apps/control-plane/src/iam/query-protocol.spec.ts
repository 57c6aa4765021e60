import { QueryError, QueryParams, renderError, renderResult } from './query-protocol.js';
import { SecretBox } from './secret-box.js';

describe('query protocol', () => {
  it('reads flattened member lists and structures in index order', () => {
    const params = QueryParams.parse('Action=TagUser&Tags.member.2.Key=b&Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Value=2&TagKeys.member.1=x&TagKeys.member.2=y');
    expect(params.members('Tags')).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
    expect(params.list('TagKeys')).toEqual(['x', 'y']);
  });

  it('reports a missing parameter as AWS does', () => {
    expect(() => QueryParams.parse('Action=GetRole').required('RoleName')).toThrow("1 validation error detected: Value null at 'roleName' failed to satisfy constraint: Member must not be null");
  });

  it('renders results with member lists, ISO dates and escaping', () => {
    const xml = renderResult('ListUsers', 'https://iam.amazonaws.com/doc/2010-05-08/', { Users: [{ UserName: 'a&b', CreateDate: new Date('2024-01-02T03:04:05.678Z') }], IsTruncated: false }, 'rid');
    expect(xml).toBe(
      '<ListUsersResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ListUsersResult><Users><member><UserName>a&amp;b</UserName><CreateDate>2024-01-02T03:04:05Z</CreateDate></member></Users><IsTruncated>false</IsTruncated></ListUsersResult><ResponseMetadata><RequestId>rid</RequestId></ResponseMetadata></ListUsersResponse>',
    );
  });

  it('renders errors as ErrorResponse', () => {
    expect(renderError(new QueryError(404, 'NoSuchEntity', 'The user with name <x> cannot be found.'), 'ns', 'rid')).toBe(
      '<ErrorResponse xmlns="ns"><Error><Type>Sender</Type><Code>NoSuchEntity</Code><Message>The user with name &lt;x&gt; cannot be found.</Message></Error><RequestId>rid</RequestId></ErrorResponse>',
    );
  });
});

describe('SecretBox', () => {
  it('round-trips, uses a fresh IV each time, and refuses another key or a tampered value', () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const a = box.seal('secret-access-key');
    const b = box.seal('secret-access-key');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe('secret-access-key');
    expect(a).not.toContain('secret-access-key');
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(a)).toThrow();
    const parts = a.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow();
  });
});
