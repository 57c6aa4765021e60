import { Anchor, Stack, Tabs, Text, Title } from '@mantine/core';
import type { HttpApiWire } from '@portico/admin-wire';
import { get, seg } from '../../api';
import { ErrorAlert } from '../../components/error-alert';
import { useLoad } from '../../components/use-load';
import { href, navigate } from '../../router';
import { HttpAuthorizersTab } from './http-authorizers-tab';
import { HttpDeploymentsTab } from './http-deployments-tab';
import { HttpIntegrationsTab } from './http-integrations-tab';
import { HttpRoutesTab } from './http-routes-tab';
import { HttpStagesTab } from './http-stages-tab';

/** One HTTP API: routes, integrations, authorizers, stages and deployments. */
export function HttpApiPage({ apiId, tab }: { apiId: string; tab: string }) {
  const api = useLoad(() => get<HttpApiWire>(`/v2/apis/${seg(apiId)}`), [apiId]);
  return (
    <Stack>
      <Anchor href={href('httpapis')} size="sm">
        ← HTTP APIs
      </Anchor>
      <ErrorAlert error={api.error} />
      <div>
        <Title order={2}>{api.value?.name ?? apiId}</Title>
        <Text size="sm" c="dimmed">
          HTTP API <code>{apiId}</code>; invoke on a data plane with <code>{`Host: ${apiId}.execute-api.localhost`}</code>
        </Text>
      </div>
      <Tabs value={tab} onChange={(value) => value && navigate('httpapis', apiId, value)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="routes">Routes</Tabs.Tab>
          <Tabs.Tab value="integrations">Integrations</Tabs.Tab>
          <Tabs.Tab value="authorizers">Authorizers</Tabs.Tab>
          <Tabs.Tab value="stages">Stages</Tabs.Tab>
          <Tabs.Tab value="deployments">Deployments</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="routes" pt="md">
          <HttpRoutesTab apiId={apiId} />
        </Tabs.Panel>
        <Tabs.Panel value="integrations" pt="md">
          <HttpIntegrationsTab apiId={apiId} />
        </Tabs.Panel>
        <Tabs.Panel value="authorizers" pt="md">
          <HttpAuthorizersTab apiId={apiId} />
        </Tabs.Panel>
        <Tabs.Panel value="stages" pt="md">
          <HttpStagesTab apiId={apiId} />
        </Tabs.Panel>
        <Tabs.Panel value="deployments" pt="md">
          <HttpDeploymentsTab apiId={apiId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
