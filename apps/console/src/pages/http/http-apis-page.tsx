import { Anchor, Stack, TextInput, Title } from '@mantine/core';
import type { HttpApiWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useLoad } from '../../components/use-load';
import { href, navigate } from '../../router';

/** The account's HTTP APIs (apigatewayv2): create, quick create (target + route key), delete. */
export function HttpApisPage() {
  // GetApis lists both protocols; WebSocket APIs have their own page.
  const apis = useLoad(async () => (await get<V2Page<HttpApiWire>>('/v2/apis?maxResults=500')).items.filter((api) => api.protocolType === 'HTTP'), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [quickName, setQuickName] = useState('');
  const [target, setTarget] = useState('');
  const [routeKey, setRouteKey] = useState('');
  return (
    <Stack>
      <Title order={2}>HTTP APIs</Title>
      <CreateForm
        title="Create an HTTP API"
        submitLabel="Create HTTP API"
        onSubmit={async () => {
          const api = await post<HttpApiWire>('/v2/apis', { name, protocolType: 'HTTP', ...(description && { description }) });
          setName('');
          navigate('httpapis', api.apiId, 'routes');
        }}
      >
        <TextInput label="HTTP API name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label="HTTP API description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </CreateForm>
      <CreateForm
        title="Quick create: an integration, a route and an auto-deploying $default stage"
        submitLabel="Quick create"
        onSubmit={async () => {
          const api = await post<HttpApiWire>('/v2/apis', { name: quickName, protocolType: 'HTTP', target, ...(routeKey && { routeKey }) });
          setQuickName('');
          setTarget('');
          navigate('httpapis', api.apiId, 'routes');
        }}
      >
        <TextInput label="Quick create name" required value={quickName} onChange={(e) => setQuickName(e.currentTarget.value)} />
        <TextInput label="Target" description="A Lambda function ARN or an http(s) URL" placeholder="arn:aws:lambda:us-east-1:000000000000:function:hello" required value={target} onChange={(e) => setTarget(e.currentTarget.value)} w={420} />
        <TextInput label="Route key" description="Default $default" placeholder="GET /pets" value={routeKey} onChange={(e) => setRouteKey(e.currentTarget.value)} />
      </CreateForm>
      <EntityTable
        label="HTTP APIs"
        rows={apis.value}
        error={apis.error}
        rowKey={(api) => api.apiId}
        empty="No HTTP APIs yet."
        columns={[
          { header: 'Name', cell: (api) => <Anchor href={href('httpapis', api.apiId, 'routes')}>{api.name}</Anchor> },
          { header: 'ID', cell: (api) => <code>{api.apiId}</code> },
          { header: 'Description', cell: (api) => api.description ?? '' },
          { header: 'Created', cell: (api) => new Date(api.createdDate).toLocaleString() },
        ]}
        deleteWhat={(api) => `HTTP API ${api.name}`}
        onDelete={async (api) => (await del(`/v2/apis/${seg(api.apiId)}`), apis.reload())}
      />
    </Stack>
  );
}
