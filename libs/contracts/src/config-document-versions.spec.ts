import { contentHash } from './canonical-json.js';
import { configDocumentSchema } from './config-document.js';
import {
  acceptedConfigVersions,
  configAcceptHeader,
  liftConfigDocument,
  negotiateConfigVersion,
  readConfigDocument,
  restConfigDocument,
} from './config-document-versions.js';
import type { RestApiConfig } from './config-document-v2.js';
import { SNAPSHOT_SCHEMA_VERSION } from './deployment-snapshot.js';

const snapshot = (restApiId: string, deploymentId: string) => ({
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  restApiId,
  deploymentId,
  createdDate: 1_700_000_000,
  api: { name: restApiId, endpointConfiguration: { types: ['EDGE'] } },
  resources: [{ id: 'r', path: '/' }],
});

const stage = (restApiId: string, stageName: string, deploymentId: string) => ({ restApiId, stageName, deploymentId, lastUpdatedDate: 1 });

function v1() {
  const body = {
    schemaVersion: 1,
    region: 'us-east-1',
    accountId: '000000000000',
    stages: [stage('a', 'dev', 'd1'), stage('a', 'prod', 'd2'), stage('b', 'prod', 'd3')],
    deployments: { d1: snapshot('a', 'd1'), d2: snapshot('a', 'd2'), d3: snapshot('b', 'd3') },
  };
  return configDocumentSchema.parse({ ...body, revision: contentHash(body) });
}

describe('schema negotiation', () => {
  it.each([
    [undefined, [1]],
    ['', [1]],
    ['application/json', [1]],
    ['*/*', [1]],
    [configAcceptHeader(), [2, 1]],
    ['application/vnd.portico.config+json; version="2"', [2]],
    ['application/vnd.portico.config+json; version=3, application/vnd.portico.config+json;version=2', [3, 2]],
    ['application/vnd.portico.config+json', [1]],
    ['application/vnd.portico.config+json; version=2; q=0, application/vnd.portico.config+json; version=1', [1]],
  ])('Accept %j asks for %j', (accept, versions) => {
    expect(acceptedConfigVersions(accept)).toEqual(versions);
  });

  it('picks the newest version both sides know, or none', () => {
    expect(negotiateConfigVersion(configAcceptHeader())).toBe(2);
    expect(negotiateConfigVersion('application/vnd.portico.config+json; version=1, application/vnd.portico.config+json; version=2')).toBe(2);
    expect(negotiateConfigVersion(undefined)).toBe(1);
    expect(negotiateConfigVersion('application/vnd.portico.config+json; version=3')).toBeUndefined();
    expect(negotiateConfigVersion('application/vnd.portico.config+json; version=3, application/json')).toBe(1);
  });
});

describe('readConfigDocument', () => {
  it('lifts a v1 document to v2 and back unchanged', () => {
    const doc = v1();
    const read = readConfigDocument(doc);
    expect(read.kind).toBe('document');
    if (read.kind !== 'document') return;
    expect(read.v1).toEqual(doc);
    expect(Object.keys(read.document.apis)).toEqual(['a', 'b']);
    expect(read.document.apis['a']).toMatchObject({ protocolType: 'REST', stages: [{ stageName: 'dev' }, { stageName: 'prod' }] });
    expect(restConfigDocument(liftConfigDocument(doc))).toEqual(doc);
  });

  it('reads v2, and checks that stages point at deployments of their API', () => {
    const v2 = { ...liftConfigDocument(v1()), revision: 'r2' };
    const read = readConfigDocument(v2);
    expect(read).toMatchObject({ kind: 'document', schemaVersion: 2 });
    const broken = structuredClone(v2);
    (broken.apis['a'] as RestApiConfig).stages[0]!.deploymentId = 'd3';
    expect(readConfigDocument(broken)).toMatchObject({ kind: 'invalid', schemaVersion: 2, revision: 'r2' });
    const canary = structuredClone(v2);
    (canary.apis['a'] as RestApiConfig).stages[0]!.canarySettings = { percentTraffic: 10, deploymentId: 'd2', stageVariableOverrides: {}, useStageCache: false };
    expect(readConfigDocument(canary).kind).toBe('document');
    // The REST view (and v1) carries the canary and the deployment it serves; lifting it back keeps both.
    const rest = restConfigDocument(canary);
    expect(rest.stages[0]!.canarySettings).toMatchObject({ deploymentId: 'd2', percentTraffic: 10 });
    expect(Object.keys(rest.deployments)).toContain('d2');
    expect(liftConfigDocument(rest).apis['a']).toEqual(canary.apis['a']);
    const unknownType = structuredClone(v2) as unknown as { apis: Record<string, { protocolType: string }> };
    unknownType.apis['a']!.protocolType = 'MQTT';
    expect(readConfigDocument(unknownType).kind).toBe('invalid');
  });

  it('carries HTTP APIs beside REST ones; the REST view (and v1) leaves them out', () => {
    const v2 = { ...liftConfigDocument(v1()), revision: 'r2' };
    const http = { schemaVersion: 1, api: { apiId: 'h1', name: 'h', protocolType: 'HTTP' }, stage: { stageName: '$default', deploymentId: 'hd1' } };
    const read = readConfigDocument({ ...v2, apis: { ...v2.apis, h1: { protocolType: 'HTTP', stages: [http] } } });
    expect(read).toMatchObject({ kind: 'document', document: { apis: { h1: { protocolType: 'HTTP', stages: [{ api: { apiId: 'h1' }, stage: { stageName: '$default' } }] } } } });
    if (read.kind !== 'document') return;
    expect(restConfigDocument(read.document).stages.map((s) => s.restApiId)).toEqual(['a', 'a', 'b']);
    expect(readConfigDocument({ ...v2, apis: { h2: { protocolType: 'HTTP', stages: [http] } } })).toMatchObject({ kind: 'invalid' });
  });

  it('refuses a schema version it does not read before looking at anything else', () => {
    expect(readConfigDocument({ schemaVersion: 3, revision: 'r3', whatever: true })).toEqual({ kind: 'unsupported', schemaVersion: 3, revision: 'r3' });
    expect(readConfigDocument({ revision: 'x' })).toMatchObject({ kind: 'unsupported', schemaVersion: undefined });
    expect(readConfigDocument(null)).toMatchObject({ kind: 'unsupported' });
  });
});
