import { Select, Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { del, post } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useAction } from '../../components/use-action';
import { useApiRoutes } from '../../components/use-api-routes';

const AUTHORIZATION_TYPES = ['NONE', 'JWT', 'CUSTOM', 'AWS_IAM'];

/** Routes (`METHOD /path` or `$default`), their target integration and authorization; the target can be changed. */
export function HttpRoutesTab({ apiId }: { apiId: string }) {
  const { base, routePath, data, targets, leadingColumns } = useApiRoutes(apiId, async (route) => route);
  const [routeKey, setRouteKey] = useState('');
  const [target, setTarget] = useState<string | null>(null);
  const [authorizationType, setAuthorizationType] = useState('NONE');
  const [authorizerId, setAuthorizerId] = useState<string | null>(null);
  const [scopes, setScopes] = useState('');
  const retarget = useAction();
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
          ...leadingColumns(retarget.run, 340),
          { header: 'Authorization', cell: (r) => `${r.authorizationType}${r.authorizerId ? ` (${r.authorizerId})` : ''}${r.authorizationScopes ? ` ${r.authorizationScopes.join(' ')}` : ''}` },
          { header: 'Managed', cell: (r) => (r.apiGatewayManaged ? 'quick create' : '') },
        ]}
        deleteWhat={(r) => `route ${r.routeKey}`}
        onDelete={async (r) => (await del(routePath(r)), data.reload())}
      />
    </Stack>
  );
}
