import type { V2VpcLink } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';
import { targetsOfTag } from '../../apigateway/vpc-links/vpc-link-targets.js';
import { isoTimestamp } from '../v2-wire.js';

/** The v2 `VpcLink` on the wire (spec §1.3). */
export interface V2VpcLinkWire {
  createdDate: string;
  name: string;
  securityGroupIds: string[];
  subnetIds: string[];
  tags: Record<string, string>;
  vpcLinkId: string;
  vpcLinkStatus: 'PENDING' | 'AVAILABLE' | 'DELETING' | 'FAILED' | 'INACTIVE';
  vpcLinkStatusMessage: string;
  vpcLinkVersion: 'V2';
}

/** The link's targets, from its `portico:targets` tag (Portico has no subnets to place ENIs in: README "VPC links"). */
export function v2LinkTargets(row: Pick<V2VpcLink, 'id' | 'tags'>): ReturnType<typeof targetsOfTag> {
  return targetsOfTag(jsonRecord<string>(row.tags), `The VPC link ${row.id} has no targets`);
}

/**
 * VpcLink as AWS sends it, with AWS's status messages. CreateVpcLink answers PENDING as AWS does; from then on the
 * link is AVAILABLE while its targets resolve (Portico provisions nothing, so at once) and FAILED, saying why,
 * while they do not (Terraform's waiter then fails the apply rather than leaving a link that reaches nothing).
 */
export function toV2VpcLinkWire(row: V2VpcLink, pending = false): V2VpcLinkWire {
  const resolved = v2LinkTargets(row);
  const status = pending
    ? { vpcLinkStatus: 'PENDING' as const, vpcLinkStatusMessage: 'VPC link is provisioning ENIs' }
    : resolved.ok
      ? { vpcLinkStatus: 'AVAILABLE' as const, vpcLinkStatusMessage: 'VPC link is ready to route traffic' }
      : { vpcLinkStatus: 'FAILED' as const, vpcLinkStatusMessage: resolved.message };
  return {
    createdDate: isoTimestamp(row.createdDate),
    name: row.name,
    securityGroupIds: row.securityGroupIds,
    subnetIds: row.subnetIds,
    tags: jsonRecord<string>(row.tags),
    vpcLinkId: row.id,
    ...status,
    vpcLinkVersion: 'V2',
  };
}
