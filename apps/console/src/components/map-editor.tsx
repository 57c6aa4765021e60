import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';

export type MapRows<V> = { key: string; value: V }[];

export const rowsOf = <V,>(map: Record<string, V> | undefined): MapRows<V> => Object.entries(map ?? {}).map(([key, value]) => ({ key, value }));
export const mapOf = <V,>(rows: MapRows<V>): Record<string, V> => Object.fromEntries(rows.filter((r) => r.key.trim() !== '').map((r) => [r.key.trim(), r.value]));

/**
 * Edits a string-keyed map (request parameters, models per content type, templates, headers) as labelled rows;
 * `renderValue` draws the value's input so that booleans, selects and textareas share one editor.
 */
export function MapEditor<V>({
  legend,
  keyLabel,
  keyPlaceholder,
  rows,
  onChange,
  newValue,
  renderValue,
}: {
  legend: string;
  keyLabel: string;
  keyPlaceholder?: string;
  rows: MapRows<V>;
  onChange: (rows: MapRows<V>) => void;
  newValue: V;
  renderValue: (value: V, set: (value: V) => void, key: string) => ReactNode;
}) {
  const set = (i: number, row: { key: string; value: V }) => onChange(rows.map((r, j) => (j === i ? row : r)));
  return (
    <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
      <Text component="legend" fw={600} size="sm" mb={4}>
        {legend}
      </Text>
      <Stack gap="xs">
        {rows.map((row, i) => (
          <Group key={i} align="end" wrap="nowrap">
            <TextInput label={keyLabel} placeholder={keyPlaceholder} value={row.key} onChange={(e) => set(i, { ...row, key: e.currentTarget.value })} w={320} />
            <div style={{ flex: 1 }}>{renderValue(row.value, (value) => set(i, { ...row, value }), row.key || `row ${i + 1}`)}</div>
            <ActionIcon variant="subtle" color="red" size="lg" aria-label={`Remove ${row.key || `row ${i + 1}`}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button size="xs" variant="light" onClick={() => onChange([...rows, { key: '', value: newValue }])}>
            Add {keyLabel.toLowerCase()}
          </Button>
        </Group>
      </Stack>
    </fieldset>
  );
}

/** The patch operations that turn map `before` into `after` under `prefix` (keys JSON-Pointer escaped). */
export function mapPatch<V>(prefix: string, before: Record<string, V> | undefined, after: Record<string, V>, show: (v: V) => string = String) {
  const escape = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
  const ops: { op: 'add' | 'remove' | 'replace'; path: string; value?: string }[] = [];
  for (const key of Object.keys(before ?? {})) if (!(key in after)) ops.push({ op: 'remove', path: `${prefix}/${escape(key)}` });
  for (const [key, value] of Object.entries(after)) {
    if (before && key in before) {
      if (before[key] !== value) ops.push({ op: 'replace', path: `${prefix}/${escape(key)}`, value: show(value) });
    } else ops.push({ op: 'add', path: `${prefix}/${escape(key)}`, value: show(value) });
  }
  return ops;
}
