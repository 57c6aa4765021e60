import { Badge, Button, Grid, Group, NavLink, Paper, Select, Stack, Switch, Tabs, Text, TextInput, Title } from '@mantine/core';
import type { AuthorizerWire, MethodWire, Page, ResourceWire, RestApiWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, put, seg } from '../api';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';
import { IntegrationEditor } from './integration-editor';
import { MethodRequestEditor } from './rest/method-request-editor';
import { IntegrationResponsesEditor, MethodResponsesEditor } from './rest/method-responses-editor';
import { TestInvokePanel } from './rest/test-invoke-panel';

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'];

/** The resource tree (by path), a resource's methods, and the selected method's integration. */
export function ResourcesTab({ api }: { api: RestApiWire }) {
  const base = `/restapis/${seg(api.id)}`;
  const resources = useLoad(() => get<Page<ResourceWire>>(`${base}/resources?limit=500`), [api.id]);
  const authorizers = useLoad(() => get<Page<AuthorizerWire>>(`${base}/authorizers`), [api.id]);
  const [selectedId, setSelectedId] = useState(api.rootResourceId);
  const [selectedMethod, setSelectedMethod] = useState<string>();
  const sorted = [...(resources.value?.item ?? [])].sort((a, b) => a.path.localeCompare(b.path));
  const selected = sorted.find((r) => r.id === selectedId) ?? sorted[0];
  const depth = (path: string) => (path === '/' ? 0 : path.split('/').length - 1);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="xs" component="nav" aria-label="Resources">
          <Title order={3} size="h5" mb="xs">
            Resources
          </Title>
          <ErrorAlert error={resources.error} />
          {sorted.map((r) => (
            <NavLink
              key={r.id}
              component="button"
              type="button"
              label={r.path === '/' ? '/' : `/${r.pathPart}`}
              description={Object.keys(r.resourceMethods ?? {}).join(' ') || undefined}
              pl={8 + depth(r.path) * 14}
              active={selected?.id === r.id}
              onClick={() => (setSelectedId(r.id), setSelectedMethod(undefined))}
              aria-current={selected?.id === r.id ? 'true' : undefined}
            />
          ))}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        {selected ? (
          <Stack>
            <Group justify="space-between">
              <Title order={3} size="h4">
                <code>{selected.path}</code>
              </Title>
              {selected.path !== '/' ? (
                <ConfirmButton label="Delete" what={`resource ${selected.path}`} onConfirm={async () => (await del(`${base}/resources/${seg(selected.id)}`), setSelectedId(api.rootResourceId), resources.reload())} />
              ) : null}
            </Group>
            <CreateResource base={base} parent={selected} onCreated={(r) => (setSelectedId(r.id), resources.reload())} />
            <Paper withBorder p="md">
              <Title order={4} size="h5" mb="xs">
                Methods
              </Title>
              <Group mb="sm">
                {Object.keys(selected.resourceMethods ?? {}).map((m) => (
                  <Button key={m} size="xs" variant={selectedMethod === m ? 'filled' : 'light'} onClick={() => setSelectedMethod(m)}>
                    {m}
                  </Button>
                ))}
                {Object.keys(selected.resourceMethods ?? {}).length === 0 ? <Text c="dimmed">No methods.</Text> : null}
              </Group>
              <CreateMethod base={base} resource={selected} authorizers={authorizers.value?.item ?? []} onCreated={(m) => (setSelectedMethod(m), resources.reload())} />
            </Paper>
            {selectedMethod && selected.resourceMethods?.[selectedMethod] ? (
              <MethodPanel key={`${selected.id}-${selectedMethod}`} restApiId={api.id} resourcePath={selected.path} path={`${base}/resources/${seg(selected.id)}/methods/${seg(selectedMethod)}`} onDeleted={() => (setSelectedMethod(undefined), resources.reload())} />
            ) : null}
          </Stack>
        ) : null}
      </Grid.Col>
    </Grid>
  );
}

function CreateResource({ base, parent, onCreated }: { base: string; parent: ResourceWire; onCreated: (r: ResourceWire) => void }) {
  const [pathPart, setPathPart] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            onCreated(await post<ResourceWire>(`${base}/resources/${seg(parent.id)}`, { pathPart }));
            setPathPart('');
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <ErrorAlert error={error} />
        <Group align="end">
          <TextInput label={`Child resource of ${parent.path}`} placeholder="pets or {id} or {proxy+}" required value={pathPart} onChange={(e) => setPathPart(e.currentTarget.value)} />
          <Button type="submit" loading={busy}>
            Create resource
          </Button>
        </Group>
      </form>
    </Paper>
  );
}

