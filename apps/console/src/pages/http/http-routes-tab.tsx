import { Select, Stack, TextInput } from '@mantine/core';
import type { HttpAuthorizerWire, HttpIntegrationWire, HttpRouteWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { RouteTargetSelect } from '../../components/route-target-select';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';

const AUTHORIZATION_TYPES = ['NONE', 'JWT', 'CUSTOM', 'AWS_IAM'];

export const integrationLabel = (i: HttpIntegrationWire) => `${i.integrationType} ${i.integrationUri ?? ''} (${i.integrationId})`;

/** Routes (`METHOD /path` or `$default`), their target integration and authorization; the target can be changed. */
export function HttpRoutesTab({ apiId }: { apiId: string }) {
  const base = `/v2/apis/${seg(apiId)}`;
  const data = useLoad(async () => {
    const [routes, integrations, authorizers] = await Promise.all([
      get<V2Page<HttpRouteWire>>(`${base}/routes?maxResults=500`),
      get<V2Page<HttpIntegrationWire>>(`${base}/integrations?maxResults=500`),
      get<V2Page<HttpAuthorizerWire>>(`${base}/authorizers?maxResults=500`),
    ]);
    return { routes: routes.items, integrations: integrations.items, authorizers: authorizers.items };
  }, [apiId]);
  const [routeKey, setRouteKey] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [authorizationType, setAuthorizationType] = useState('NONE');
  const [authorizerId, setAuthorizerId] = useState<string | null>(null);
  const [scopes, setScopes] = useState('');
  const retarget = useAction();
  const targets = (data.value?.integrations ?? []).map((i) => ({ value: `integrations/${i.integrationId}`, label: integrationLabel(i) }));
  const withAuthorizer = authorizationType === 'JWT' || authorizationType === 'CUSTOM';
  return (
    <Stack>
      <CreateForm
        title="Create a route"
        submitLabel="Create route"
        onSubmit={async () => {
          await post(`${base}/routes`, {
            routeKey,
            authorizationType,
            ...(target && { target }),
            ...(withAuthorizer && authorizerId && { authorizerId }),
            ...(authorizationType === 'JWT' && scopes.trim() && { authorizationScopes: scopes.split(/[\s,]+/).filter(Boolean) }),
          });
          setRouteKey('');
          data.reload();
        }}
      >
        <TextInput label="Route key" placeholder="GET /pets/{id}" required value={routeKey} onChange={(e) => setRouteKey(e.currentTarget.value)} />
        <Select label="Route target" data={targets} value={target} onChange={setTarget} clearable w={340} />
        <Select label="Route authorization" data={AUTHORIZATION_TYPES} value={authorizationType} onChange={(v) => v && setAuthorizationType(v)} allowDeselect={false} w={180} />
        {withAuthorizer ? (
          <Select label="Route authorizer" data={(data.value?.authorizers ?? []).map((a) => ({ value: a.authorizerId, label: `${a.name} (${a.authorizerType})` }))} value={authorizerId} onChange={setAuthorizerId} w={220} />
        ) : null}
        {authorizationType === 'JWT' ? <TextInput label="Scopes" placeholder="read write" value={scopes} onChange={(e) => setScopes(e.currentTarget.value)} /> : null}
      </CreateForm>
      <EntityTable
        label="Routes"
        rows={data.value?.routes}
        error={data.error ?? retarget.error}
        rowKey={(r) => r.routeId}
        empty="No routes."
        columns={[
          { header: 'Route key', cell: (r) => <code>{r.routeKey}</code> },
          {
            header: 'Target',
            cell: (r) => <RouteTargetSelect route={r} routePath={`${base}/routes/${seg(r.routeId)}`} targets={targets} run={retarget.run} reload={data.reload} width={340} />,
          },
          { header: 'Authorization', cell: (r) => `${r.authorizationType}${r.authorizerId ? ` (${r.authorizerId})` : ''}${r.authorizationScopes ? ` ${r.authorizationScopes.join(' ')}` : ''}` },
          { header: 'Managed', cell: (r) => (r.apiGatewayManaged ? 'quick create' : '') },
        ]}
        deleteWhat={(r) => `route ${r.routeKey}`}
        onDelete={async (r) => (await del(`${base}/routes/${seg(r.routeId)}`), data.reload())}
      />
    </Stack>
  );
}
