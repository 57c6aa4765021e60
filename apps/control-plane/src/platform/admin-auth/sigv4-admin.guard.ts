import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AdminError, adminErrorStatus, type AdminErrorType } from '@portico/contracts';
import type { Database } from '@portico/db';
import { verifySignature } from '@portico/engine-sigv4';
import type { ControlPlaneConfig } from '../../config.js';
import { callerIdentityPolicies } from '../../iam/iam-identity-policies.js';
import { QueryAuthenticator, type ResolvedKey } from '../../iam/query-authenticator.js';
import { SecretBox } from '../../iam/secret-box.js';
import { authorizeAdminCall } from './admin-authorization.js';
import { ADMIN_PRINCIPAL, type AdminPrincipal, type WithAdminPrincipal } from './admin-principal.js';
import { ConsoleSessionGuard } from './console-session.guard.js';
import type { AdminRequest } from '../../common/admin-request.js';
import { AwsError } from '../../common/aws-error.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';

/** Routes that do not speak the AWS protocol: health probes (unauthenticated) and the data-plane API (bearer token). */
const UNSIGNED_PREFIXES = ['/health/', '/internal/'];
/** Console sign-in authenticates with the key pair in its body (and hands out the bearer token the rest uses). */
const SIGN_IN_PATH = '/portico/console/sessions';

const CREDENTIAL = /Credential=([^/,\s]+)\//;
const QUERY_CREDENTIAL = /[?&]X-Amz-Credential=([^&%/]+)/i;

/**
 * Authenticates every admin request, then authorizes it. Authentication: a SigV4 signature for service
 * `apigateway` in the configured region made with any access key the store knows (bootstrap admin, account roots,
 * IAM users, STS sessions), or a console session token (`Authorization: Bearer`, through passport-jwt).
 * Authorization: `apigateway:{method}` on the path's ARN by the caller's identity policies (admin-authorization.ts);
 * Portico's own `/portico/*` administration is for account roots only, accounts for the bootstrap admin.
 * Security: this guard is global, so a new controller is protected by default; only the prefixes above are exempt
 * and they carry their own protection.
 */
@Injectable()
export class SigV4AdminGuard implements CanActivate {
  private readonly authenticator: QueryAuthenticator;

  constructor(
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
    @Inject(DATABASE) private readonly db: Database,
    private readonly sessions: ConsoleSessionGuard,
  ) {
    this.authenticator = new QueryAuthenticator(config, db.prisma, new SecretBox(config.masterKey));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest & WithAdminPrincipal & { user?: AdminPrincipal }>();
    const url = request.url;
    const path = url.split('?')[0];
    if (UNSIGNED_PREFIXES.some((prefix) => path.startsWith(prefix))) return true;
    // IAM/STS query APIs (`POST /`, form field Action): IamQueryController verifies SigV4 for service iam/sts
    // against the bootstrap admin and IAM principals' keys, and authorizes each action itself.
    if (request.method === 'POST' && path === '/') return true;
    if (request.method === 'POST' && path === SIGN_IN_PATH) return true;

    const authorization = request.headers.authorization;
    let principal: AdminPrincipal;
    if (typeof authorization === 'string' && /^Bearer /i.test(authorization)) {
      await this.sessions.canActivate(context);
      if (!request.user) throw new AwsError(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');
      principal = request.user;
    } else {
      principal = await this.verifySigV4(request);
    }
    request[ADMIN_PRINCIPAL] = principal;
    await this.authorize(principal, request.method, path);
    return true;
  }

  private async verifySigV4(request: AdminRequest): Promise<AdminPrincipal> {
    const url = request.url;
    const authorization = request.headers.authorization;
    const match = typeof authorization === 'string' ? CREDENTIAL.exec(authorization) : QUERY_CREDENTIAL.exec(url);
    const accessKeyId = match?.[1];
    const resolved: ResolvedKey | undefined = accessKeyId !== undefined && accessKeyId.length <= 128 ? await this.authenticator.resolveKey(accessKeyId) : undefined;
    const result = verifySignature(
      { method: request.method, url, headers: request.headers, body: request.rawBody ?? '' },
      {
        service: 'apigateway',
        region: this.config.region,
        clockSkewMs: this.config.adminClockSkewMs,
        lookup: (id: string) => (id === accessKeyId && resolved ? { ...resolved.credential, principal: resolved.caller.caller.arn } : undefined),
      },
    );
    if (!result.ok) {
      const type: string = result.errorType;
      if (type in adminErrorStatus) throw new AdminError(type as AdminErrorType, result.message);
      throw new AwsError(403, type, result.message);
    }
    if (!resolved) throw new AdminError('UnrecognizedClientException', 'The security token included in the request is invalid.');
    if (resolved.expiration && resolved.expiration.getTime() <= Date.now()) {
      throw new AwsError(403, 'ExpiredTokenException', 'The security token included in the request is expired');
    }
    return resolved.caller;
  }

  private async authorize(principal: AdminPrincipal, method: string, path: string): Promise<void> {
    if (path.startsWith('/portico/')) {
      // Portico's own administration: the console's session endpoints serve whoever holds the session; the rest is
      // for account roots of the served account, and accounts for the bootstrap admin only.
      // Traffic of a stage is read like the stage itself: apigateway:GET on its ARN.
      const traffic = /^\/portico\/console\/traffic\/([^/]+)\/([^/]+)$/.exec(path);
      if (traffic) {
        authorizeAdminCall({
          principal,
          method: 'GET',
          path: `/restapis/${traffic[1]}/stages/${traffic[2]}`,
          region: this.config.region,
          accountId: this.config.accountId,
          identityPolicies: await callerIdentityPolicies(this.db.prisma, principal),
          now: Date.now(),
        });
        return;
      }
      if (path.startsWith('/portico/console/')) return;
      const root = principal.caller.type === 'Account' && principal.accountId === this.config.accountId;
      if (path.startsWith('/portico/accounts') ? principal.bootstrapAdmin : root) return;
      throw new AdminError('AccessDeniedException', `User: ${principal.caller.arn} is not authorized to perform: portico:${method} on resource: ${path}`);
    }
    authorizeAdminCall({
      principal,
      method,
      path,
      region: this.config.region,
      accountId: this.config.accountId,
      identityPolicies: await callerIdentityPolicies(this.db.prisma, principal),
      now: Date.now(),
    });
  }
}
