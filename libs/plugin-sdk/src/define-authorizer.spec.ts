import { schema } from './config-schema.js';
import { allow, decisionProblem, deny, fail } from './decisions.js';
import { checkPlugin, defineAuthorizer, PluginDefinitionError } from './define-authorizer.js';

const configSchema = schema.object({ description: 'none', properties: {} });
const base = { name: 'demo-plugin', version: '1.0.0', sdk: '^1.0.0', configSchema, create: () => ({ authorize: () => deny(401) }) };

describe('defineAuthorizer', () => {
  it('returns a frozen, branded plugin', () => {
    const plugin = defineAuthorizer(base);
    expect(plugin.kind).toBe('portico-authorizer');
    expect(Object.isFrozen(plugin)).toBe(true);
    expect(checkPlugin(plugin)).toEqual({ ok: true, plugin });
  });

  it('refuses bad names, versions, SDK ranges and schemas', () => {
    expect(() => defineAuthorizer({ ...base, name: 'Demo_Plugin' })).toThrow(PluginDefinitionError);
    expect(() => defineAuthorizer({ ...base, version: '1' })).toThrow(/version/);
    expect(() => defineAuthorizer({ ...base, sdk: '^3.0.0' })).toThrow(/does not include the host's SDK 2\.0\.0/);
    expect(() =>
      defineAuthorizer({ ...base, configSchema: schema.object({ description: 'x', properties: { a: { type: 'string', description: ' ' } } }) }),
    ).toThrow(/every field needs a description/);
  });

  it('an SDK 2.0 host takes plugins written for 2.x and for 1.x (2.0 only adds to the request view)', () => {
    expect(checkPlugin(defineAuthorizer({ ...base, sdk: '^2.0.0' })).ok).toBe(true);
    expect(checkPlugin(defineAuthorizer(base)).ok).toBe(true);
    expect(checkPlugin(defineAuthorizer({ ...base, sdk: '>=1.0.0 <3.0.0' })).ok).toBe(true);
  });

  it('checkPlugin reports problems as values', () => {
    expect(checkPlugin(undefined)).toEqual({ ok: false, problems: ['the module does not export a plugin (default export expected)'] });
    expect(checkPlugin({ ...base })).toEqual({ ok: false, problems: ['the export is not a Portico authorizer (wrap it with defineAuthorizer)'] });
    expect(checkPlugin(defineAuthorizer(base), '2.0.0')).toEqual({ ok: false, problems: ["sdk range ^1.0.0 does not include the host's SDK 2.0.0"] });
  });
});

describe('decisions', () => {
  it('builds and checks decisions', () => {
    expect(allow({ principalId: 'u', context: { a: 1 } })).toEqual({ effect: 'allow', principalId: 'u', context: { a: 1 } });
    expect(deny()).toEqual({ effect: 'deny', status: 401 });
    expect(deny(403, 'no')).toEqual({ effect: 'deny', status: 403, reason: 'no' });
    expect(fail('down')).toEqual({ effect: 'fail', reason: 'down' });
    expect(decisionProblem(allow({ principalId: '' }))).toBe('allow needs a non-empty principalId');
    expect(decisionProblem({ effect: 'allow', principalId: 'u', context: { nested: {} } })).toBe('allow context.nested must be a string, number or boolean');
    expect(decisionProblem({ effect: 'deny', status: 500 })).toBe('deny status must be 401 or 403');
    expect(decisionProblem(null)).toMatch(/must be an object/);
  });
});
