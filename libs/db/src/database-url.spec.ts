import { redactDatabaseUrl, withDatabaseName } from './database-url.js';

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgresql://portico:s3cret@db.internal:5432/portico')).toBe('postgresql://portico:***@db.internal:5432/portico');
  });

  it('leaves a URL without password as it is', () => {
    expect(redactDatabaseUrl('postgresql://postgres@127.0.0.1:5432/test')).toBe('postgresql://postgres@127.0.0.1:5432/test');
  });

  it('never echoes an unparseable value, which may contain a secret', () => {
    expect(redactDatabaseUrl('not a url with secret')).toBe('<unparseable DATABASE_URL>');
  });
});

describe('withDatabaseName', () => {
  it('swaps the database and keeps server, credentials and parameters', () => {
    expect(withDatabaseName('postgresql://u:p@h:5433/test?sslmode=disable', 'portico_test_1')).toBe(
      'postgresql://u:p@h:5433/portico_test_1?sslmode=disable',
    );
  });
});
