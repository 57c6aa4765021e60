import { CONFIG_SCHEMA_VERSION, configDocumentSchema, type ConfigDocument, type StageConfig } from './config-document.js';
import { CONFIG_SCHEMA_VERSION_V2, configDocumentV2Schema, type ApiConfig, type ConfigDocumentV2, type RestApiConfig } from './config-document-v2.js';
import type { DeploymentSnapshot } from './deployment-snapshot.js';

/**
 * Which config document a data plane gets, in the spirit of Kong's hybrid mode: the data plane lists the schema
 * versions it reads in `Accept`, the control plane answers with the newest one both know (or 406), and a data
 * plane that is handed a version it does not know anyway (an old cache file, a hand-written PORTICO_CONFIG_FILE)
 * keeps serving what it has.
 *
 *   Accept: application/vnd.portico.config+json; version=2, application/vnd.portico.config+json; version=1
 *
 * A request that names no version of this media type (no Accept, `application/json`, `*\/*`: every data plane
 * before v2) gets v1, so that old data planes keep working against a new control plane.
 */
export const CONFIG_MEDIA_TYPE = 'application/vnd.portico.config+json';

/** The versions this build reads and writes, newest first. */
export const CONFIG_SCHEMA_VERSIONS: readonly number[] = [CONFIG_SCHEMA_VERSION_V2, CONFIG_SCHEMA_VERSION];

/** The `Accept` header naming `versions` (newest first, as the server prefers the newest it knows). */
export function configAcceptHeader(versions: readonly number[] = CONFIG_SCHEMA_VERSIONS): string {
  return versions.map((v) => `${CONFIG_MEDIA_TYPE}; version=${v}`).join(', ');
}

/** The `Content-Type` of a served document of `version` (v1 keeps today's `application/json`). */
export function configContentType(version: number): string {
  return version === CONFIG_SCHEMA_VERSION ? 'application/json' : `${CONFIG_MEDIA_TYPE}; version=${version}`;
}

/**
 * The schema versions an `Accept` header asks for: the `version` parameters of every `CONFIG_MEDIA_TYPE` range
 * (q=0 ranges excluded). A header with no such range, or one without a version, asks for v1 (see above).
 */
export function acceptedConfigVersions(accept: string | undefined): number[] {
  if (accept === undefined || accept.trim() === '') return [CONFIG_SCHEMA_VERSION];
  const versions: number[] = [];
  let legacy = false;
  for (const range of accept.split(',')) {
    const [type = '', ...params] = range.split(';').map((part) => part.trim());
    // Parameter values may be quoted (`version="2"`, as Fastify writes them back).
    const named = new Map(params.map((p) => p.split('=').map((x) => x.trim().replace(/^"(.*)"$/, '$1').toLowerCase()) as [string, string]));
    if (named.get('q') !== undefined && Number(named.get('q')) === 0) continue;
    if (type.toLowerCase() !== CONFIG_MEDIA_TYPE) {
      legacy = true;
      continue;
    }
    const version = named.get('version');
    if (version === undefined) legacy = true;
    else if (/^\d{1,6}$/.test(version)) versions.push(Number(version));
  }
  if (legacy) versions.push(CONFIG_SCHEMA_VERSION);
  return versions;
}

/** The newest version both sides know, or undefined (answer 406). */
export function negotiateConfigVersion(accept: string | undefined, supported: readonly number[] = CONFIG_SCHEMA_VERSIONS): number | undefined {
  const wanted = new Set(acceptedConfigVersions(accept));
  return [...supported].sort((a, b) => b - a).find((v) => wanted.has(v));
}

/** What a data plane makes of a document it was handed. */
export type ReadConfigDocument =
  /** `v1`: the document as read, when it was a v1 one (the compiler's REST view of it, unchanged). */
  | { kind: 'document'; schemaVersion: number; document: ConfigDocumentV2; v1?: ConfigDocument }
  | { kind: 'unsupported'; schemaVersion: unknown; revision: string | undefined }
  | { kind: 'invalid'; schemaVersion: number; revision: string | undefined; issues: string };

