import { Badge, Button, Group, NumberInput, Paper, Select, Switch, Text, TextInput, Title } from '@mantine/core';
import type { StageWire } from '@portico/admin-wire';
import { useState } from 'react';
import { patch, type PatchOperation } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { ErrorAlert } from '../../components/error-alert';
import { MapEditor, mapOf, rowsOf } from '../../components/map-editor';
import { useAction } from '../../components/use-action';

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The stage's canary (UpdateStage `/canarySettings/…`): the share of requests, the deployment they go to, the
 * stage-variable overrides and whether the canary uses the stage cache; promote and delete as AWS's console does.
 */
export function StageCanary({ path, stage, deployments, onChanged }: { path: string; stage: StageWire; deployments: { value: string; label: string }[]; onChanged: () => void }) {
  const canary = stage.canarySettings;
  const [percent, setPercent] = useState<number>(canary?.percentTraffic ?? 10);
  const [deploymentId, setDeploymentId] = useState<string | null>(canary?.deploymentId ?? stage.deploymentId);
  const [useStageCache, setUseStageCache] = useState(canary?.useStageCache ?? false);
  const [overrides, setOverrides] = useState(rowsOf(canary?.stageVariableOverrides));
  const promote = useAction();
  return (
    <Paper withBorder p="sm" mt="sm" data-testid={`canary-${stage.stageName}`}>
      <Group justify="space-between" mb="xs">
        <Group gap="xs">
          <Title order={4} size="h6">
            Canary
          </Title>
          {canary ? (
            <Badge data-testid="canary-summary" variant="light">
              {canary.percentTraffic ?? 0}% to {canary.deploymentId}
            </Badge>
          ) : (
            <Text size="sm" c="dimmed">
              None: every request is served by the stage&apos;s deployment.
            </Text>
          )}
        </Group>
        {canary ? (
          <Group gap="xs">
            <Button
              size="xs"
              variant="light"
              loading={promote.busy}
              onClick={() =>
                void promote.run(async () => {
                  // Promotion as AWS's console sends it: the canary's deployment and overrides become the stage's,
                  // and the canary stays, with no traffic, until it is deleted.
                  await patch(path, [
                    { op: 'replace', path: '/canarySettings/percentTraffic', value: '0.0' },
                    { op: 'copy', from: '/canarySettings/stageVariableOverrides', path: '/variables' },
                    { op: 'copy', from: '/canarySettings/deploymentId', path: '/deploymentId' },
                  ]);
                  onChanged();
                })
              }
            >
              Promote canary
            </Button>
            <ConfirmButton label="Delete" what={`canary of ${stage.stageName}`} onConfirm={async () => (await patch(path, [{ op: 'remove', path: '/canarySettings' }]), onChanged())} />
          </Group>
        ) : null}
      </Group>
      <ErrorAlert error={promote.error} />
      <CreateForm
        submitLabel={canary ? 'Save canary' : 'Create canary'}
        stacked
        framed={false}
        onSubmit={async () => {
          const wanted = mapOf(overrides);
          const ops: PatchOperation[] = [
            { op: 'replace', path: '/canarySettings/percentTraffic', value: String(percent) },
            ...(deploymentId ? [{ op: 'replace' as const, path: '/canarySettings/deploymentId', value: deploymentId }] : []),
            { op: 'replace', path: '/canarySettings/useStageCache', value: String(useStageCache) },
            ...Object.keys(canary?.stageVariableOverrides ?? {})
              .filter((k) => !(k in wanted))
              .map((k) => ({ op: 'remove' as const, path: `/canarySettings/stageVariableOverrides/${pointer(k)}` })),
            ...Object.entries(wanted).map(([k, value]) => ({ op: 'replace' as const, path: `/canarySettings/stageVariableOverrides/${pointer(k)}`, value })),
          ];
          await patch(path, ops);
          onChanged();
        }}
      >
        <Group align="end">
          <NumberInput label="Canary traffic (%)" min={0} max={100} step={0.1} decimalScale={1} value={percent} onChange={(v) => setPercent(Number(v) || 0)} w={160} />
          <Select label="Canary deployment" data={deployments} value={deploymentId} onChange={setDeploymentId} w={280} />
          <Switch label="Canary uses the stage cache" checked={useStageCache} onChange={(e) => setUseStageCache(e.currentTarget.checked)} mb={8} />
        </Group>
        <MapEditor
          legend="Stage variable overrides"
          keyLabel="Override"
          rows={overrides}
          onChange={setOverrides}
          newValue=""
          renderValue={(v, set, key) => <TextInput label="Canary value" aria-label={`Canary value of ${key}`} value={v} onChange={(e) => set(e.currentTarget.value)} />}
        />
      </CreateForm>
    </Paper>
  );
}
