import { Button, Code, Group, Paper, Stack, Switch, Table, TextInput, Title } from '@mantine/core';
import type { ApiKeyWire, Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, patch, post, seg } from '../api';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';

/** API keys: create (value generated or given), show a value on request, enable/disable, delete. */
export function ApiKeysPage() {
  const keys = useLoad(() => get<Page<ApiKeyWire>>('/apikeys?limit=500'), []);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const [shown, setShown] = useState<Record<string, string>>({});
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  return (
    <Stack>
      <Title order={2}>API keys</Title>
      <Paper withBorder p="md">
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            setError(undefined);
            try {
              const key = await post<ApiKeyWire>('/apikeys', { name, enabled: true, ...(value && { value }) });
              if (key.value) setShown((s) => ({ ...s, [key.id]: key.value! }));
              setName('');
              setValue('');
              keys.reload();
            } catch (e) {
              setError(e);
            }
          }}
        >
          <Title order={3} size="h5" mb="xs">
            Create an API key
          </Title>
          <ErrorAlert error={error} />
          <Group align="end">
            <TextInput label="Key name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput label="Value (generated when empty)" value={value} onChange={(e) => setValue(e.currentTarget.value)} w={320} />
            <Button type="submit">Create key</Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={keys.error} />
      <Table aria-label="API keys">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>ID</Table.Th>
            <Table.Th>Value</Table.Th>
            <Table.Th>Enabled</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(keys.value?.item ?? []).map((key) => (
            <Table.Tr key={key.id}>
              <Table.Td>{key.name}</Table.Td>
              <Table.Td>
                <code>{key.id}</code>
              </Table.Td>
              <Table.Td>
                {shown[key.id] ? (
                  <Code data-testid={`key-value-${key.name}`}>{shown[key.id]}</Code>
                ) : (
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={async () => {
                      try {
                        const full = await get<ApiKeyWire>(`/apikeys/${seg(key.id)}?includeValue=true`);
                        setShown((s) => ({ ...s, [key.id]: full.value ?? '' }));
                      } catch (e) {
                        setError(e);
                      }
                    }}
                  >
                    Show
                  </Button>
                )}
              </Table.Td>
              <Table.Td>
                <Switch
                  aria-label={`Enabled: ${key.name ?? key.id}`}
                  checked={optimistic[key.id] ?? key.enabled}
                  onChange={async (e) => {
                    // Optimistic: the switch moves at once and moves back if the update is refused.
                    const enabled = e.currentTarget.checked;
                    setOptimistic((o) => ({ ...o, [key.id]: enabled }));
                    try {
                      await patch(`/apikeys/${seg(key.id)}`, [{ op: 'replace', path: '/enabled', value: String(enabled) }]);
                      keys.reload();
                    } catch (err) {
                      setError(err);
                    } finally {
                      setOptimistic(({ [key.id]: _dropped, ...rest }) => rest);
                    }
                  }}
                />
              </Table.Td>
              <Table.Td>
                <ConfirmButton label="Delete" what={`key ${key.name ?? key.id}`} onConfirm={async () => (await del(`/apikeys/${seg(key.id)}`), keys.reload())} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
