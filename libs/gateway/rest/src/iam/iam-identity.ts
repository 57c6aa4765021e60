/** `$context.identity.*` of an IAM-authenticated request, as AWS fills it. */
export interface IamIdentity {
  readonly accountId: string;
  readonly caller: string;
  readonly user: string;
  readonly userArn: string;
  readonly accessKey: string;
}
