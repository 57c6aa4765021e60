import { badRequest } from '@portico/contracts';

/** One row of an ImportApiKeys CSV file. */
export interface ImportedKey {
  line: number;
  name?: string;
  value?: string;
  description?: string;
  enabled: boolean;
  usagePlanIds: string[];
}

/**
 * Parses ImportApiKeys' CSV (format=csv): a header row naming the columns, case-insensitively — `Key` (the
 * value; `Value` accepted too), `Name`, `Description`, `Enabled`, `UsagePlanIds` (`;`-separated, or quoted with
 * commas) — then one key per row. Quoted fields may hold commas and doubled quotes.
 */
export function parseApiKeysCsv(text: string): ImportedKey[] {
  const rows = parseCsv(text.replace(/^\uFEFF/, '')).filter((r) => r.some((cell) => cell.trim() !== ''));
  if (rows.length === 0) throw badRequest('Invalid API Key import file: no header row');
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const column = (...names: string[]) => header.findIndex((h) => names.includes(h));
  const key = column('key', 'value');
  const name = column('name');
  const description = column('description');
  const enabled = column('enabled');
  const plans = column('usageplanids', 'usageplanid');
  if (key === -1 && name === -1) throw badRequest('Invalid API Key import file: the header must name a Key or Name column');
  return rows.slice(1).map((row, i) => {
    const cell = (index: number) => (index === -1 ? undefined : row[index]?.trim() || undefined);
    // The key is taken as written, not trimmed: whitespace in it is refused (a line warning) like in CreateApiKey,
    // instead of storing a value other than the one in the file.
    const raw = key === -1 ? undefined : row[key];
    return {
      line: i + 2,
      value: raw === undefined || raw.trim() === '' ? undefined : raw,
      name: cell(name),
      description: cell(description),
      enabled: cell(enabled)?.toLowerCase() === 'true',
      usagePlanIds: (cell(plans) ?? '').split(/[;,]/).map((p) => p.trim()).filter((p) => p !== ''),
    };
  });
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
