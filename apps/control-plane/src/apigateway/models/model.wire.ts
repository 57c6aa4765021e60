import type { Model } from '@portico/db';

export interface ModelWire {
  id: string;
  name: string;
  contentType: string;
  schema?: string;
  description?: string;
}

export function toModelWire(row: Model): ModelWire {
  return {
    id: row.id,
    name: row.name,
    contentType: row.contentType,
    ...(row.schema !== null && { schema: row.schema }),
    ...(row.description !== null && { description: row.description }),
  };
}
