import { Badge, Group, NumberInput, Paper, Select, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import type { HttpDeploymentWire, HttpRouteSettingsWire, HttpRouteWire, HttpStageWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, send, seg } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { ErrorAlert } from '../../components/error-alert';
import { MapEditor, mapOf, rowsOf } from '../../components/map-editor';
import { useLoad } from '../../components/use-load';

/**
 * Stages of an HTTP API: auto-deploy, the deployment served, stage variables, default and per-route throttling.
 * A WebSocket API's stages are the same but for auto-deploy and the `$default` stage, which are HTTP-only.
 */
export function HttpStagesTab({ apiId, webSocket = false }: { apiId: string; webSocket?: boolean }) {
  const base = `/v2/apis/${seg(apiId)}`;
  const data = useLoad(async () => {
    const [stages, deployments, routes] = await Promise.all([
      get<V2Page<HttpStageWire>>(`${base}/stages?maxResults=500`),
      get<V2Page<HttpDeploymentWire>>(`${base}/deployments?maxResults=500`),
      get<V2Page<HttpRouteWire>>(`${base}/routes?maxResults=500`),
    ]);
    return { stages: stages.items, deployments: deployments.items, routeKeys: routes.items.map((r) => r.routeKey) };
  }, [apiId]);
  const [stageName, setStageName] = useState('');
  const [autoDeploy, setAutoDeploy] = useState(!webSocket);
  const deployments = (data.value?.deployments ?? []).map((d) => ({ value: d.deploymentId, label: `${d.deploymentId}${d.description ? ` ${d.description}` : ''}` }));
  return (
    <Stack>
      <CreateForm
        title="Create a stage"
        submitLabel="Create stage"
        onSubmit={async () => {
          await post(`${base}/stages`, { stageName, autoDeploy });
          setStageName('');
          data.reload();
        }}
      >
        <TextInput label="Stage name" placeholder={webSocket ? 'production' : '$default or prod'} required value={stageName} onChange={(e) => setStageName(e.currentTarget.value)} />
        {webSocket ? null : <Switch label="Auto-deploy" checked={autoDeploy} onChange={(e) => setAutoDeploy(e.currentTarget.checked)} mb={8} />}
      </CreateForm>
      <ErrorAlert error={data.error} />
      {data.value && data.value.stages.length === 0 ? <Text c="dimmed">No stages.</Text> : null}
      {(data.value?.stages ?? []).map((stage) => (
        <StagePanel key={`${stage.stageName}-${stage.lastUpdatedDate}`} webSocket={webSocket} path={`${base}/stages/${seg(stage.stageName)}`} stage={stage} deployments={deployments} routeKeys={data.value?.routeKeys ?? []} onChanged={data.reload} />
      ))}
    </Stack>
  );
}

type Throttle = { burst?: number; rate?: number };
const throttleOf = (s: HttpRouteSettingsWire | undefined): Throttle => ({ burst: s?.throttlingBurstLimit, rate: s?.throttlingRateLimit });
const settingsOf = (t: Throttle): HttpRouteSettingsWire => ({
  ...(t.burst !== undefined && { throttlingBurstLimit: t.burst }),
  ...(t.rate !== undefined && { throttlingRateLimit: t.rate }),
});

function StagePanel({
  path,
  stage,
  deployments,
  routeKeys,
  onChanged,
  webSocket,
}: {
  webSocket: boolean;
  path: string;
  stage: HttpStageWire;
  deployments: { value: string; label: string }[];
  routeKeys: string[];
  onChanged: () => void;
}) {
  const [autoDeploy, setAutoDeploy] = useState(stage.autoDeploy);
  const [deploymentId, setDeploymentId] = useState<string | null>(stage.deploymentId ?? null);
  const [variables, setVariables] = useState(rowsOf(stage.stageVariables));
  const [defaults, setDefaults] = useState(throttleOf(stage.defaultRouteSettings));
  const [routes, setRoutes] = useState(rowsOf(Object.fromEntries(Object.entries(stage.routeSettings).map(([k, v]) => [k, throttleOf(v)]))));
  return (
    <Paper withBorder p="md" data-testid={`http-stage-${stage.stageName}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={3} size="h4">
            {stage.stageName}
          </Title>
          {stage.apiGatewayManaged ? <Badge variant="outline">managed by quick create</Badge> : null}
        </Group>
        <ConfirmButton label="Delete" what={`stage ${stage.stageName}`} onConfirm={async () => (await del(path), onChanged())} />
      </Group>
      <Text size="sm" mb="xs">
        Deployment <code>{stage.deploymentId ?? 'none'}</code>, updated {new Date(stage.lastUpdatedDate).toLocaleString()}
        {stage.lastDeploymentStatusMessage ? ` (${stage.lastDeploymentStatusMessage})` : ''}
      </Text>
      <CreateForm
        submitLabel={`Save stage ${stage.stageName}`}
        stacked
        framed={false}
        onSubmit={async () => {
          const wanted = mapOf(variables);
          // UpdateStage merges stageVariables; a variable sent as "" is removed.
          const removed = Object.fromEntries(Object.keys(stage.stageVariables).filter((k) => !(k in wanted)).map((k) => [k, '']));
          const routeSettings = Object.fromEntries(Object.entries(mapOf(routes)).map(([k, v]) => [k, settingsOf(v)]));
          await send('PATCH', path, {
            autoDeploy,
            ...(!autoDeploy && deploymentId && { deploymentId }),
            stageVariables: { ...removed, ...wanted },
            defaultRouteSettings: settingsOf(defaults),
            routeSettings,
          });
          // Route settings merge by key: the ones taken out are deleted one by one.
          for (const key of Object.keys(stage.routeSettings)) if (!(key in routeSettings)) await del(`${path}/routesettings/${seg(key)}`);
          onChanged();
        }}
      >
        <Group>
          {webSocket ? null : <Switch label={`Auto-deploy ${stage.stageName}`} checked={autoDeploy} onChange={(e) => setAutoDeploy(e.currentTarget.checked)} />}
          {!autoDeploy ? <Select label="Deployment served" data={deployments} value={deploymentId} onChange={setDeploymentId} w={260} /> : null}
        </Group>
        <MapEditor
          legend="Stage variables"
          keyLabel="Variable"
          rows={variables}
          onChange={setVariables}
          newValue=""
          renderValue={(v, set, key) => <TextInput label="Value" aria-label={`Value of ${key}`} value={v} onChange={(e) => set(e.currentTarget.value)} />}
        />
        <Group>
          <NumberInput label="Default burst limit" min={0} value={defaults.burst ?? ''} onChange={(v) => setDefaults({ ...defaults, burst: v === '' ? undefined : Number(v) })} w={170} />
          <NumberInput label="Default rate limit (req/s)" min={0} value={defaults.rate ?? ''} onChange={(v) => setDefaults({ ...defaults, rate: v === '' ? undefined : Number(v) })} w={220} />
        </Group>
        <MapEditor
          legend="Route settings"
          keyLabel="Route key"
          keyPlaceholder={routeKeys[0] ?? 'GET /pets'}
          rows={routes}
          onChange={setRoutes}
          newValue={{}}
          renderValue={(v, set, key) => (
            <Group>
              <NumberInput label="Burst" aria-label={`Burst limit of ${key}`} min={0} value={v.burst ?? ''} onChange={(n) => set({ ...v, burst: n === '' ? undefined : Number(n) })} w={110} />
              <NumberInput label="Rate" aria-label={`Rate limit of ${key}`} min={0} value={v.rate ?? ''} onChange={(n) => set({ ...v, rate: n === '' ? undefined : Number(n) })} w={110} />
            </Group>
          )}
        />
      </CreateForm>
    </Paper>
  );
}
