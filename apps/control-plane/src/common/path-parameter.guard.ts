import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import type { ControlPlaneConfig } from '../config.js';
import type { AdminRequest } from './admin-request.js';
import { CONTROL_PLANE_CONFIG } from './tokens.js';
import { ADMIN_ERRORS } from './admin-errors.js';

/** Ids Portico generates (spec §1.6: 6 or 10 lower-case alphanumerics); a little slack, never control characters. */
const GENERATED_ID = /^[A-Za-z0-9]{1,64}$/;
/** AWS's stage-name rule (as CreateStage enforces it); `$default` is an HTTP API's stage name (spec §2). */
const STAGE_NAME = /^(?:\$default|[A-Za-z0-9_-]{1,128})$/;
const HTTP_METHOD = /^[A-Za-z]{1,16}$/;
/** Other parameters (response types, status codes, account and VPC endpoint ids) are validated by their services. */
const ANY_PRINTABLE = /^[^\p{Cc}]{1,256}$/u;

interface ParameterRule {
  pattern: RegExp;
  /** The error AWS gives for an id that does not exist; a malformed id cannot exist. */
  error(value: string, accountId: string): Error;
}

const RULES: Record<string, ParameterRule> = {
  restApiId: { pattern: GENERATED_ID, error: (id, accountId) => notFound(ADMIN_ERRORS.restApiNotFound(accountId, id)) },
  resourceId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.resourceNotFound) },
  parentId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.resourceNotFound) },
  httpMethod: { pattern: HTTP_METHOD, error: () => notFound(ADMIN_ERRORS.methodNotFound) },
  deploymentId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.deploymentNotFound) },
  stageName: { pattern: STAGE_NAME, error: () => notFound(ADMIN_ERRORS.stageNotFound) },
  authorizerId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.authorizerNotFound) },
  apiKeyId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.apiKeyNotFound) },
  usagePlanId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.usagePlanNotFound) },
  keyId: { pattern: GENERATED_ID, error: () => notFound(ADMIN_ERRORS.usagePlanKeyNotFound) },
  accountId: { pattern: ANY_PRINTABLE, error: (id) => notFound(ADMIN_ERRORS.accountNotFound(id)) },
  vpcEndpointId: { pattern: ANY_PRINTABLE, error: (id) => notFound(ADMIN_ERRORS.vpcEndpointNotFound(id)) },
  apiId: { pattern: GENERATED_ID, error: (id, accountId) => notFound(`Invalid API identifier specified ${accountId}:${id}`) },
  routeId: { pattern: GENERATED_ID, error: (id, accountId) => notFound(`Invalid Route identifier specified ${accountId}:${id}`) },
  integrationId: { pattern: GENERATED_ID, error: (id, accountId) => notFound(`Invalid Integration identifier specified ${accountId}:${id}`) },
};
const DEFAULT_RULE: ParameterRule = { pattern: ANY_PRINTABLE, error: (value) => badRequest(`Invalid path parameter specified: ${value}`) };

/**
 * Path parameters and query values are checked before any service (and so before PostgreSQL) sees them: an id
 * with a NUL byte or 5,000 characters is simply an id that cannot exist, answered with the 404 AWS gives for
 * an unknown id instead of a database error. Parameters are checked in the order of the route (the API before
 * the resource), so the first unknown id is the one reported, as AWS does. Runs after the SigV4 guard: an
 * unsigned request is refused for its signature first.
 */
@Injectable()
export class PathParameterGuard implements CanActivate {
  constructor(@Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (typeof value !== 'string') continue;
      const rule = RULES[name] ?? DEFAULT_RULE;
      if (!rule.pattern.test(value)) throw rule.error(value, this.config.accountId);
    }
    const query = (request.query ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(query)) {
      // PostgreSQL text cannot hold NUL; every other character is the service's to judge.
      for (const item of Array.isArray(value) ? value : [value]) {
        if (typeof item === 'string' && item.includes('\u0000')) throw badRequest(`Invalid value specified for query parameter ${name}`);
      }
    }
    return true;
  }
}
