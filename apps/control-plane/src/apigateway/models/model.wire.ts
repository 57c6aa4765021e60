import type { ModelWire } from '@portico/admin-wire';
import type { Model } from '@portico/db';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { ModelWire };

export function toModelWire(row: Model): ModelWire {
  return {
    id: row.id,
    name: row.name,
    contentType: row.contentType,
    ...(row.schema !== null && { schema: row.schema }),
    ...(row.description !== null && { description: row.description }),
  };
}
