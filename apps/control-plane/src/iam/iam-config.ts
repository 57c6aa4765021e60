import type { IamConfig, IamCredentialConfig, IamPrincipalConfig } from '@portico/contracts';
import type { PrismaClient } from '@portico/db';
import { deriveSigningKey } from '@portico/engine-sigv4';
import type { Caller } from '@portico/engine-policy';
import type { ControlPlaneConfig } from '../config.js';
import { identityPolicyDocuments, rootCaller, sessionCaller, userCaller } from './iam-principals.js';
import { SecretBox } from './secret-box.js';

const DAY_MS = 86_400_000;
/** Expired sessions stay in the document this long, so that their requests get "expired", not "invalid". */
const EXPIRED_GRACE_MS = DAY_MS;

function dateStamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replace(/-/g, '');
}

/** yesterday, today and tomorrow (UTC): a request signed just before midnight, or by a clock a little ahead, verifies. */
export function signingDays(now: Date): string[] {
  const t = now.getTime();
  return [dateStamp(t - DAY_MS), dateStamp(t), dateStamp(t + DAY_MS)];
}

function principalConfig(caller: Caller, policies: string[]): IamPrincipalConfig {
  return {
    arn: caller.arn,
    principalArn: caller.principalArn,
    accountId: caller.accountId,
    userId: caller.userId,
    type: caller.type,
    ...(caller.username !== undefined && { username: caller.username }),
    tags: { ...caller.tags },
    policies,
  };
}

/**
 * The IAM part of the data plane's config document: every usable access key (the bootstrap admin's, IAM users'
 * and roots' active keys, unexpired sessions) with execute-api signing keys for the days around `now`, its
 * principal with identity policies, and the VPC endpoints. Secrets are opened here only to derive those keys.
 */
export async function loadIamConfig(prisma: PrismaClient, config: Pick<ControlPlaneConfig, 'region' | 'accountId' | 'adminAccessKeyId' | 'adminSecretAccessKey' | 'masterKey'>, now: Date): Promise<IamConfig> {
  const box = new SecretBox(config.masterKey);
  const days = signingDays(now);
  const principals: Record<string, IamPrincipalConfig> = {};
  const credentials: IamCredentialConfig[] = [];
  const signingKeys = (secret: string) => Object.fromEntries(days.map((day) => [day, deriveSigningKey(secret, day, config.region, 'execute-api').toString('hex')]));

  const admin = rootCaller(config.accountId);
  principals[admin.arn] = principalConfig(admin, []);
  credentials.push({ accessKeyId: config.adminAccessKeyId, principal: admin.arn, signingKeys: signingKeys(config.adminSecretAccessKey) });

  const keys = await prisma.iamAccessKey.findMany({
    where: { status: 'Active', OR: [{ expiration: null }, { expiration: { gt: new Date(now.getTime() - EXPIRED_GRACE_MS) } }] },
    orderBy: { id: 'asc' },
  });
  const [users, roles] = await Promise.all([prisma.iamUser.findMany(), prisma.iamRole.findMany()]);
  const userByKey = new Map(users.map((u) => [`${u.accountId}/${u.nameKey}`, u]));
  const roleById = new Map(roles.map((r) => [r.id, r]));

  for (const key of keys) {
    let caller: Caller;
    let policies: () => Promise<string[]>;
    if (key.roleId !== null) {
      const role = roleById.get(key.roleId);
      if (!role || !key.roleSessionName) continue;
      caller = sessionCaller(role, key.roleSessionName);
      policies = () => identityPolicyDocuments(prisma, role.accountId, 'role', role.nameKey);
    } else if (key.userKey !== null) {
      const user = userByKey.get(`${key.accountId}/${key.userKey}`);
      if (!user) continue;
      caller = userCaller(user);
      policies = () => identityPolicyDocuments(prisma, user.accountId, 'user', user.nameKey);
    } else {
      caller = rootCaller(key.accountId);
      policies = async () => [];
    }
    principals[caller.arn] ??= principalConfig(caller, await policies());
    credentials.push({
      accessKeyId: key.id,
      principal: caller.arn,
      signingKeys: signingKeys(box.open(key.secretCiphertext)),
      ...(key.sessionToken !== null && { sessionToken: key.sessionToken }),
      ...(key.expiration !== null && { expiration: Math.floor(key.expiration.getTime() / 1000) }),
    });
  }

  const endpoints = await prisma.vpcEndpoint.findMany({ orderBy: { id: 'asc' } });
  return { principals, credentials, vpcEndpoints: endpoints.map((e) => ({ id: e.id, vpcId: e.vpcId, cidrs: e.cidrs })) };
}
