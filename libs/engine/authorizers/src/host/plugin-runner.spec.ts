import { allow, defineAuthorizer, schema, type AuthorizerDecision } from '@portico/plugin-sdk';
import { buildRequest } from '@portico/plugin-sdk/testing';
import { preparePluginConfig, startPlugin } from './plugin-runner.js';

const configSchema = schema.object({ description: 'behaviour', properties: { mode: schema.string({ description: 'what authorize does' }) }, required: ['mode'] });
const plugin = defineAuthorizer({
  name: 'runner-test',
  version: '1.0.0',
  sdk: '^2.0.0',
  configSchema,
  create(config) {
    if (config.mode === 'create-fails') throw new Error('no keys');
    return {
      authorize(_request, ctx): AuthorizerDecision | Promise<AuthorizerDecision> {
        if (config.mode === 'throws') throw new Error('bug');
        if (config.mode === 'malformed') return { effect: 'allow', principalId: '' };
        if (config.mode === 'hangs') return new Promise(() => undefined);
        return allow({ principalId: ctx.requestId });
      },
    };
  },
});

async function decide(mode: string): Promise<AuthorizerDecision> {
  const prepared = preparePluginConfig(plugin, { mode });
  if (!prepared.ok) throw new Error(prepared.reason);
  const runner = startPlugin(plugin, prepared.config, { timeoutMs: 200 });
  try {
    return await runner.decide(buildRequest(), 'req-7');
  } finally {
    await runner.close();
  }
}

describe('plugin runner', () => {
  it('validates the config against the plugin schema', () => {
    expect(preparePluginConfig(plugin, {})).toEqual({ ok: false, reason: expect.stringContaining('invalid runner-test config') });
  });

  it("hands the plugin the request and the context, and returns its decision", async () => {
    await expect(decide('allows')).resolves.toMatchObject({ effect: 'allow', principalId: 'req-7' });
  });

  it('turns a throw, a malformed decision, a missed deadline and a failed create into fail decisions', async () => {
    await expect(decide('throws')).resolves.toEqual({ effect: 'fail', reason: 'authorize threw: bug' });
    await expect(decide('malformed')).resolves.toMatchObject({ effect: 'fail', reason: expect.stringContaining('malformed decision') });
    await expect(decide('hangs')).resolves.toEqual({ effect: 'fail', reason: 'authorizer did not answer within 200 ms' });
    await expect(decide('create-fails')).resolves.toEqual({ effect: 'fail', reason: 'create failed: no keys' });
  });
});
