import { validationError, type QueryParams, type XmlValue } from './query-protocol.js';

const DEFAULT_MAX_ITEMS = 100;

/**
 * IAM's list paging: `MaxItems` (1–1000, default 100) and the opaque `Marker` of the previous page. Returns the
 * list under `key` with `IsTruncated` and, when more remain, `Marker`. Lists are small and read whole; the marker
 * is the offset of the next item.
 */
export function page(params: QueryParams, key: string, items: XmlValue[]): Record<string, XmlValue> {
  const maxItems = params.integer('MaxItems') ?? DEFAULT_MAX_ITEMS;
  if (maxItems < 1 || maxItems > 1000) {
    throw validationError(`1 validation error detected: Value '${maxItems}' at 'maxItems' failed to satisfy constraint: Member must have value ${maxItems < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
  }
  const marker = params.get('Marker');
  let start = 0;
  if (marker !== undefined) {
    const decoded = Number(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!Number.isInteger(decoded) || decoded < 0) throw validationError('Invalid Marker');
    start = decoded;
  }
  const slice = items.slice(start, start + maxItems);
  const next = start + slice.length;
  const truncated = next < items.length;
  return { [key]: slice, IsTruncated: truncated, ...(truncated && { Marker: Buffer.from(String(next)).toString('base64url') }) };
}
