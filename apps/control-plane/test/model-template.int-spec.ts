// GetModelTemplate through the real AWS SDK: the generated mapping template of a model, `$ref`s to the API's other
// models followed; AWS's errors for an unknown model or API.
import { CreateModelCommand, CreateRestApiCommand, GetModelTemplateCommand, NotFoundException } from '@aws-sdk/client-api-gateway';
import { errorOf, startTestControlPlane, type TestControlPlane } from './support/test-control-plane.js';

let cp: TestControlPlane;

beforeAll(async () => {
  cp = await startTestControlPlane();
});

afterAll(async () => {
  await cp.close();
});

describe('GetModelTemplate', () => {
  it('generates the template of a model, following its $ref to another model of the API', async () => {
    const api = await cp.client.send(new CreateRestApiCommand({ name: 'templates' }));
    const restApiId = api.id!;
    await cp.client.send(new CreateModelCommand({ restApiId, name: 'Owner', contentType: 'application/json', schema: JSON.stringify({ type: 'object', properties: { name: { type: 'string' } } }) }));
    const pet = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        owner: { $ref: `https://apigateway.amazonaws.com/restapis/${restApiId}/models/Owner` },
      },
    };
    await cp.client.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: 'application/json', schema: JSON.stringify(pet) }));
    const template = await cp.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'Pet' }));
    expect(template.$metadata.httpStatusCode).toBe(200);
    expect(template.value).toBe(
      ["#set($inputRoot = $input.path('$'))", '{', '  "id" : $inputRoot.id,', '  "name" : "$inputRoot.name",', '  "owner" : {', '    "name" : "$inputRoot.owner.name"', '  }', '}'].join('\n'),
    );
    // The default Empty model has no properties.
    expect((await cp.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'Empty' }))).value).toBe("#set($inputRoot = $input.path('$'))\n{}");
    const missing = await errorOf(cp.client.send(new GetModelTemplateCommand({ restApiId, modelName: 'Nope' })));
    expect(missing).toBeInstanceOf(NotFoundException);
    expect(missing.message).toBe('Invalid model name specified: Nope');
    expect(await errorOf(cp.client.send(new GetModelTemplateCommand({ restApiId: 'nope123456', modelName: 'Pet' })))).toBeInstanceOf(NotFoundException);
  });
});
