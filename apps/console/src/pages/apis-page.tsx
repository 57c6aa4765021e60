import { Anchor, Button, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { Page, RestApiWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../api';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';
import { href, navigate } from '../router';

/** The REST APIs of the account, with create and delete. */
export function ApisPage() {
  const apis = useLoad(() => get<Page<RestApiWire>>('/restapis?limit=500'), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Stack>
      <Title order={2}>APIs</Title>
      <Paper withBorder p="md">
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            try {
              const api = await post<RestApiWire>('/restapis', { name, ...(description && { description }) });
              setName('');
              setDescription('');
              navigate('apis', api.id, 'resources');
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Title order={3} size="h4" mb="xs">
            Create a REST API
          </Title>
          <ErrorAlert error={error} />
          <Group align="end">
            <TextInput label="API name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
            <Button type="submit" loading={busy}>
              Create API
            </Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={apis.error} />
      <Table striped highlightOnHover aria-label="REST APIs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>ID</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th>Created</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(apis.value?.item ?? []).map((api) => (
            <Table.Tr key={api.id}>
              <Table.Td>
                <Anchor href={href('apis', api.id, 'resources')}>{api.name}</Anchor>
              </Table.Td>
              <Table.Td>
                <code>{api.id}</code>
              </Table.Td>
              <Table.Td>{api.description ?? ''}</Table.Td>
              <Table.Td>{new Date(api.createdDate * 1000).toLocaleString()}</Table.Td>
              <Table.Td>
                <ConfirmButton label="Delete" what={`API ${api.name}`} onConfirm={async () => (await del(`/restapis/${seg(api.id)}`), apis.reload())} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {apis.value && apis.value.item.length === 0 ? <Text c="dimmed">No APIs yet.</Text> : null}
    </Stack>
  );
}
