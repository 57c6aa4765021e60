import { Alert, Button, Group, NumberInput, Paper, Select, Stack, Switch, Table, Text, Title } from '@mantine/core';
import type { MethodSettingWire, StageWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, patch, type PatchOperation } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { ErrorAlert } from '../../components/error-alert';
import { useAction } from '../../components/use-action';

/** The sizes (GB) CreateStage and UpdateStage accept for a stage's cache cluster, as AWS lists them. */
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];

/** `hello/{id}/GET` → `/~1hello~1{id}/GET`, and `*\/*` as it is: the patch path of a method-settings key. */
function settingPath(key: string): string {
  if (key === '*/*') return '/*/*';
  const slash = key.lastIndexOf('/');
  const resource = `/${key.slice(0, slash)}`.replace(/~/g, '~0').replace(/\//g, '~1');
  return `/${resource}/${key.slice(slash + 1)}`;
}

/**
 * The stage cache: the cache cluster (enabled and size, UpdateStage), FlushStageCache, and the per-method cache
 * and throttling settings of `methodSettings`. The cluster switch is optimistic: it moves at once and back if
 * the update is refused.
 */
export function StageCache({ path, stage, methodKeys, onChanged }: { path: string; stage: StageWire; methodKeys: string[]; onChanged: () => void }) {
  const [optimistic, setOptimistic] = useState<boolean>();
  const cluster = useAction();
  const flush = useAction();
  const [flushed, setFlushed] = useState(false);
  const enabled = optimistic ?? stage.cacheClusterEnabled;
  const change = (ops: PatchOperation[]) =>
    cluster.run(async () => {
      await patch(path, ops);
      onChanged();
    });
  return (
    <Paper withBorder p="sm" mt="sm" data-testid={`cache-${stage.stageName}`}>
      <Title order={4} size="h6" mb="xs">
        Stage cache
      </Title>
      <ErrorAlert error={cluster.error ?? flush.error} />
      <Group align="end">
        <Switch
          label="Cache cluster enabled"
          checked={enabled}
          onChange={(e) => {
            const next = e.currentTarget.checked;
            setOptimistic(next);
            // On success the reload remounts this panel with the stage as saved; on refusal the switch moves back.
            void change([{ op: 'replace', path: '/cacheClusterEnabled', value: String(next) }]).then((ok) => ok || setOptimistic(undefined));
          }}
          mb={8}
        />
        <Select
          label="Cache size (GB)"
          data={CACHE_SIZES}
          value={stage.cacheClusterSize ?? null}
          disabled={!enabled}
          onChange={(v) => v && void change([{ op: 'replace', path: '/cacheClusterSize', value: v }])}
          allowDeselect={false}
          w={150}
        />
        <Text size="sm" mb={8}>
          Status <code data-testid="cache-status">{stage.cacheClusterStatus}</code>
        </Text>
        <Button
          variant="light"
          loading={flush.busy}
          disabled={!stage.cacheClusterEnabled}
          onClick={() =>
            void flush.run(async () => {
              setFlushed(false);
              await del(`${path}/cache/data`);
              setFlushed(true);
            })
          }
        >
          Flush stage cache
        </Button>
      </Group>
      {flushed ? (
        <Alert color="green" mt="xs" role="status">
          The stage cache was flushed.
        </Alert>
      ) : null}
      <MethodSettings path={path} stage={stage} methodKeys={methodKeys} onChanged={onChanged} />
    </Paper>
  );
}

function MethodSettings({ path, stage, methodKeys, onChanged }: { path: string; stage: StageWire; methodKeys: string[]; onChanged: () => void }) {
  const [key, setKey] = useState<string | null>('*/*');
  const current: MethodSettingWire = (key && stage.methodSettings[key]) || {};
  const [cachingEnabled, setCachingEnabled] = useState(current.cachingEnabled ?? false);
  const [ttl, setTtl] = useState<number>(current.cacheTtlInSeconds ?? 300);
  const [burst, setBurst] = useState<number | ''>(current.throttlingBurstLimit ?? '');
  const [rate, setRate] = useState<number | ''>(current.throttlingRateLimit ?? '');
  const pick = (next: string | null) => {
    const s: MethodSettingWire = (next && stage.methodSettings[next]) || {};
    setKey(next);
    setCachingEnabled(s.cachingEnabled ?? false);
    setTtl(s.cacheTtlInSeconds ?? 300);
    setBurst(s.throttlingBurstLimit ?? '');
    setRate(s.throttlingRateLimit ?? '');
  };
  const entries = Object.entries(stage.methodSettings);
  return (
    <Stack gap="xs" mt="sm">
      <Title order={5} size="h6">
        Method settings
      </Title>
      <Table aria-label={`Method settings of ${stage.stageName}`}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Method</Table.Th>
            <Table.Th>Caching</Table.Th>
            <Table.Th>TTL (s)</Table.Th>
            <Table.Th>Burst</Table.Th>
            <Table.Th>Rate</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map(([k, s]) => (
            <Table.Tr key={k}>
              <Table.Td>
                <code>{k}</code>
              </Table.Td>
              <Table.Td>{s.cachingEnabled ? 'on' : 'off'}</Table.Td>
              <Table.Td>{s.cacheTtlInSeconds ?? ''}</Table.Td>
              <Table.Td>{s.throttlingBurstLimit ?? ''}</Table.Td>
              <Table.Td>{s.throttlingRateLimit ?? ''}</Table.Td>
              <Table.Td>
                <ConfirmButton label="Remove" what={`method settings ${k}`} onConfirm={async () => (await patch(path, [{ op: 'remove', path: settingPath(k) }]), onChanged())} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {entries.length === 0 ? <Text c="dimmed">No method settings: every method uses the stage&apos;s defaults.</Text> : null}
      <CreateForm
        submitLabel="Save method settings"
        framed={false}
        onSubmit={async () => {
          if (!key) return;
          const at = settingPath(key);
          await patch(path, [
            { op: 'replace', path: `${at}/caching/enabled`, value: String(cachingEnabled) },
            { op: 'replace', path: `${at}/caching/ttlInSeconds`, value: String(ttl) },
            ...(burst !== '' ? [{ op: 'replace' as const, path: `${at}/throttling/burstLimit`, value: String(burst) }] : []),
            ...(rate !== '' ? [{ op: 'replace' as const, path: `${at}/throttling/rateLimit`, value: String(rate) }] : []),
          ]);
          onChanged();
        }}
      >
        <Select label="Method" description="*/* is every method" data={['*/*', ...methodKeys]} value={key} onChange={pick} allowDeselect={false} w={220} />
        <Switch label="Cache responses" checked={cachingEnabled} onChange={(e) => setCachingEnabled(e.currentTarget.checked)} mb={8} />
        <NumberInput label="Cache TTL (s)" min={0} max={3600} value={ttl} onChange={(v) => setTtl(Number(v) || 0)} w={130} />
        <NumberInput label="Burst limit" min={0} value={burst} onChange={(v) => setBurst(v === '' ? '' : Number(v))} w={120} />
        <NumberInput label="Rate limit (req/s)" min={0} value={rate} onChange={(v) => setRate(v === '' ? '' : Number(v))} w={150} />
      </CreateForm>
    </Stack>
  );
}