/**
 * Reads a document of any version this build knows, as v2 (a v1 document is lifted: same stages, same snapshots).
 * A document of another version is `unsupported` before anything else of it is looked at, so that nothing of it
 * is applied.
 */
export function readConfigDocument(body: unknown): ReadConfigDocument {
  const raw = (body ?? {}) as { schemaVersion?: unknown; revision?: unknown };
  const revision = typeof raw.revision === 'string' ? raw.revision : undefined;
  const schemaVersion = raw.schemaVersion;
  if (typeof schemaVersion !== 'number' || !CONFIG_SCHEMA_VERSIONS.includes(schemaVersion)) {
    return { kind: 'unsupported', schemaVersion, revision };
  }
  const parsed = schemaVersion === CONFIG_SCHEMA_VERSION ? configDocumentSchema.safeParse(body) : configDocumentV2Schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(document)'}: ${i.message}`)
      .join('; ');
    return { kind: 'invalid', schemaVersion, revision, issues };
  }
  if (parsed.data.schemaVersion === CONFIG_SCHEMA_VERSION) {
    return { kind: 'document', schemaVersion, document: liftConfigDocument(parsed.data), v1: parsed.data };
  }
  return { kind: 'document', schemaVersion, document: parsed.data };
}

/** A v1 document as v2: its stages grouped by REST API, each API with the deployments its stages serve. */
export function liftConfigDocument(doc: ConfigDocument): ConfigDocumentV2 {
  const { stages, deployments, httpApis, schemaVersion: _v1, ...account } = doc;
  const apis: Record<string, ApiConfig> = {};
  // A v1 standalone file may list HTTP API snapshots (`httpApis`): they become v2's HTTP entries.
  for (const snapshot of httpApis) {
    const api = (apis[snapshot.api.apiId] ??= { protocolType: 'HTTP', stages: [] });
    if (api.protocolType === 'HTTP') api.stages.push(snapshot);
  }
  for (const { restApiId, ...stage } of stages) {
    const entry = (apis[restApiId] ??= { protocolType: 'REST', stages: [], deployments: {} });
    if (entry.protocolType !== 'REST') continue;
    const api: RestApiConfig = entry;
    api.stages.push(stage);
    for (const id of [stage.deploymentId, stage.canarySettings?.deploymentId]) {
      const snapshot = id === undefined ? undefined : deployments[id];
      if (id !== undefined && snapshot) api.deployments[id] = snapshot;
    }
  }
  return { ...account, schemaVersion: CONFIG_SCHEMA_VERSION_V2, apis };
}

/**
 * The v1 rendering of a v2 document: what an old data plane reads, and the REST view the data plane's compiler
 * takes (stages in (API id, stage name) order, the deployments they and their canaries serve). A v1 stage carries
 * its optional canary, which older data planes strip and ignore; APIs of other protocol types are left out (an old data plane could not serve them). The revision is the caller's.
 */
export function restConfigDocument(doc: ConfigDocumentV2, revision: string = doc.revision): ConfigDocument {
  const { apis, schemaVersion: _v2, ...account } = doc;
  const stages: StageConfig[] = [];
  const deployments: Record<string, DeploymentSnapshot> = {};
  for (const apiId of Object.keys(apis).sort(compare)) {
    const api = apis[apiId]!;
    if (api.protocolType !== 'REST') continue;
    for (const stage of [...api.stages].sort((a, b) => compare(a.stageName, b.stageName))) {
      stages.push({ restApiId: apiId, ...stage });
      deployments[stage.deploymentId] ??= api.deployments[stage.deploymentId]!;
      if (stage.canarySettings) deployments[stage.canarySettings.deploymentId] ??= api.deployments[stage.canarySettings.deploymentId]!;
    }
  }
  return { ...account, schemaVersion: CONFIG_SCHEMA_VERSION, revision, stages, deployments, httpApis: [] };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
