import type { PoolLease } from './origin-pools.js';
import type { VpcLinkDirectory } from './vpc-link.js';

/** What compiling one method's integration needs besides the integration itself. */
export interface IntegrationCompileContext {
  readonly apiId: string;
  /** The stage's variables; integrations are compiled per stage, so they are constants here. */
  readonly stageVariables: Readonly<Record<string, string>>;
  /** Pools this config uses, released together when the config is replaced. */
  readonly lease: PoolLease;
  /** Payload limit for bodies of unknown length, counted while they stream. */
  readonly maxBodyBytes: number;
  /** The VPC links `VPC_LINK` integrations reach their targets through; without it such integrations are refused. */
  readonly vpcLinks?: VpcLinkDirectory;
  /** The API's binaryMediaTypes (a request body of such a type is binary: CONVERT_TO_TEXT base64-encodes it). */
  readonly binaryMediaTypes?: { matches(contentType: string | undefined): boolean };
}
