import { websocketApiSnapshotSchema, type WebSocketApiSnapshotInput } from '@portico/contracts';
import type { FunctionRunner } from '@portico/engine-lambda';
import { Agent } from 'undici';
import type { WebSocketConnection } from './websocket-events.js';
import { WebSocketStage } from './websocket-stage.js';

// Stages of MOCK integrations only: routing, two-way answers, models, $connect checks — no function is run.
const noFunctions: FunctionRunner = {
  invoke: async () => ({ kind: 'failed', status: 500, message: 'no functions in this spec' }),
  close: async () => undefined,
};
const dispatcher = new Agent();
afterAll(() => dispatcher.close());

const mock = (integrationId: string, template: string, answer?: string) => ({
  integrationId,
  integrationType: 'MOCK' as const,
  requestTemplates: { $default: template },
  integrationResponses: answer === undefined ? [] : [{ integrationResponseId: `${integrationId}r`, integrationResponseKey: '$default', responseTemplates: { $default: answer } }],
});
const twoWay = { routeResponseSelectionExpression: '$default', routeResponses: [{ routeResponseId: 'rr', routeResponseKey: '$default' as const }] };

function stage(parts: Partial<WebSocketApiSnapshotInput>): WebSocketStage {
  const snapshot = websocketApiSnapshotSchema.parse({
    schemaVersion: 1,
    api: { apiId: 'api0000001', name: 'a', protocolType: 'WEBSOCKET', routeSelectionExpression: '${request.body.service}/${request.body.action}' },
    stage: { stageName: 'prod', deploymentId: 'd1' },
    ...parts,
  });
  return new WebSocketStage(snapshot, { runner: noFunctions, dispatcher, region: 'us-east-1', accountId: '000000000000' });
}

const connection = (over: Partial<WebSocketConnection> = {}): WebSocketConnection => ({
  connectionId: 'C0nnecti0nId00=',
  apiId: 'api0000001',
  stage: 'prod',
  domainName: 'api0000001.execute-api.us-east-1.amazonaws.com',
  connectedAt: 1,
  sourceIp: '127.0.0.1',
  userAgent: 'spec',
  headers: {},
  multiValueHeaders: {},
  queryStringParameters: {},
  multiValueQueryStringParameters: {},
  ...over,
});
const facts = { requestId: 'R3quest1d00000=', requestTimeEpoch: 2, messageId: 'M3ssage1d00000=' };

describe('WebSocketStage', () => {
  const chat = stage({
    integrations: [mock('ijoin', '{"statusCode": 200}', '{"joined": "$context.routeKey"}'), mock('iquiet', '{"statusCode": 200}', '{"never": "sent"}')],
    models: [{ modelId: 'm1', name: 'Join', schema: JSON.stringify({ type: 'object', required: ['room'], properties: { room: { type: 'string' } } }) }],
    routes: [
      { routeId: 'r1', routeKey: 'chat/join', target: 'integrations/ijoin', modelSelectionExpression: '$default', requestModels: { $default: 'Join' }, ...twoWay },
      { routeId: 'r2', routeKey: 'chat/quiet', target: 'integrations/iquiet' },
    ],
  });

  it('routes by the exact selection result and answers two-way routes only', async () => {
    expect(await chat.message(connection(), '{"service":"chat","action":"join","room":"r"}', facts)).toMatchObject({ routeKey: 'chat/join', frame: '{"joined": "chat/join"}', status: 200 });
    expect(await chat.message(connection(), '{"service":"chat","action":"quiet"}', facts)).toMatchObject({ routeKey: 'chat/quiet', frame: undefined });
  });

  it('answers AWS\'s Forbidden frame when nothing matches and there is no $default route', async () => {
    const outcome = await chat.message(connection(), '{"service":"chat","action":"JOIN"}', facts);
    expect(outcome.status).toBe(403);
    expect(JSON.parse(String(outcome.frame ?? ''))).toEqual({ message: 'Forbidden', connectionId: 'C0nnecti0nId00=', requestId: 'R3quest1d00000=' });
  });

  it('validates the body against the route model: Bad request body, the integration not called', async () => {
    const outcome = await chat.message(connection(), '{"service":"chat","action":"join"}', facts);
    expect(outcome).toMatchObject({ status: 400, errorKind: 'client' });
    expect(JSON.parse(String(outcome.frame ?? ''))).toEqual({ message: 'Bad request body', connectionId: 'C0nnecti0nId00=', messageId: 'M3ssage1d00000=' });
  });

  it('refuses $connect: a required parameter missing (400), apiKeyRequired without usage-plan tables (403, fails closed), a MOCK answering 403', async () => {
    const required = stage({ routes: [{ routeId: 'c', routeKey: '$connect', requestParameters: { 'route.request.querystring.token': { required: true } } }] });
    expect(await required.connect(connection(), { ...facts, routeKey: '$connect' }, undefined)).toMatchObject({ ok: false, status: 400 });
    expect(await required.connect(connection({ queryStringParameters: { token: 't' } }), { ...facts, routeKey: '$connect' }, undefined)).toMatchObject({ ok: true });
    const keyed = stage({ routes: [{ routeId: 'c', routeKey: '$connect', apiKeyRequired: true }] });
    expect(await keyed.connect(connection(), { ...facts, routeKey: '$connect' }, undefined)).toMatchObject({ ok: false, status: 403 });
    const refusing = stage({ integrations: [mock('ino', '{"statusCode": 403}')], routes: [{ routeId: 'c', routeKey: '$connect', target: 'integrations/ino' }] });
    expect(await refusing.connect(connection(), { ...facts, routeKey: '$connect' }, undefined)).toMatchObject({ ok: false, status: 403, errorKind: 'integration' });
  });

  it('refuses AWS_IAM $connect without a passing check, and accepts with one', async () => {
    const iam = stage({ routes: [{ routeId: 'c', routeKey: '$connect', authorizationType: 'AWS_IAM' }] });
    const arns: string[] = [];
    expect(await iam.connect(connection(), { ...facts, routeKey: '$connect' }, async () => ({ ok: false, status: 403 }))).toMatchObject({ ok: false, status: 403 });
    expect(await iam.connect(connection(), { ...facts, routeKey: '$connect' }, async (arn) => (arns.push(arn), { ok: true, identity: {} }))).toMatchObject({ ok: true });
    expect(arns).toEqual(['arn:aws:execute-api:us-east-1:000000000000:api0000001/prod/$connect']);
  });
});
