import {
  BadRequestException,
  ConflictException,
  CreateDeploymentCommand,
  CreateStageCommand,
  DeleteStageCommand,
  GetStageCommand,
  GetStagesCommand,
  NotFoundException,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import { createMockApi, errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;
let apiId: string;
let deploymentA: string;
let deploymentB: string;

beforeAll(async () => {
  cp = await startTestControlPlane();
  ({ apiId } = await createMockApi(cp.client, 'stages'));
  deploymentA = (await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId }))).id!;
  deploymentB = (await cp.client.send(new CreateDeploymentCommand({ restApiId: apiId }))).id!;
});
afterAll(async () => {
  await cp?.close();
});

describe('stages', () => {
  it('creates a stage with AWS defaults and epoch-second timestamps', async () => {
    const stage = await cp.client.send(
      new CreateStageCommand({ restApiId: apiId, stageName: 'dev', deploymentId: deploymentA, description: 'development', variables: { url: 'a.example' } }),
    );
    expect(stage.$metadata.httpStatusCode).toBe(201);
    expect(stage).toMatchObject({
      stageName: 'dev',
      deploymentId: deploymentA,
      description: 'development',
      variables: { url: 'a.example' },
      cacheClusterEnabled: false,
      cacheClusterStatus: 'NOT_AVAILABLE',
      methodSettings: {},
      tracingEnabled: false,
    });
    expect(stage.createdDate).toBeInstanceOf(Date);
    expect(Math.abs(stage.lastUpdatedDate!.getTime() - Date.now())).toBeLessThan(60_000);
    const raw = await cp.request('GET', `/restapis/${apiId}/stages/dev`);
    expect(Number.isInteger((raw.json() as { createdDate: unknown }).createdDate)).toBe(true);
  });

  it('refuses duplicates, bad names, unknown deployments and unknown APIs', async () => {
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dup', deploymentId: deploymentA }));
    const duplicate = await errorOf(cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'dup', deploymentId: deploymentB })));
    expect(duplicate).toBeInstanceOf(ConflictException);
    expect(duplicate.message).toBe('Stage already exists');
    expect(duplicate.$metadata?.httpStatusCode).toBe(409);

    const badName = await errorOf(cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'bad/name', deploymentId: deploymentA })));
    expect(badName).toBeInstanceOf(BadRequestException);
    const tooLong = await errorOf(cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 's'.repeat(129), deploymentId: deploymentA })));
    expect(tooLong).toBeInstanceOf(BadRequestException);
    expect(tooLong.message).toMatch(/at most 128/);

    const unknownDeployment = await errorOf(cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'x', deploymentId: 'nope00' })));
    expect(unknownDeployment).toBeInstanceOf(NotFoundException);
    expect(unknownDeployment.message).toBe('Invalid Deployment identifier specified');

    const unknownApi = await errorOf(cp.client.send(new CreateStageCommand({ restApiId: 'nosuchapi1', stageName: 'x', deploymentId: deploymentA })));
    expect(unknownApi).toBeInstanceOf(NotFoundException);
    expect(unknownApi.message).toBe('Invalid API identifier specified 000000000000:nosuchapi1');
  });

  it('validates stage variables', async () => {
    const badName = await errorOf(
      cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: deploymentA, variables: { 'a.b': 'x' } })),
    );
    expect(badName).toBeInstanceOf(BadRequestException);
    expect(badName.message).toMatch(/^Invalid stage variable name 'a\.b'/);
    const badValue = await errorOf(
      cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: deploymentA, variables: { a: 'white space' } })),
    );
    expect(badValue.message).toMatch(/^Invalid stage variable value for 'a'/);
    const tooMany = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`v${i}`, 'x']));
    const overLimit = await errorOf(cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'v1', deploymentId: deploymentA, variables: tooMany })));
    expect(overLimit.message).toMatch(/at most 100 stage variables/);
    await expect(cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'v1' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('answers malformed bodies with 400s, never 500s', async () => {
    const post = (body: string) => cp.request('POST', `/restapis/${apiId}/stages`, { body });
    const wrongType = await post(JSON.stringify({ stageName: 'typed', deploymentId: deploymentA, variables: { a: 1 } }));
    expect(wrongType.status).toBe(400);
    expect(wrongType.headers.get('x-amzn-errortype')).toBe('SerializationException');
    expect((await post(JSON.stringify({ stageName: 7, deploymentId: deploymentA }))).status).toBe(400);
    expect((await post('[1, 2]')).status).toBe(400);
    const notJson = await post('{"stageName": ');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('x-amzn-errortype')).toBe('SerializationException');
    const badSize = await post(JSON.stringify({ stageName: 'sized', deploymentId: deploymentA, cacheClusterSize: '2.0' }));
    expect(badSize.status).toBe(400);
    expect(badSize.headers.get('x-amzn-errortype')).toBe('ValidationException');
    expect((badSize.json() as { message: string }).message).toBe(
      "1 validation error detected: Value '2.0' at 'createStageInput.cacheClusterSize' failed to satisfy constraint: Member must satisfy enum value set: [0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237]",
    );
    const badPatch = await cp.request('PATCH', `/restapis/${apiId}/stages/dev`, { body: JSON.stringify({ patchOperations: { op: 'replace' } }) });
    expect(badPatch.status).toBe(400);
    expect((await cp.request('POST', `/restapis/${apiId}/deployments`, { body: JSON.stringify({ stageName: 'x', tracingEnabled: 'yes' }) })).status).toBe(400);
    await expect(cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'typed' }))).rejects.toBeInstanceOf(NotFoundException);
  });

  it('lists stages without paging, filtered by deployment', async () => {
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'list-b', deploymentId: deploymentB }));
    const raw = (await cp.request('GET', `/restapis/${apiId}/stages`)).json() as Record<string, unknown>;
    expect(Object.keys(raw)).toEqual(['item']);
    const all = await cp.client.send(new GetStagesCommand({ restApiId: apiId }));
    expect(all.item!.map((s) => s.stageName)).toEqual(expect.arrayContaining(['dev', 'dup', 'list-b']));
    const onB = await cp.client.send(new GetStagesCommand({ restApiId: apiId, deploymentId: deploymentB }));
    expect(onB.item!.map((s) => s.stageName)).toEqual(['list-b']);
  });

  it('patches variables, settings and the deployment', async () => {
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'patch', deploymentId: deploymentA, variables: { keep: '1', drop: '2' } }));
    const updated = await cp.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'patch',
        patchOperations: [
          { op: 'replace', path: '/deploymentId', value: deploymentB },
          { op: 'replace', path: '/description', value: 'patched' },
          { op: 'add', path: '/variables/added', value: 'https://b.example/x?y=z' },
          { op: 'replace', path: '/variables/keep', value: 'one' },
          { op: 'remove', path: '/variables/drop' },
          { op: 'replace', path: '/tracingEnabled', value: 'true' },
          { op: 'replace', path: '/accessLogSettings/format', value: '$context.requestId $context.status' },
          { op: 'replace', path: '/accessLogSettings/destinationArn', value: 'arn:aws:logs:us-east-1:000000000000:log-group:api' },
        ],
      }),
    );
    expect(updated).toMatchObject({
      deploymentId: deploymentB,
      description: 'patched',
      variables: { keep: 'one', added: 'https://b.example/x?y=z' },
      tracingEnabled: true,
      accessLogSettings: { format: '$context.requestId $context.status', destinationArn: 'arn:aws:logs:us-east-1:000000000000:log-group:api' },
    });
    expect((await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'patch' }))).variables).toEqual(updated.variables);
  });

  it('materialises method settings, keeps specific keys over */*, and removes keys', async () => {
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'settings', deploymentId: deploymentA }));
    const specific = await cp.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'settings',
        patchOperations: [
          { op: 'replace', path: '/~1pets~1{id}/GET/throttling/rateLimit', value: '5.5' },
          { op: 'replace', path: '/pets/{id}/GET/logging/loglevel', value: 'INFO' },
        ],
      }),
    );
    expect(specific.methodSettings).toEqual({
      'pets/{id}/GET': {
        metricsEnabled: false,
        dataTraceEnabled: false,
        loggingLevel: 'INFO',
        throttlingBurstLimit: 5000,
        throttlingRateLimit: 5.5,
        cachingEnabled: false,
        cacheTtlInSeconds: 300,
        cacheDataEncrypted: false,
        requireAuthorizationForCacheControl: true,
        unauthorizedCacheControlHeaderStrategy: 'SUCCEED_WITH_RESPONSE_HEADER',
      },
    });
    const wildcard = await cp.client.send(
      new UpdateStageCommand({
        restApiId: apiId,
        stageName: 'settings',
        patchOperations: [
          { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
          { op: 'replace', path: '/*/*/metrics/enabled', value: 'true' },
        ],
      }),
    );
    expect(wildcard.methodSettings!['pets/{id}/GET']!.throttlingRateLimit).toBe(5.5);
    expect(wildcard.methodSettings!['*/*']).toMatchObject({ throttlingRateLimit: 100, metricsEnabled: true, loggingLevel: 'OFF' });

    const removed = await cp.client.send(
      new UpdateStageCommand({ restApiId: apiId, stageName: 'settings', patchOperations: [{ op: 'remove', path: '/*/*' }] }),
    );
    expect(Object.keys(removed.methodSettings!)).toEqual(['pets/{id}/GET']);
    const nothingToRemove = await errorOf(
      cp.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'settings', patchOperations: [{ op: 'remove', path: '/*/*' }] })),
    );
    expect(nothingToRemove.message).toBe('Cannot remove method setting */* because there is no method setting for this method ');
  });

  it('refuses invalid patches with AWS texts, changing nothing', async () => {
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'strict', deploymentId: deploymentA }));
    const badPath = await errorOf(
      cp.client.send(
        new UpdateStageCommand({
          restApiId: apiId,
          stageName: 'strict',
          patchOperations: [
            { op: 'replace', path: '/description', value: 'changed' },
            { op: 'replace', path: '/stageName', value: 'x' },
          ],
        }),
      ),
    );
    expect(badPath).toBeInstanceOf(BadRequestException);
    expect(badPath.message).toMatch(/^Invalid method setting path: \/stageName\. Must be one of: \[\/deploymentId, \/description, /);
    expect((await cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'strict' }))).description).toBeUndefined();

    const badVariable = await errorOf(
      cp.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'strict', patchOperations: [{ op: 'add', path: '/variables/x', value: 'a b' }] })),
    );
    expect(badVariable.message).toMatch(/^Invalid stage variable value for 'x'/);

    const unknownDeployment = await errorOf(
      cp.client.send(
        new UpdateStageCommand({ restApiId: apiId, stageName: 'strict', patchOperations: [{ op: 'replace', path: '/deploymentId', value: 'nope00' }] }),
      ),
    );
    expect(unknownDeployment).toBeInstanceOf(NotFoundException);
    expect(unknownDeployment.message).toBe('Invalid Deployment identifier specified');

    const badValue = await errorOf(
      cp.client.send(
        new UpdateStageCommand({ restApiId: apiId, stageName: 'strict', patchOperations: [{ op: 'replace', path: '/*/*/caching/ttlInSeconds', value: 'soon' }] }),
      ),
    );
    expect(badValue).toBeInstanceOf(BadRequestException);

    const badOp = await errorOf(
      cp.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'strict', patchOperations: [{ op: 'jump' as 'add', path: '/description' }] })),
    );
    expect(badOp.name).toBe('ValidationException');
  });

  it('deletes a stage with 202, then 404s it', async () => {
    await cp.client.send(new CreateStageCommand({ restApiId: apiId, stageName: 'doomed', deploymentId: deploymentA }));
    const deleted = await cp.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'doomed' }));
    expect(deleted.$metadata.httpStatusCode).toBe(202);
    const gone = await errorOf(cp.client.send(new GetStageCommand({ restApiId: apiId, stageName: 'doomed' })));
    expect(gone).toBeInstanceOf(NotFoundException);
    expect(gone.message).toBe('Invalid Stage identifier specified');
    await expect(cp.client.send(new DeleteStageCommand({ restApiId: apiId, stageName: 'doomed' }))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      cp.client.send(new UpdateStageCommand({ restApiId: apiId, stageName: 'doomed', patchOperations: [{ op: 'replace', path: '/description', value: 'x' }] })),
    ).rejects.toBeInstanceOf(NotFoundException);
  });
});
