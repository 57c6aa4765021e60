import { Anchor, Stack, TextInput, Title } from '@mantine/core';
import type { Page, RestApiWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../api';
import { CreateForm } from '../components/create-form';
import { EntityTable } from '../components/entity-table';
import { useLoad } from '../components/use-load';
import { href, navigate } from '../router';
import { ImportApiForm } from './rest/import-api-form';

/** The REST APIs of the account, with create, import from OpenAPI and delete. */
export function ApisPage() {
  const apis = useLoad(() => get<Page<RestApiWire>>('/restapis?limit=500'), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <Stack>
      <Title order={2}>REST APIs</Title>
      <CreateForm
        title="Create a REST API"
        submitLabel="Create API"
        onSubmit={async () => {
          const api = await post<RestApiWire>('/restapis', { name, ...(description && { description }) });
          setName('');
          setDescription('');
          navigate('apis', api.id, 'resources');
        }}
      >
        <TextInput label="API name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </CreateForm>
      <ImportApiForm />
      <EntityTable
        label="REST APIs"
        rows={apis.value?.item}
        error={apis.error}
        rowKey={(api) => api.id}
        empty="No APIs yet."
        columns={[
          { header: 'Name', cell: (api) => <Anchor href={href('apis', api.id, 'resources')}>{api.name}</Anchor> },
          { header: 'ID', cell: (api) => <code>{api.id}</code> },
          { header: 'Description', cell: (api) => api.description ?? '' },
          { header: 'Created', cell: (api) => new Date(api.createdDate * 1000).toLocaleString() },
        ]}
        deleteWhat={(api) => `API ${api.name}`}
        onDelete={async (api) => (await del(`/restapis/${seg(api.id)}`), apis.reload())}
      />
    </Stack>
  );
}
