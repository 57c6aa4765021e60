import type { VpcLinkWire } from '@portico/admin-wire';
import type { VpcLink } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';
import { resolveTargets } from './vpc-link-targets.js';

// The wire shape lives in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { VpcLinkWire };

/**
 * VpcLink as AWS sends it. A link is AVAILABLE once its targets resolve (Portico provisions nothing, so that is at
 * once) and FAILED, saying why, while they do not; CreateVpcLink's own answer says PENDING, as AWS's 202 does.
 * Whether each target is up is the data planes' health checks' business, not the link's status (as on AWS).
 */
export function toVpcLinkWire(row: VpcLink, pending = false): VpcLinkWire {
  const tags = jsonRecord<string>(row.tags);
  const resolved = resolveTargets(row.targetArns, tags);
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null && { description: row.description }),
    targetArns: row.targetArns,
    ...(pending
      ? { status: 'PENDING' as const }
      : resolved.ok
        ? { status: 'AVAILABLE' as const, statusMessage: 'Your vpc link is ready for use' }
        : { status: 'FAILED' as const, statusMessage: resolved.message }),
    tags,
  };
}
