import { Anchor, Group, Stack, Tabs, Text, Title } from '@mantine/core';
import type { RestApiWire } from '@portico/admin-wire';
import { get, seg } from '../api';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';
import { href, navigate } from '../router';
import { AuthorizersTab } from './authorizers-tab';
import { DeployButton } from './deploy-button';
import { GatewayResponsesTab } from './rest/gateway-responses-tab';
import { ModelsTab, RequestValidatorsTab } from './rest/models-tab';
import { OpenApiTab } from './rest/open-api-tab';
import { ResourcesTab } from './resources-tab';
import { StagesTab } from './stages-tab';
import { TrafficTab } from './traffic-tab';

/** One REST API: resources and methods, stages, authorizers, models, validators, gateway responses, OpenAPI, traffic; deploy from anywhere. */
export function ApiPage({ restApiId, tab }: { restApiId: string; tab: string }) {
  const api = useLoad(() => get<RestApiWire>(`/restapis/${seg(restApiId)}`), [restApiId]);
  return (
    <Stack>
      <Anchor href={href('apis')} size="sm">
        ← APIs
      </Anchor>
      <ErrorAlert error={api.error} />
      <Group justify="space-between">
        <div>
          <Title order={2}>{api.value?.name ?? restApiId}</Title>
          <Text size="sm" c="dimmed">
            REST API <code>{restApiId}</code>
          </Text>
        </div>
        <DeployButton restApiId={restApiId} />
      </Group>
      <Tabs value={tab} onChange={(value) => value && navigate('apis', restApiId, value)} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="resources">Resources</Tabs.Tab>
          <Tabs.Tab value="stages">Stages</Tabs.Tab>
          <Tabs.Tab value="authorizers">Authorizers</Tabs.Tab>
          <Tabs.Tab value="models">Models</Tabs.Tab>
          <Tabs.Tab value="validators">Request validators</Tabs.Tab>
          <Tabs.Tab value="gatewayresponses">Gateway responses</Tabs.Tab>
          <Tabs.Tab value="openapi">OpenAPI</Tabs.Tab>
          <Tabs.Tab value="traffic">Traffic</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="resources" pt="md">
          {api.value ? <ResourcesTab api={api.value} /> : null}
        </Tabs.Panel>
        <Tabs.Panel value="stages" pt="md">
          <StagesTab restApiId={restApiId} />
        </Tabs.Panel>
        <Tabs.Panel value="authorizers" pt="md">
          <AuthorizersTab restApiId={restApiId} />
        </Tabs.Panel>
        <Tabs.Panel value="models" pt="md">
          <ModelsTab restApiId={restApiId} />
        </Tabs.Panel>
        <Tabs.Panel value="validators" pt="md">
          <RequestValidatorsTab restApiId={restApiId} />
        </Tabs.Panel>
        <Tabs.Panel value="gatewayresponses" pt="md">
          <GatewayResponsesTab restApiId={restApiId} />
        </Tabs.Panel>
        <Tabs.Panel value="openapi" pt="md">
          <OpenApiTab restApiId={restApiId} onChanged={api.reload} />
        </Tabs.Panel>
        <Tabs.Panel value="traffic" pt="md">
          <TrafficTab restApiId={restApiId} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
