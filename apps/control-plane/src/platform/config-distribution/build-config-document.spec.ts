import { configDocumentSchema, contentHash, SNAPSHOT_SCHEMA_VERSION } from '@portico/contracts';
import { buildConfigDocument, type StageWithSnapshot } from './build-config-document.js';

const snapshot = (deploymentId: string) => ({
  schemaVersion: SNAPSHOT_SCHEMA_VERSION,
  restApiId: 'api1',
  deploymentId,
  createdDate: 1_700_000_000,
  api: { name: 'a', endpointConfiguration: { types: ['EDGE'] } },
  resources: [{ id: 'r', path: '/' }],
});

const stage = (stageName: string, deploymentId: string, extra: Partial<StageWithSnapshot> = {}): StageWithSnapshot => ({
  restApiId: 'api1',
  stageName,
  deploymentId,
  variables: { v: '1' },
  methodSettings: {},
  accessLogSettings: null,
  tracingEnabled: false,
  lastUpdatedDate: new Date(1_700_000_123_456),
  deployment: { snapshot: snapshot(deploymentId) },
  ...extra,
});

const context = { region: 'us-east-1', accountId: '000000000000' };

describe('buildConfigDocument', () => {
  it('lists stages in order, each deployment once, and validates', () => {
    const doc = buildConfigDocument([stage('prod', 'd1'), stage('dev', 'd1'), stage('beta', 'd2')], context);
    expect(configDocumentSchema.safeParse(doc).success).toBe(true);
    expect(doc.stages.map((s) => s.stageName)).toEqual(['beta', 'dev', 'prod']);
    expect(Object.keys(doc.deployments).sort()).toEqual(['d1', 'd2']);
    expect(doc.stages[0]!.lastUpdatedDate).toBe(1_700_000_123);
    expect(doc.stages[0]!.accessLogSettings).toBeUndefined();
  });

  it('has a revision that is the content hash of the rest of the document', () => {
    const doc = buildConfigDocument([stage('prod', 'd1')], context);
    const { revision, ...rest } = doc;
    expect(revision).toBe(contentHash(rest));
    expect(buildConfigDocument([stage('prod', 'd1')], context).revision).toBe(revision);
    expect(buildConfigDocument([stage('prod', 'd1', { variables: { v: '2' } })], context).revision).not.toBe(revision);
  });

  it('carries the parts other families contribute, inside the revision', () => {
    const plain = buildConfigDocument([], context);
    expect(plain.apiKeys).toEqual([]);
    const withKey = buildConfigDocument([], context, { apiKeys: [{ id: 'k1', valueHash: 'a'.repeat(64), enabled: true }], apiKeyHashKey: 'k'.repeat(43) });
    expect(withKey.apiKeys).toHaveLength(1);
    expect(withKey.revision).not.toBe(plain.revision);
    // Hashes without their key could never match: such a document is refused rather than sent.
    expect(() => buildConfigDocument([], context, { apiKeys: [{ id: 'k1', valueHash: 'a'.repeat(64), enabled: true }] })).toThrow();
  });

  it('is an empty document without stages', () => {
    const doc = buildConfigDocument([], context);
    expect(doc).toMatchObject({ schemaVersion: 1, stages: [], deployments: {} });
  });
});
