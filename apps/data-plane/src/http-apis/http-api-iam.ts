import type { IamConfig } from '@portico/contracts';
import { authorize, conditionContext, EMPTY_CONTEXT, timeKeys } from '@portico/engine-policy';
import { verifySignature } from '@portico/engine-sigv4';
import type { IamCheck } from '@portico/gateway-http';
import { IamDirectory, type IamCredential } from '@portico/gateway-rest';

/**
 * AWS_IAM routes of HTTP APIs (spec §8.3): the REST path's SigV4 verifier (service `execute-api`) against the
 * config's IAM principals, then engine-policy's authorization table for `execute-api:Invoke` on the route ARN.
 * HTTP APIs have no resource policies, so the caller's identity policies alone decide (same account). A bad or
 * missing signature is 403 as on REST; a caller whose policies do not allow the route is 403 Forbidden.
 */
export function compileHttpApiIam(config: IamConfig, region: string, accountId: string, clockSkewMs: number, warnings: string[]): IamCheck {
  const directory = IamDirectory.compile(config, region, warnings);
  const verifyOptions = { service: 'execute-api', region, clockSkewMs, now: Date.now, lookup: directory.lookup };
  return async (req, request, routeArn) => {
    const result = verifySignature({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: request.body }, verifyOptions);
    if (!result.ok) return { ok: false, status: 403, message: 'Forbidden' };
    const credential = result.credential as IamCredential;
    if (credential.expiresAt !== undefined && credential.expiresAt <= Date.now()) return { ok: false, status: 403, message: 'Forbidden' };
    const principal = credential.principal;
    const caller = principal.caller;
    const context = principal.usesContext ? conditionContext(caller, { ...timeKeys(Date.now()), 'aws:SourceIp': request.sourceIp }) : EMPTY_CONTEXT;
    const { decision } = authorize({
      request: { caller, action: 'execute-api:Invoke', resource: routeArn, context },
      identityPolicies: principal.policies,
      resourceAccountId: accountId,
    });
    if (!decision.allowed) return { ok: false, status: 403, message: 'Forbidden' };
    // `requestContext.authorizer.iam` of payload 2.0 (spec §8.3, AWS sample apigw-v2-request-iam.json).
    return {
      ok: true,
      identity: {
        accessKey: result.accessKeyId,
        accountId: caller.accountId,
        callerId: caller.userId,
        cognitoIdentity: null,
        principalOrgId: null,
        userArn: caller.arn,
        userId: caller.userId,
      },
    };
  };
}
