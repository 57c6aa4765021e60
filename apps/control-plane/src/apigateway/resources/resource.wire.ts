import type { ResourceWire } from '@portico/admin-wire';
import type { Method, Resource } from '@portico/db';
import { toMethodWire, type FullMethod } from '../methods/method.wire.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { ResourceWire };

/**
 * Resource as AWS sends it; the root has no parentId/pathPart. `methods`: absent → no `resourceMethods`;
 * bare Method rows → `{"GET": {}}` (GetResources without embed); FullMethods → embedded Method objects.
 */
export function toResourceWire(row: Resource, methods?: readonly Method[] | readonly FullMethod[], embed = false): ResourceWire {
  const wire: ResourceWire = {
    id: row.id,
    ...(row.parentId !== null && { parentId: row.parentId }),
    ...(row.pathPart !== null && { pathPart: row.pathPart }),
    path: row.path,
  };
  if (methods && methods.length > 0) {
    wire.resourceMethods = Object.fromEntries(
      methods.map((m) => [m.httpMethod, embed && 'methodResponses' in m ? toMethodWire(m, m) : {}]),
    );
  }
  return wire;
}
