import { z } from 'zod';

/**
 * What the data plane needs to serve AWS_IAM methods, resource policies and private APIs (issue 5). It never
 * holds a secret access key: each credential carries only per-day SigV4 signing keys (kSigning) scoped to
 * `execute-api` in the document's region, for yesterday, today and tomorrow (UTC), so a leaked config cannot sign
 * for any other service, region or day.
 */
export const iamPrincipalConfigSchema = z.object({
  arn: z.string(),
  /** aws:PrincipalArn: the user's or root's ARN, or the role's ARN for an assumed-role session. */
  principalArn: z.string(),
  accountId: z.string(),
  /** aws:userid: AIDA… for users, `{roleId}:{session}` for sessions, the account id for a root. */
  userId: z.string(),
  type: z.enum(['User', 'AssumedRole', 'Account']),
  username: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  /** Identity-based policy documents (JSON text: inline and attached), compiled once per revision. */
  policies: z.array(z.string()).default([]),
});
export type IamPrincipalConfig = z.infer<typeof iamPrincipalConfigSchema>;

export const iamCredentialConfigSchema = z.object({
  accessKeyId: z.string(),
  /** Key into `iam.principals` (the principal's ARN). */
  principal: z.string(),
  /** kSigning as hex, by UTC date stamp `YYYYMMDD`. */
  signingKeys: z.record(z.string(), z.string()),
  /** Temporary credentials: the X-Amz-Security-Token the request must carry, and when it expires (epoch s). */
  sessionToken: z.string().optional(),
  expiration: z.number().int().optional(),
});
export type IamCredentialConfig = z.infer<typeof iamCredentialConfigSchema>;

/** A Portico "VPC endpoint": a named network source that private APIs admit (`aws:SourceVpce`, `aws:SourceVpc`). */
export const vpcEndpointConfigSchema = z.object({
  id: z.string(),
  vpcId: z.string(),
  cidrs: z.array(z.string()),
});
export type VpcEndpointConfig = z.infer<typeof vpcEndpointConfigSchema>;

export const iamConfigSchema = z.object({
  principals: z.record(z.string(), iamPrincipalConfigSchema).default({}),
  credentials: z.array(iamCredentialConfigSchema).default([]),
  vpcEndpoints: z.array(vpcEndpointConfigSchema).default([]),
});
export type IamConfig = z.infer<typeof iamConfigSchema>;

export const EMPTY_IAM_CONFIG: IamConfig = { principals: {}, credentials: [], vpcEndpoints: [] };
