import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { AdminError, adminErrorStatus, type AdminErrorType } from '@portico/contracts';
import { verifySignature } from '@portico/engine-sigv4';
import type { ControlPlaneConfig } from '../../config.js';
import type { AdminRequest } from '../../common/admin-request.js';
import { AwsError } from '../../common/aws-error.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';

/** Routes that do not speak the AWS protocol: health probes (unauthenticated) and the data-plane API (bearer token). */
const UNSIGNED_PREFIXES = ['/health/', '/internal/'];

/**
 * Every admin request must carry a valid SigV4 signature for service `apigateway` in the configured region,
 * made with the bootstrap admin credential. Security: this guard is global, so a new controller is protected
 * by default; only the prefixes above are exempt and they carry their own protection.
 */
@Injectable()
export class SigV4AdminGuard implements CanActivate {
  constructor(@Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const url = request.url;
    const path = url.split('?')[0];
    if (UNSIGNED_PREFIXES.some((prefix) => path.startsWith(prefix))) return true;
    // IAM/STS query APIs (`POST /`, form field Action): IamQueryController verifies SigV4 for service iam/sts
    // against the bootstrap admin and IAM principals' keys, and authorizes each action itself.
    if (request.method === 'POST' && path === '/') return true;

    const result = verifySignature(
      { method: request.method, url, headers: request.headers, body: request.rawBody ?? '' },
      {
        service: 'apigateway',
        region: this.config.region,
        clockSkewMs: this.config.adminClockSkewMs,
        lookup: (accessKeyId: string) =>
          accessKeyId === this.config.adminAccessKeyId ? { secretAccessKey: this.config.adminSecretAccessKey, principal: 'admin' } : undefined,
      },
    );
    if (result.ok) return true;
    const type: string = result.errorType;
    if (type in adminErrorStatus) throw new AdminError(type as AdminErrorType, result.message);
    throw new AwsError(403, type, result.message);
  }
}
