/** Where an invoke request is addressed: which API and stage, and the path below the stage. */
export interface InvokeTarget {
  /** Lower-case API id. */
  readonly apiId: string;
  /** Undefined when the URL names no stage (→ 403 Missing Authentication Token). */
  readonly stage: string | undefined;
  /** Raw path below the stage (`/pets/1`, `/`, or `` for the stage root). */
  readonly path: string;
  /** Raw query string without `?`. */
  readonly rawQuery: string;
  /** `$context.path`: `/{stage}{path}`, leading slashes collapsed. */
  readonly contextPath: string;
}

const EXECUTE_API = '.execute-api.';
const PATH_PREFIX = '/restapis/';
const USER_REQUEST = '_user_request_';

/**
 * Two URL forms (spec §2.1): `Host: {apiId}.execute-api.{anything}` with `/{stage}/{path}`, and
 * `/restapis/{apiId}/{stage}/_user_request_/{path}` (LocalStack's form, for hosts without wildcard DNS).
 * Private-API forms are understood too: `{apiId}-{vpceId}.execute-api.…` and the `x-apigw-api-id` header
 * (`apiIdHeader`) with `/{stage}/{path}`. The host label is case-insensitive; a `//` before or after the stage
 * collapses. Undefined: not an invoke URL.
 */
export function resolveInvokeTarget(host: string | undefined, url: string, apiIdHeader?: string): InvokeTarget | undefined {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  if (host) {
    const lower = host.toLowerCase();
    const at = lower.indexOf(EXECUTE_API);
    if (at > 0) {
      // API ids have no dash: `{apiId}-{vpceId}` is a private API reached through a VPC endpoint.
      const label = lower.slice(0, at);
      const dash = label.indexOf('-');
      return split(dash > 0 ? label.slice(0, dash) : label, rawPath, rawQuery);
    }
  }
  if (rawPath.startsWith(PATH_PREFIX)) {
    const rest = rawPath.slice(PATH_PREFIX.length);
    const slash = rest.indexOf('/');
    const apiId = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
    if (apiId === '') return undefined;
    if (slash < 0) return { apiId, stage: undefined, path: '', rawQuery, contextPath: '/' };
    const afterApi = rest.slice(slash + 1);
    const stageEnd = afterApi.indexOf('/');
    const stage = stageEnd < 0 ? afterApi : afterApi.slice(0, stageEnd);
    if (stage === '') return { apiId, stage: undefined, path: '', rawQuery, contextPath: '/' };
    const afterStage = stageEnd < 0 ? '' : afterApi.slice(stageEnd + 1);
    if (afterStage !== USER_REQUEST && !afterStage.startsWith(`${USER_REQUEST}/`)) return undefined;
    const path = afterStage.slice(USER_REQUEST.length);
    return { apiId, stage, path, rawQuery, contextPath: contextPath(stage, path) };
  }
  if (apiIdHeader) return split(apiIdHeader.toLowerCase(), rawPath, rawQuery);
  return undefined;
}

function split(apiId: string, rawPath: string, rawQuery: string): InvokeTarget {
  let start = 0;
  while (start < rawPath.length && rawPath.charCodeAt(start) === 47) start++;
  const slash = rawPath.indexOf('/', start);
  const stage = slash < 0 ? rawPath.slice(start) : rawPath.slice(start, slash);
  if (stage === '') return { apiId, stage: undefined, path: '', rawQuery, contextPath: '/' };
  const path = slash < 0 ? '' : rawPath.slice(slash);
  return { apiId, stage, path, rawQuery, contextPath: contextPath(stage, path) };
}

function contextPath(stage: string, path: string): string {
  let start = 0;
  while (start < path.length && path.charCodeAt(start) === 47) start++;
  return start === path.length ? `/${stage}${path.length > 0 ? '/' : ''}` : `/${stage}/${path.slice(start)}`;
}
