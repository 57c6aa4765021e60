import { Group, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ConfirmButton } from './confirm-button';
import { ErrorAlert } from './error-alert';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
}

/**
 * A list of admin resources: its load error, one row per item, extra actions and a confirmed delete per row, and
 * a line when there are none. Every list page uses it, so they look and behave alike.
 */
export function EntityTable<T>({
  label,
  rows,
  rowKey,
  columns,
  error,
  empty = 'None yet.',
  actions,
  onDelete,
  deleteWhat,
}: {
  label: string;
  rows: T[] | undefined;
  rowKey: (row: T) => string;
  columns: Column<T>[];
  error?: unknown;
  empty?: string;
  actions?: (row: T) => ReactNode;
  onDelete?: (row: T) => Promise<unknown>;
  deleteWhat?: (row: T) => string;
}) {
  const withActions = actions !== undefined || onDelete !== undefined;
  return (
    <>
      <ErrorAlert error={error} />
      <Table striped highlightOnHover aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.header}>{c.header}</Table.Th>
            ))}
            {withActions ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(rows ?? []).map((row) => (
            <Table.Tr key={rowKey(row)}>
              {columns.map((c) => (
                <Table.Td key={c.header}>{c.cell(row)}</Table.Td>
              ))}
              {withActions ? (
                <Table.Td>
                  <Group gap="xs" justify="flex-end" wrap="nowrap">
                    {actions?.(row)}
                    {onDelete ? <ConfirmButton label="Delete" what={deleteWhat?.(row) ?? rowKey(row)} onConfirm={() => onDelete(row)} /> : null}
                  </Group>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {rows && rows.length === 0 ? <Text c="dimmed">{empty}</Text> : null}
    </>
  );
}
