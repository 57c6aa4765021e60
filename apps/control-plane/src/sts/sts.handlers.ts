import { authorize, compilePolicy, conditionContext, parsePolicy, timeKeys } from '@portico/engine-policy';
import { newIamId, newSecretAccessKey, newSessionToken } from '../iam/iam-ids.js';
import { callerIdentityPolicies } from '../iam/iam-identity-policies.js';
import { assumedRoleArn, nameKey, parseIamArn } from '../iam/iam-names.js';
import type { QueryHandlers } from '../iam/query-context.js';
import { accessDenied, validationError } from '../iam/query-protocol.js';

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const MIN_DURATION_SECONDS = 900;

/** STS actions Portico serves (signed for service `sts`, namespace 2011-06-15). */
export const STS_ACTIONS = new Set(['GetCallerIdentity', 'AssumeRole']);

export const stsHandlers: QueryHandlers = {
  async GetCallerIdentity(ctx) {
    const { caller } = ctx.caller;
    return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
  },

  /**
   * Issues temporary credentials for a role. Authorization is IAM's: the role's trust policy acts as the
   * resource policy (resource = the role's ARN, action sts:AssumeRole) and the caller's identity policies as the
   * identity side; same account, either may allow; cross account, both must.
   */
  async AssumeRole(ctx) {
    const roleArnParam = ctx.params.required('RoleArn');
    const sessionName = ctx.params.required('RoleSessionName');
    if (!SESSION_NAME.test(sessionName)) {
      throw validationError(`1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    }
    if (ctx.params.get('Policy') !== undefined || ctx.params.list('PolicyArns').length > 0 || ctx.params.members('PolicyArns').length > 0) {
      // Session policies would narrow the session's permissions; ignoring them would silently widen them.
      throw validationError('Session policies (Policy, PolicyArns) are not supported by this Portico server.');
    }
    const parsedArn = parseIamArn(roleArnParam, 'role');
    const denied = () => accessDenied(`User: ${ctx.caller.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArnParam}`);
    if (!parsedArn || parsedArn.accountId === 'aws') throw validationError(`${roleArnParam} is invalid`);
    const role = await ctx.iam.findRole(parsedArn.accountId, nameKey(parsedArn.name));
    // A missing role is reported like a refusal, as STS does: callers cannot probe other accounts' roles.
    if (!role || role.path !== parsedArn.path) throw denied();

    const duration = ctx.params.integer('DurationSeconds') ?? 3600;
    if (duration < MIN_DURATION_SECONDS) {
      throw validationError(`1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to ${MIN_DURATION_SECONDS}`);
    }
    if (duration > role.maxSessionDuration) throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.');

    const trust = parsePolicy(role.assumeRolePolicyDocument, 'trust');
    if (!trust.ok) throw denied();
    const request = {
      caller: ctx.caller.caller,
      action: 'sts:AssumeRole',
      resource: roleArnParam,
      context: conditionContext(ctx.caller.caller, timeKeys(ctx.now.getTime())),
    };
    const result = authorize({ request, resourcePolicy: compilePolicy(trust.policy), identityPolicies: await callerIdentityPolicies(ctx.iam.client, ctx.caller), resourceAccountId: role.accountId });
    // The trust policy must always be satisfied: AWS never lets an identity policy alone assume a role.
    if (!result.decision.allowed || result.resource === 'NoMatch') throw denied();

    // Housekeeping: sessions expired for a day are no longer in any data plane's config; drop their rows.
    await ctx.iam.deleteSessionsExpiredBefore(new Date(ctx.now.getTime() - 86_400_000));
    const secret = newSecretAccessKey();
    const sessionToken = newSessionToken();
    const expiration = new Date(Math.floor(ctx.now.getTime() / 1000) * 1000 + duration * 1000);
    const key = await ctx.iam.createAccessKey({
      id: newIamId('ASIA'),
      accountId: role.accountId,
      userKey: null,
      secretCiphertext: ctx.box.seal(secret),
      status: 'Active',
      createdDate: ctx.now,
      sessionToken,
      expiration,
      roleId: role.id,
      roleSessionName: sessionName,
    });
    return {
      Credentials: { AccessKeyId: key.id, SecretAccessKey: secret, SessionToken: sessionToken, Expiration: expiration },
      AssumedRoleUser: { AssumedRoleId: `${role.id}:${sessionName}`, Arn: assumedRoleArn(role.accountId, role.name, sessionName) },
      PackedPolicySize: 0,
    };
  },
};
