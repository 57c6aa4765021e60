/** Where an API lives, to expand `execute-api:/…` shorthands and to build method ARNs. */
export interface ExecuteApiScope {
  readonly region: string;
  readonly accountId: string;
  readonly apiId: string;
}

const SHORTHAND = 'execute-api:/';

/**
 * Expands API Gateway's resource-policy shorthand: `execute-api:/{stage}/{VERB}/{path}` stands for
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` (`execute-api:/*` for the whole API).
 */
export function expandExecuteApiResource(resource: string, scope: ExecuteApiScope): string {
  if (!resource.startsWith(SHORTHAND)) return resource;
  return `arn:aws:execute-api:${scope.region}:${scope.accountId}:${scope.apiId}/${resource.slice(SHORTHAND.length)}`;
}

/**
 * The method ARN that policies are evaluated against: the request's own path without the stage (spec §3.1),
 * the real verb for ANY methods; the root path gives `…/{stage}/{VERB}/`.
 */
export function methodArn(scope: ExecuteApiScope, stage: string, verb: string, path: string): string {
  const rest = path.startsWith('/') ? path.slice(1) : path;
  return `arn:aws:execute-api:${scope.region}:${scope.accountId}:${scope.apiId}/${stage}/${verb}/${rest}`;
}

/** AWS masks the account id in the ARN it quotes in an AccessDenied message: `********1234`. */
export function maskAccountInArn(arn: string): string {
  return arn.replace(/^(arn:[^:]*:[^:]*:[^:]*:)(\d{8})(\d{4}):/, (_m, head: string, _masked: string, last4: string) => `${head}********${last4}:`);
}
