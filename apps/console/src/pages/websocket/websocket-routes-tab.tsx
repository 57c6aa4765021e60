import { Autocomplete, Button, Group, Select, Stack, Switch, Text } from '@mantine/core';
import type { HttpRouteWire, RouteResponseWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, send, seg } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useAction } from '../../components/use-action';
import { useApiRoutes } from '../../components/use-api-routes';

/** The keys every WebSocket API may have besides its own (`sendmessage`): AWS's predefined routes. */
const PREDEFINED_ROUTE_KEYS = ['$connect', '$disconnect', '$default'];
const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM'];

type RouteRow = HttpRouteWire & { routeResponses: RouteResponseWire[] };

/**
 * A WebSocket API's routes: `$connect`, `$disconnect`, `$default` and custom keys, their target integration and
 * authorization, and their route responses (only `$default` exists, as on AWS), which make a route two-way.
 */
export function WebSocketRoutesTab({ apiId }: { apiId: string }) {
  const { base, routePath, data, targets, leadingColumns } = useApiRoutes(
    apiId,
    async (route, path): Promise<RouteRow> => ({ ...route, routeResponses: (await get<V2Page<RouteResponseWire>>(`${path}/routeresponses?maxResults=500`)).items }),
  );
  const [routeKey, setRouteKey] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [authorizationType, setAuthorizationType] = useState('NONE');
  const [authorizerId, setAuthorizerId] = useState<string | null>(null);
  const [apiKeyRequired, setApiKeyRequired] = useState(false);
  const [twoWay, setTwoWay] = useState(false);
  const change = useAction();
  return (
    <Stack>
      <CreateForm
        title="Create a route"
        submitLabel="Create route"
        onSubmit={async () => {
          const route = await post<HttpRouteWire>(`${base}/routes`, {
            routeKey,
            authorizationType,
            ...(target && { target }),
            ...(authorizationType === 'CUSTOM' && authorizerId && { authorizerId }),
            ...(apiKeyRequired && { apiKeyRequired }),
            ...(twoWay && { routeResponseSelectionExpression: '$default' }),
          });
          // A two-way route answers through its $default route response, created with it as AWS's console does.
          if (twoWay) await post(`${routePath(route)}/routeresponses`, { routeResponseKey: '$default' });
          setRouteKey('');
          data.reload();
        }}
      >
        <Autocomplete label="Route key" description="$connect, $disconnect, $default or your own" placeholder="sendmessage" required data={PREDEFINED_ROUTE_KEYS} value={routeKey} onChange={setRouteKey} w={220} />
        <Select label="Route target" data={targets} value={target} onChange={setTarget} clearable w={320} />
        <Select label="Route authorization" data={AUTHORIZATION_TYPES} value={authorizationType} onChange={(v) => v && setAuthorizationType(v)} allowDeselect={false} w={160} />
        {authorizationType === 'CUSTOM' ? (
          <Select label="Route authorizer" data={(data.value?.authorizers ?? []).map((a) => ({ value: a.authorizerId, label: a.name }))} value={authorizerId} onChange={setAuthorizerId} w={200} />
        ) : null}
        <Switch label="API key required" checked={apiKeyRequired} onChange={(e) => setApiKeyRequired(e.currentTarget.checked)} mb={8} />
        <Switch label="Two-way (route response)" checked={twoWay} onChange={(e) => setTwoWay(e.currentTarget.checked)} mb={8} />
      </CreateForm>
      <EntityTable
        label="Routes"
        rows={data.value?.routes}
        error={data.error ?? change.error}
        rowKey={(r) => r.routeId}
        empty="No routes: a WebSocket API needs at least one before it can be deployed."
        columns={[
          ...leadingColumns(change.run, 320),
          { header: 'Authorization', cell: (r) => `${r.authorizationType}${r.authorizerId ? ` (${r.authorizerId})` : ''}${r.apiKeyRequired ? ', API key' : ''}` },
          {
            header: 'Route responses',
            cell: (r) => (
              <Group gap="xs" wrap="nowrap">
                {r.routeResponses.map((rr) => (
                  <Group key={rr.routeResponseId} gap={4} wrap="nowrap">
                    <code>{rr.routeResponseKey}</code>
                    <ConfirmButton
                      label="Delete"
                      what={`route response ${rr.routeResponseKey} of ${r.routeKey}`}
                      onConfirm={async () => (await del(`${routePath(r)}/routeresponses/${seg(rr.routeResponseId)}`), data.reload())}
                    />
                  </Group>
                ))}
                {r.routeResponses.length === 0 ? (
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={`Add route response to ${r.routeKey}`}
                    onClick={() =>
                      void change.run(async () => {
                        // The response is sent when the route's selection expression is set: both, as AWS's console does.
                        if (!r.routeResponseSelectionExpression) await send('PATCH', routePath(r), { routeResponseSelectionExpression: '$default' });
                        await post(`${routePath(r)}/routeresponses`, { routeResponseKey: '$default' });
                        data.reload();
                      })
                    }
                  >
                    Add $default
                  </Button>
                ) : null}
                {r.routeResponseSelectionExpression ? null : <Text size="xs" c="dimmed">one-way</Text>}
              </Group>
            ),
          },
        ]}
        deleteWhat={(r) => `route ${r.routeKey}`}
        onDelete={async (r) => (await del(routePath(r)), data.reload())}
      />
    </Stack>
  );
}
