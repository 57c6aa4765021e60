import { Anchor, Stack, TextInput, Title } from '@mantine/core';
import type { HttpApiWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useLoad } from '../../components/use-load';
import { href, navigate } from '../../router';

/** The account's WebSocket APIs (apigatewayv2, protocolType WEBSOCKET): create with a route selection expression, delete. */
export function WebSocketApisPage() {
  // GetApis lists both protocols; HTTP APIs have their own page.
  const apis = useLoad(async () => (await get<V2Page<HttpApiWire>>('/v2/apis?maxResults=500')).items.filter((api) => api.protocolType === 'WEBSOCKET'), []);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [routeSelectionExpression, setRouteSelectionExpression] = useState('$request.body.action');
  const [apiKeySelectionExpression, setApiKeySelectionExpression] = useState('');
  return (
    <Stack>
      <Title order={2}>WebSocket APIs</Title>
      <CreateForm
        title="Create a WebSocket API"
        submitLabel="Create WebSocket API"
        onSubmit={async () => {
          const api = await post<HttpApiWire>('/v2/apis', {
            name,
            protocolType: 'WEBSOCKET',
            routeSelectionExpression,
            ...(apiKeySelectionExpression && { apiKeySelectionExpression }),
            ...(description && { description }),
          });
          setName('');
          navigate('websocketapis', api.apiId, 'routes');
        }}
      >
        <TextInput label="WebSocket API name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput
          label="Route selection expression"
          description="Which message member picks the route"
          required
          value={routeSelectionExpression}
          onChange={(e) => setRouteSelectionExpression(e.currentTarget.value)}
          w={260}
        />
        <TextInput
          label="API key selection expression"
          placeholder="$request.header.x-api-key"
          value={apiKeySelectionExpression}
          onChange={(e) => setApiKeySelectionExpression(e.currentTarget.value)}
          w={260}
        />
        <TextInput label="WebSocket API description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </CreateForm>
      <EntityTable
        label="WebSocket APIs"
        rows={apis.value}
        error={apis.error}
        rowKey={(api) => api.apiId}
        empty="No WebSocket APIs yet."
        columns={[
          { header: 'Name', cell: (api) => <Anchor href={href('websocketapis', api.apiId, 'routes')}>{api.name}</Anchor> },
          { header: 'ID', cell: (api) => <code>{api.apiId}</code> },
          { header: 'Route selection', cell: (api) => <code>{api.routeSelectionExpression}</code> },
          { header: 'Description', cell: (api) => api.description ?? '' },
          { header: 'Created', cell: (api) => new Date(api.createdDate).toLocaleString() },
        ]}
        deleteWhat={(api) => `WebSocket API ${api.name}`}
        onDelete={async (api) => (await del(`/v2/apis/${seg(api.apiId)}`), apis.reload())}
      />
    </Stack>
  );
}
