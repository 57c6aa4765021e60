import { configDocumentSchema } from '@portico/contracts';
import { readOpenApiConfig } from './openapi-config-document.js';

const serving = { stageName: 'prod', region: 'us-east-1', accountId: '000000000000' };
const yaml = `
openapi: 3.0.1
info: {title: pets}
paths:
  /pets:
    get:
      x-amazon-apigateway-integration: {type: mock, requestTemplates: {application/json: '{"statusCode": 200}'}}
  /todo:
    get: {}
`;

describe('readOpenApiConfig', () => {
  it('turns an OpenAPI file into a one-API, one-stage config document with a stable id and revision', () => {
    const first = readOpenApiConfig(yaml, serving);
    if (first.kind !== 'document') throw new Error(first.kind);
    const doc = configDocumentSchema.parse(first.body);
    expect(doc.stages).toEqual([expect.objectContaining({ restApiId: first.restApiId, stageName: 'prod' })]);
    expect(first.restApiId).toMatch(/^[a-z0-9]{10}$/);
    expect(Object.values(doc.deployments)[0]!.resources.map((r) => r.path)).toEqual(['/', '/pets', '/todo']);
    expect(first.warnings).toEqual(['GET /todo: no x-amazon-apigateway-integration, not served']);
    const again = readOpenApiConfig(yaml, serving);
    expect(again.kind === 'document' && again.body.revision).toBe(doc.revision);
    const named = readOpenApiConfig(yaml, { ...serving, restApiId: 'mine' });
    expect(named.kind === 'document' && named.restApiId).toBe('mine');
  });

  it('leaves config documents alone and reports invalid OpenAPI with the import error', () => {
    expect(readOpenApiConfig('{"schemaVersion": 1, "stages": []}', serving)).toEqual({ kind: 'not-openapi' });
    const bad = readOpenApiConfig('swagger: "2.0"\ninfo: {title: t}\npaths:\n  /a{b}:\n    get: {}\n', serving);
    expect(bad.kind).toBe('error');
    expect(bad.kind === 'error' && bad.message).toMatch(/^Errors found during import:/);
  });
});
