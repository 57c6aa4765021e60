import type { V2ModelWire } from '@portico/admin-wire';
import type { V2Model } from '@portico/db';
import { compact } from '../v2-wire.js';

/** AWS's `Model` (apigatewayv2) on the wire. */
export function toModelWire(row: V2Model): V2ModelWire {
  return compact({
    contentType: row.contentType ?? undefined,
    description: row.description ?? undefined,
    modelId: row.id,
    name: row.name,
    schema: row.schema,
  });
}
