import {
  BadRequestException,
  ConflictException,
  CreateApiKeyCommand,
  DeleteApiKeyCommand,
  GetApiKeyCommand,
  GetApiKeysCommand,
  GetUsagePlanKeysCommand,
  CreateUsagePlanCommand,
  ImportApiKeysCommand,
  NotFoundException,
  UpdateApiKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});
afterAll(async () => {
  await cp?.close();
});

describe('API keys through @aws-sdk/client-api-gateway', () => {
  it('creates a key with a generated 40-character value, disabled by default', async () => {
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'generated', description: 'd' }));
    expect(key.$metadata.httpStatusCode).toBe(201);
    expect(key.id).toMatch(/^[a-z0-9]{10}$/);
    expect(key.value).toMatch(/^[A-Za-z0-9]{40}$/);
    expect(key).toMatchObject({ name: 'generated', description: 'd', enabled: false, stageKeys: [] });
    expect(key.createdDate).toBeInstanceOf(Date);
  });

  it('creates a key with a given value; get omits the value unless includeValue', async () => {
    const value = 'given-value-0123456789abcdef';
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'given', value, enabled: true, customerId: 'cust-1' }));
    expect(key).toMatchObject({ value, enabled: true, customerId: 'cust-1' });
    const plain = await cp.client.send(new GetApiKeyCommand({ apiKey: key.id! }));
    expect(plain.value).toBeUndefined();
    const withValue = await cp.client.send(new GetApiKeyCommand({ apiKey: key.id!, includeValue: true }));
    expect(withValue.value).toBe(value);
  });

  it('refuses a duplicate value (409) and values outside 20..128 characters, long names (400)', async () => {
    const value = 'duplicate-value-0123456789';
    await cp.client.send(new CreateApiKeyCommand({ name: 'dup', value }));
    const dup = await errorOf(cp.client.send(new CreateApiKeyCommand({ name: 'dup2', value })));
    expect(dup).toBeInstanceOf(ConflictException);
    const short = await errorOf(cp.client.send(new CreateApiKeyCommand({ value: 'short' })));
    expect(short).toBeInstanceOf(BadRequestException);
    expect(short.message).toBe('API Key value should be at least 20 characters');
    const long = await errorOf(cp.client.send(new CreateApiKeyCommand({ value: 'x'.repeat(129) })));
    expect(long.message).toBe('API Key value exceeds maximum size of 128 characters');
    const name = await errorOf(cp.client.send(new CreateApiKeyCommand({ name: 'n'.repeat(1025) })));
    expect(name.message).toBe('Invalid API Key name, can be at most 1024 characters.');
  });

  it('refuses values a client could not present exactly in x-api-key: whitespace, control and non-ASCII characters (400)', async () => {
    const base = 'whitespace-value-0123456789';
    const bad = [` ${base}`, `${base} `, `${base}\t`, `\n${base}`, `${base.slice(0, 9)} ${base.slice(9)}`, `${base}\u00a0`, `ключ-${base}`];
    // A NUL is refused in every member of every admin body, before any operation's own checks (README "Admin API errors").
    const nul = await errorOf(cp.client.send(new CreateApiKeyCommand({ name: 'ws', value: `${base}\u0000` })));
    expect([nul.name, nul.message]).toEqual(['BadRequestException', 'Invalid request body: strings must not contain the NUL character (U+0000)']);
    for (const value of bad) {
      const error = await errorOf(cp.client.send(new CreateApiKeyCommand({ name: 'ws', value })));
      expect({ value, error: error.name, message: error.message }).toEqual({
        value,
        error: 'BadRequestException',
        message: 'Invalid API Key value specified: it may contain printable ASCII characters only, and no whitespace',
      });
    }
    expect((await cp.client.send(new GetApiKeysCommand({ nameQuery: 'ws' }))).items).toEqual([]);
    // Every printable ASCII character but the space is fine.
    const printable = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('').slice(0, 128);
    await expect(cp.client.send(new CreateApiKeyCommand({ name: 'printable', value: printable }))).resolves.toMatchObject({ value: printable });
  });

  it('imports a key as written: whitespace around or inside the Key cell is a warning, not trimmed away', async () => {
    const csv = ['Name,Key', 'ws-import-1, ws-import-value-0123456789', 'ws-import-2,ws-import-value-9876543210 ', 'ws-import-3,ws import value 0123456789', 'ws-import-4,ws-import-value-clean-0123'].join('\r\n');
    const result = await cp.client.send(new ImportApiKeysCommand({ body: new TextEncoder().encode(csv), format: 'csv' }));
    const text = 'Invalid API Key value specified: it may contain printable ASCII characters only, and no whitespace';
    expect(result.warnings).toEqual([`Line 2: ${text}`, `Line 3: ${text}`, `Line 4: ${text}`]);
    expect(result.ids).toHaveLength(1);
    await expect(cp.client.send(new GetApiKeyCommand({ apiKey: result.ids![0], includeValue: true }))).resolves.toMatchObject({ name: 'ws-import-4', value: 'ws-import-value-clean-0123' });
    const strict = await errorOf(cp.client.send(new ImportApiKeysCommand({ body: new TextEncoder().encode('Name,Key\nx, ws-strict-value-0123456789'), format: 'csv', failOnWarnings: true })));
    expect(strict).toBeInstanceOf(BadRequestException);
    expect((await cp.client.send(new GetApiKeysCommand({ nameQuery: 'ws-import-' }))).items?.map((k) => k.name)).toEqual(['ws-import-4']);
  });

  it('lists with a case-sensitive name prefix, customerId, includeValues and paging', async () => {
    await cp.client.send(new CreateApiKeyCommand({ name: 'list-a', customerId: 'c-list' }));
    await cp.client.send(new CreateApiKeyCommand({ name: 'list-b', customerId: 'c-list' }));
    await cp.client.send(new CreateApiKeyCommand({ name: 'List-c' }));
    const byName = await cp.client.send(new GetApiKeysCommand({ nameQuery: 'list-' }));
    expect(byName.items?.map((k) => k.name).sort()).toEqual(['list-a', 'list-b']);
    expect(byName.items?.every((k) => k.value === undefined)).toBe(true);
    const withValues = await cp.client.send(new GetApiKeysCommand({ nameQuery: 'list-', includeValues: true }));
    expect(withValues.items?.every((k) => typeof k.value === 'string')).toBe(true);
    const byCustomer = await cp.client.send(new GetApiKeysCommand({ customerId: 'c-list' }));
    expect(byCustomer.items).toHaveLength(2);
    const page = await cp.client.send(new GetApiKeysCommand({ nameQuery: 'list-', limit: 1 }));
    expect(page.items).toHaveLength(1);
    const next = await cp.client.send(new GetApiKeysCommand({ nameQuery: 'list-', limit: 1, position: page.position }));
    expect(next.items?.[0]?.name).not.toBe(page.items?.[0]?.name);
  });

  it('updates /description, /enabled, /name, /customerId and refuses other paths with AWS text', async () => {
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'patch-me' }));
    const updated = await cp.client.send(
      new UpdateApiKeyCommand({
        apiKey: key.id!,
        patchOperations: [
          { op: 'replace', path: '/enabled', value: 'true' },
          { op: 'replace', path: '/name', value: 'patched' },
          { op: 'replace', path: '/description', value: 'new' },
          { op: 'replace', path: '/customerId', value: 'c2' },
        ],
      }),
    );
    expect(updated).toMatchObject({ enabled: true, name: 'patched', description: 'new', customerId: 'c2' });
    expect(updated.value).toBeUndefined();
    const bad = await errorOf(cp.client.send(new UpdateApiKeyCommand({ apiKey: key.id!, patchOperations: [{ op: 'replace', path: '/id', value: 'x' }] })));
    expect(bad).toBeInstanceOf(BadRequestException);
    expect(bad.message).toBe("Invalid patch path  '/id' specified for op 'replace'. Must be one of: [/description, /enabled, /name, /customerId]");
  });

  it('deletes (202) and then answers 404 with AWS text', async () => {
    const key = await cp.client.send(new CreateApiKeyCommand({ name: 'gone' }));
    const deleted = await cp.client.send(new DeleteApiKeyCommand({ apiKey: key.id! }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    const missing = await errorOf(cp.client.send(new GetApiKeyCommand({ apiKey: key.id! })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe('Invalid API Key identifier specified');
  });

  it('imports keys from CSV (mode=import, format=csv), attaching them to usage plans; bad rows are warnings', async () => {
    const plan = await cp.client.send(new CreateUsagePlanCommand({ name: 'imported' }));
    const csv = [
      'Name,Key,Description,Enabled,UsagePlanIds',
      `imported-1,imported-value-0123456789,"first, with a comma",true,${plan.id}`,
      'imported-2,,second,false,',
      'imported-3,short,bad value,true,',
    ].join('\n');
    const result = await cp.client.send(new ImportApiKeysCommand({ body: new TextEncoder().encode(csv), format: 'csv' }));
    expect(result.$metadata.httpStatusCode).toBe(201);
    expect(result.ids).toHaveLength(2);
    expect(result.warnings).toEqual(['Line 4: API Key value should be at least 20 characters']);
    const first = await cp.client.send(new GetApiKeyCommand({ apiKey: result.ids![0], includeValue: true }));
    expect(first).toMatchObject({ name: 'imported-1', value: 'imported-value-0123456789', description: 'first, with a comma', enabled: true });
    expect((await cp.client.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id! }))).items?.map((k) => k.id)).toEqual([result.ids![0]]);
    const strict = await errorOf(
      cp.client.send(new ImportApiKeysCommand({ body: new TextEncoder().encode('Name,Key\nx,short'), format: 'csv', failOnWarnings: true })),
    );
    expect(strict).toBeInstanceOf(BadRequestException);
  });
});
