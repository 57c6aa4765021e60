import { Anchor, Stack, Tabs, Text, Title } from '@mantine/core';
import type { HttpApiWire } from '@portico/admin-wire';
import { get, seg } from '../../api';
import { ErrorAlert } from '../../components/error-alert';
import { useLoad } from '../../components/use-load';
import { href, navigate } from '../../router';
import { HttpDeploymentsTab } from '../http/http-deployments-tab';
import { HttpStagesTab } from '../http/http-stages-tab';
import { WebSocketIntegrationsTab } from './websocket-integrations-tab';
import { WebSocketRoutesTab } from './websocket-routes-tab';

/** One WebSocket API: routes (with route responses), integrations, stages and deployments. */
export function WebSocketApiPage({ apiId, tab }: { apiId: string; tab: string }) {
  const api = useLoad(() => get<HttpApiWire>(`/v2/apis/${seg(apiId)}`), [apiId]);
  return (
    <Stack>
      <Anchor href={href('websocketapis')} size="sm">
        ← WebSocket APIs
      </Anchor>
      <ErrorAlert error={api.error} />
      <div>
        <Title order={2}>{api.value?.name ?? apiId}</Title>
        <Text size="sm" c="dimmed">
          WebSocket API <code>{apiId}</code>, routes chosen by <code>{api.value?.routeSelectionExpression ?? ''}</code>; connect to a data plane on{' '}
          <code>/{'{stage}'}</code> with <code>{`Host: ${apiId}.execute-api.localhost`}</code>
        </Text>
      </div>
      <Tabs value={tab} onChange={(value) => value && navigate('websocketapis', apiId, value)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="routes">Routes</Tabs.Tab>
          <Tabs.Tab value="integrations">Integrations</Tabs.Tab>
          <Tabs.Tab value="stages">Stages</Tabs.Tab>
          <Tabs.Tab value="deployments">Deployments</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="routes" pt="md">
          <WebSocketRoutesTab apiId={apiId} />
        </Tabs.Panel>
        <Tabs.Panel value="integrations" pt="md">
          <WebSocketIntegrationsTab apiId={apiId} />
        </Tabs.Panel>
        <Tabs.Panel value="stages" pt="md">
          <HttpStagesTab apiId={apiId} webSocket />
        </Tabs.Panel>
        <Tabs.Panel value="deployments" pt="md">
          <HttpDeploymentsTab apiId={apiId} kind="WebSocket API" />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
