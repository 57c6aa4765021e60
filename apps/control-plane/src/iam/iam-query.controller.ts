import { Controller, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { authorize, conditionContext, timeKeys } from '@portico/engine-policy';
import type { Database } from '@portico/db';
import type { FastifyReply } from 'fastify';
import type { AdminRequest } from '../common/admin-request.js';
import { DATABASE_RETRY_AFTER_SECONDS, DatabaseAvailability } from '../common/database-availability.js';
import { databaseUnavailableReason, isContentRejectedByDatabase } from '../common/database-errors.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../common/tokens.js';
import type { ControlPlaneConfig } from '../config.js';
import { writeTransaction } from '../common/write-transaction.js';
import { IamRepository } from './iam.repository.js';
import { STS_ACTIONS, stsHandlers } from '../sts/sts.handlers.js';
import { callerIdentityPolicies } from './iam-identity-policies.js';
import { groupHandlers, groupArn } from './iam-groups.handlers.js';
import { policyHandlers } from './iam-policies.handlers.js';
import { roleHandlers } from './iam-roles.handlers.js';
import { userHandlers } from './iam-users.handlers.js';
import { parseIamArn, policyArn, roleArn, userArn } from './iam-names.js';
import type { QueryCaller } from './query-caller.js';
import type { QueryContext, QueryHandlers } from './query-context.js';
import { QueryAuthenticator } from './query-authenticator.js';
import { IAM_NAMESPACE, QueryError, QueryParams, STS_NAMESPACE, accessDenied, renderError, renderResult } from './query-protocol.js';
import { SecretBox } from './secret-box.js';

const IAM_HANDLERS: QueryHandlers = { ...userHandlers, ...groupHandlers, ...policyHandlers, ...roleHandlers };

/**
 * IAM and STS query APIs on `POST /` (AWS serves them on their own hosts; Portico tells them apart by the
 * `Action` form field): what `@aws-sdk/client-iam`, `@aws-sdk/client-sts` and `aws iam|sts --endpoint-url` send.
 * Security: the global admin guard lets `POST /` through because this controller authenticates every call
 * itself (SigV4 for `iam`/`sts`, IAM principals' keys) and authorizes IAM actions against identity policies.
 */
@Controller()
export class IamQueryController {
  private readonly logger = new Logger('IamQueryController');
  private readonly box: SecretBox;
  private readonly authenticator: QueryAuthenticator;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    private readonly availability: DatabaseAvailability,
  ) {
    this.box = new SecretBox(config.masterKey);
    this.authenticator = new QueryAuthenticator(config, db.prisma, this.box);
  }

  @Post('/')
  async query(@Req() request: AdminRequest, @Res() reply: FastifyReply): Promise<void> {
    const requestId = String(reply.getHeader('x-amzn-RequestId') ?? '');
    const body = request.rawBody ?? Buffer.alloc(0);
    const params = QueryParams.parse(body.toString('utf8'));
    const action = params.get('Action') ?? '';
    const isSts = STS_ACTIONS.has(action);
    const namespace = isSts ? STS_NAMESPACE : IAM_NAMESPACE;
    try {
      const now = new Date();
      const caller = await this.authenticator.authenticate({ method: request.method, url: request.url, headers: request.headers, body }, isSts ? 'sts' : 'iam', now);
      const handler = isSts ? stsHandlers[action] : IAM_HANDLERS[action];
      if (!handler) throw new QueryError(400, 'InvalidAction', `Could not find operation ${action} for version ${params.get('Version') ?? ''}`);
      if (!isSts) await this.authorizeIamAction(caller, action, params);
      // One transaction per action: a refused action changes nothing, and what it changed reaches data planes.
      const result = await writeTransaction(this.db, (tx) => {
        const ctx: QueryContext = { params, caller, iam: new IamRepository(tx), box: this.box, now, region: this.config.region };
        return handler(ctx);
      });
      void reply.status(200).header('content-type', 'text/xml').send(renderResult(action, namespace, result, requestId));
    } catch (error) {
      let failure: QueryError;
      const unavailable = error instanceof QueryError ? undefined : databaseUnavailableReason(error);
      if (error instanceof QueryError) failure = error;
      else if (unavailable !== undefined) {
        // The database is down: IAM's own 503, logged once per outage (DatabaseAvailability), never a 500.
        this.availability.reportUnavailable(unavailable);
        failure = new QueryError(503, 'ServiceUnavailable', 'Service is unavailable. Please try again later.', 'Receiver');
        reply.header('Retry-After', String(DATABASE_RETRY_AFTER_SECONDS));
      } else if (isContentRejectedByDatabase(error)) {
        failure = new QueryError(400, 'ValidationError', 'Invalid request: a value is not valid for this parameter');
      } else {
        this.logger.error(`Unexpected error in ${action}`, error instanceof Error ? error.stack : String(error));
        failure = new QueryError(500, 'ServiceFailure', 'Request processing has failed due to an unknown error, exception or failure.', 'Receiver');
      }
      void reply.status(failure.status).header('content-type', 'text/xml').header('x-amzn-ErrorType', failure.code).send(renderError(failure, namespace, requestId));
    }
  }

  /**
   * Account roots (and the bootstrap admin) may do anything in their account; IAM users and role sessions need
   * an identity-policy Allow for `iam:{Action}` on the entity the call targets.
   */
  private async authorizeIamAction(caller: QueryCaller, action: string, params: QueryParams): Promise<void> {
    if (caller.caller.type === 'Account') return;
    const resource = targetArn(caller, params);
    const result = authorize({
      request: { caller: caller.caller, action: `iam:${action}`, resource, context: conditionContext(caller.caller, timeKeys(Date.now())) },
      identityPolicies: await callerIdentityPolicies(this.db.prisma, caller),
      resourceAccountId: caller.accountId,
    });
    if (result.decision.allowed) return;
    const reason = result.decision.explicitDeny ? 'with an explicit deny in an identity-based policy' : `because no identity-based policy allows the iam:${action} action`;
    throw accessDenied(`User: ${caller.caller.arn} is not authorized to perform: iam:${action} on resource: ${resource} ${reason}`);
  }
}

/** The entity ARN an IAM action targets (for identity-policy Resource matching); `*` when it targets none. */
function targetArn(caller: QueryCaller, params: QueryParams): string {
  const account = caller.accountId;
  const policy = params.get('PolicyArn');
  const userName = params.get('UserName');
  const roleName = params.get('RoleName');
  const policyName = params.get('PolicyName');
  const groupName = params.get('GroupName');
  if (groupName !== undefined) return groupArn(account, params.get('Path') ?? '/', groupName);
  if (userName !== undefined) return userArn(account, params.get('Path') ?? '/', userName);
  if (roleName !== undefined) return roleArn(account, params.get('Path') ?? '/', roleName);
  if (policy !== undefined && parseIamArn(policy, 'policy')) return policy;
  if (policyName !== undefined) return policyArn(account, params.get('Path') ?? '/', policyName);
  return caller.caller.username !== undefined ? caller.caller.arn : '*';
}
