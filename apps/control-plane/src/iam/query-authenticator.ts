import { verifySignature, type SigningCredential } from '@portico/engine-sigv4';
import type { PrismaClient } from '@portico/db';
import type { ControlPlaneConfig } from '../config.js';
import { rootCaller, sessionCaller, userCaller } from './iam-principals.js';
import type { QueryCaller } from './query-caller.js';
import { QueryError } from './query-protocol.js';
import type { SecretBox } from './secret-box.js';

export interface QueryRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

const CREDENTIAL = /Credential=([^/,\s]+)\/\d{8}\/([^/,\s]+)\//;
const QUERY_CREDENTIAL = /[?&]X-Amz-Credential=([^&%]+)(?:%2F|\/)\d{8}(?:%2F|\/)([^&%]+)(?:%2F|\/)/i;

/** What the verifier's failures are called on the query protocol (IAM/STS), with their HTTP status. */
const QUERY_ERRORS: Record<string, { status: number; code: string; message?: string }> = {
  MissingAuthenticationTokenException: { status: 403, code: 'MissingAuthenticationToken', message: 'Request is missing Authentication Token' },
  IncompleteSignatureException: { status: 400, code: 'IncompleteSignature' },
  InvalidSignatureException: { status: 403, code: 'SignatureDoesNotMatch' },
  UnrecognizedClientException: { status: 403, code: 'InvalidClientTokenId', message: 'The security token included in the request is invalid.' },
};

/** An access key as the store knows it: its signing secret, whose key it is, and when it stops working. */
export interface ResolvedKey {
  credential: SigningCredential;
  caller: QueryCaller;
  expiration: Date | null;
}

/**
 * Authenticates an IAM/STS query call: SigV4 for service `iam` or `sts`, in the configured region or us-east-1
 * (IAM is global and SDKs sign it for us-east-1). Keys are the bootstrap admin's (root of the default account)
 * or IAM access keys from the store, whose secrets are opened only here and only for the key being verified.
 * Security: inactive keys, keys of deleted users or roles and expired sessions do not authenticate.
 */
export class QueryAuthenticator {
  constructor(
    private readonly config: ControlPlaneConfig,
    private readonly prisma: PrismaClient,
    private readonly box: SecretBox,
  ) {}

  async authenticate(req: QueryRequest, service: 'iam' | 'sts', now: Date): Promise<QueryCaller> {
    const authorization = req.headers.authorization;
    const match = typeof authorization === 'string' ? CREDENTIAL.exec(authorization) : QUERY_CREDENTIAL.exec(req.url);
    const accessKeyId = match ? decodeURIComponent(match[1]) : undefined;
    const scopeRegion = match ? decodeURIComponent(match[2]) : undefined;
    const region = scopeRegion === 'us-east-1' ? 'us-east-1' : this.config.region;
    const resolved = accessKeyId === undefined ? undefined : await this.resolveKey(accessKeyId);

    const result = verifySignature(
      { method: req.method, url: req.url, headers: req.headers, body: req.body },
      { service, region, clockSkewMs: 15 * 60_000, now: () => now.getTime(), lookup: (id) => (id === accessKeyId ? resolved?.credential : undefined) },
    );
    if (!result.ok) {
      const mapped = QUERY_ERRORS[result.errorType] ?? { status: 403, code: result.errorType };
      throw new QueryError(mapped.status, mapped.code, mapped.message ?? result.message);
    }
    if (!resolved) throw new QueryError(403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (resolved.expiration && resolved.expiration.getTime() <= now.getTime()) {
      throw new QueryError(403, 'ExpiredToken', 'The security token included in the request is expired');
    }
    return resolved.caller;
  }

  /** Also used by the admin API's guard and console sign-in: the same keys authenticate every API. */
  async resolveKey(accessKeyId: string): Promise<ResolvedKey | undefined> {
    if (accessKeyId === this.config.adminAccessKeyId) {
      return {
        credential: { secretAccessKey: this.config.adminSecretAccessKey },
        caller: { accessKeyId, caller: rootCaller(this.config.accountId), accountId: this.config.accountId, bootstrapAdmin: true },
        expiration: null,
      };
    }
    const key = await this.prisma.iamAccessKey.findUnique({ where: { id: accessKeyId } });
    if (!key || key.status !== 'Active') return undefined;
    const credential: SigningCredential = { secretAccessKey: this.box.open(key.secretCiphertext), ...(key.sessionToken !== null && { sessionToken: key.sessionToken }) };
    const base = { accessKeyId, accountId: key.accountId, bootstrapAdmin: false };
    if (key.roleId !== null) {
      const role = await this.prisma.iamRole.findUnique({ where: { id: key.roleId } });
      if (!role || !key.roleSessionName) return undefined;
      return { credential, caller: { ...base, caller: sessionCaller(role, key.roleSessionName), roleKey: role.nameKey }, expiration: key.expiration };
    }
    if (key.userKey !== null) {
      const user = await this.prisma.iamUser.findUnique({ where: { accountId_nameKey: { accountId: key.accountId, nameKey: key.userKey } } });
      if (!user) return undefined;
      return { credential, caller: { ...base, caller: userCaller(user), userKey: user.nameKey }, expiration: null };
    }
    return { credential, caller: { ...base, caller: rootCaller(key.accountId) }, expiration: null };
  }
}