function CreateMethod({ base, resource, authorizers, onCreated }: { base: string; resource: ResourceWire; authorizers: AuthorizerWire[]; onCreated: (m: string) => void }) {
  const [httpMethod, setHttpMethod] = useState('GET');
  const [authorizationType, setAuthorizationType] = useState('NONE');
  const [authorizerId, setAuthorizerId] = useState<string | null>(null);
  const [apiKeyRequired, setApiKeyRequired] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        try {
          await put(`${base}/resources/${seg(resource.id)}/methods/${seg(httpMethod)}`, {
            authorizationType,
            apiKeyRequired,
            ...(authorizationType === 'CUSTOM' && authorizerId && { authorizerId }),
          });
          onCreated(httpMethod);
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <ErrorAlert error={error} />
      <Group align="end">
        <Select label="HTTP method" data={HTTP_METHODS} value={httpMethod} onChange={(v) => setHttpMethod(v ?? 'GET')} allowDeselect={false} w={120} />
        <Select label="Authorization" data={['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS']} value={authorizationType} onChange={(v) => setAuthorizationType(v ?? 'NONE')} allowDeselect={false} w={190} />
        {authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS' ? (
          <Select label="Authorizer" data={authorizers.map((a) => ({ value: a.id, label: a.name }))} value={authorizerId} onChange={setAuthorizerId} w={160} />
        ) : null}
        <Switch label="API key required" checked={apiKeyRequired} onChange={(e) => setApiKeyRequired(e.currentTarget.checked)} />
        <Button type="submit" loading={busy}>
          Add method
        </Button>
      </Group>
    </form>
  );
}

function MethodPanel({ restApiId, resourcePath, path, onDeleted }: { restApiId: string; resourcePath: string; path: string; onDeleted: () => void }) {
  const method = useLoad(() => get<MethodWire>(path), [path]);
  const [tab, setTab] = useState<string | null>('integration');
  // Each editor starts from the method as loaded; keyed by the load's version, a save remounts it with the saved state.
  const revision = method.version;
  const saved = method.reload;
  return (
    <Paper withBorder p="md">
      <ErrorAlert error={method.error} />
      {method.value ? (
        <Stack>
          <Group justify="space-between">
            <Group>
              <Title order={4} size="h5">
                {method.value.httpMethod}
              </Title>
              <Badge variant="outline">auth {method.value.authorizationType}</Badge>
              {method.value.apiKeyRequired ? <Badge variant="outline">API key required</Badge> : null}
              <Badge color={method.value.methodIntegration ? 'green' : 'gray'}>{method.value.methodIntegration ? method.value.methodIntegration.type : 'no integration'}</Badge>
            </Group>
            <ConfirmButton label="Delete" what={`method ${method.value.httpMethod}`} onConfirm={async () => (await del(path), onDeleted())} />
          </Group>
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="request">Method request</Tabs.Tab>
              <Tabs.Tab value="integration">Integration request</Tabs.Tab>
              <Tabs.Tab value="integration-responses">Integration responses</Tabs.Tab>
              <Tabs.Tab value="responses">Method responses</Tabs.Tab>
              <Tabs.Tab value="test">Test</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="request" pt="sm">
              <MethodRequestEditor key={revision} restApiId={restApiId} methodPath={path} method={method.value} onSaved={saved} />
            </Tabs.Panel>
            <Tabs.Panel value="integration" pt="sm">
              <IntegrationEditor methodPath={path} method={method.value} onSaved={method.reload} />
            </Tabs.Panel>
            <Tabs.Panel value="integration-responses" pt="sm">
              <IntegrationResponsesEditor key={revision} methodPath={path} method={method.value} onSaved={saved} />
            </Tabs.Panel>
            <Tabs.Panel value="responses" pt="sm">
              <MethodResponsesEditor key={revision} restApiId={restApiId} methodPath={path} method={method.value} onSaved={saved} />
            </Tabs.Panel>
            <Tabs.Panel value="test" pt="sm">
              <TestInvokePanel methodPath={path} resourcePath={resourcePath} />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ) : null}
    </Paper>
  );
}
