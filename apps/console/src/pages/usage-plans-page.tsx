import { Anchor, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ApiKeyWire, Page, RestApiWire, StageWire, UsagePlanKeyWire, UsagePlanWire, UsageWire } from '@portico/admin-wire';
import { useEffect, useState } from 'react';
import { del, get, post, seg } from '../api';
import { BarChart } from '../components/bar-chart';
import { ConfirmButton } from '../components/confirm-button';
import { CreateForm } from '../components/create-form';
import { EntityTable } from '../components/entity-table';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';
import { href, navigate } from '../router';

const PALETTE = ['#4c6ef5', '#12b886', '#fab005', '#fa5252', '#7950f2', '#15aabf'];

export function UsagePlansPage({ planId }: { planId?: string }) {
  return planId ? <UsagePlanPage planId={planId} /> : <UsagePlanList />;
}

/** Usage plans: create with an API stage, throttle and quota; list and delete. */
function UsagePlanList() {
  const plans = useLoad(() => get<Page<UsagePlanWire>>('/usageplans?limit=500'), []);
  const apis = useLoad(() => get<Page<RestApiWire>>('/restapis?limit=500'), []);
  const [name, setName] = useState('');
  const [apiId, setApiId] = useState<string | null>(null);
  const [stage, setStage] = useState<string | null>(null);
  const [stages, setStages] = useState<string[]>([]);
  const [rate, setRate] = useState<number | string>(100);
  const [burst, setBurst] = useState<number | string>(200);
  const [quota, setQuota] = useState<number | string>(10000);
  const [stagesError, setStagesError] = useState<unknown>();
  useEffect(() => {
    if (!apiId) return;
    get<{ item: StageWire[] }>(`/restapis/${seg(apiId)}/stages`).then((s) => setStages(s.item.map((x) => x.stageName)), setStagesError);
  }, [apiId]);
  return (
    <Stack>
      <Title order={2}>Usage plans</Title>
      <CreateForm
        title="Create a usage plan"
        submitLabel="Create plan"
        onSubmit={async () => {
          const plan = await post<UsagePlanWire>('/usageplans', {
            name,
            ...(apiId && stage && { apiStages: [{ apiId, stage }] }),
            throttle: { rateLimit: Number(rate), burstLimit: Number(burst) },
            ...(Number(quota) > 0 && { quota: { limit: Number(quota), period: 'DAY' } }),
          });
          navigate('usageplans', plan.id);
        }}
      >
        <TextInput label="Plan name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label="API" data={(apis.value?.item ?? []).map((a) => ({ value: a.id, label: a.name }))} value={apiId} onChange={(v) => (setApiId(v), setStage(null))} w={180} />
        <Select label="Stage" data={stages} value={stage} onChange={setStage} w={120} />
        <NumberInput label="Rate (req/s)" min={0} value={rate} onChange={setRate} w={110} />
        <NumberInput label="Burst" min={0} value={burst} onChange={setBurst} w={90} />
        <NumberInput label="Quota per day" min={0} value={quota} onChange={setQuota} w={130} />
      </CreateForm>
      <EntityTable
        label="Usage plans"
        rows={plans.value?.item}
        error={plans.error ?? stagesError}
        rowKey={(plan) => plan.id}
        empty="No usage plans."
        columns={[
          { header: 'Name', cell: (plan) => <Anchor href={href('usageplans', plan.id)}>{plan.name}</Anchor> },
          { header: 'API stages', cell: (plan) => plan.apiStages.map((s) => `${s.apiId}/${s.stage}`).join(', ') },
          { header: 'Throttle', cell: (plan) => (plan.throttle ? `${plan.throttle.rateLimit ?? '–'} req/s, burst ${plan.throttle.burstLimit ?? '–'}` : '–') },
          { header: 'Quota', cell: (plan) => (plan.quota ? `${plan.quota.limit} per ${plan.quota.period.toLowerCase()}` : '–') },
        ]}
        deleteWhat={(plan) => `usage plan ${plan.name}`}
        onDelete={async (plan) => (await del(`/usageplans/${seg(plan.id)}`), plans.reload())}
      />
    </Stack>
  );
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** One usage plan: its keys (add, remove) and GetUsage per key and day over the last week. */
function UsagePlanPage({ planId }: { planId: string }) {
  const base = `/usageplans/${seg(planId)}`;
  const plan = useLoad(() => get<UsagePlanWire>(base), [planId]);
  const planKeys = useLoad(() => get<Page<UsagePlanKeyWire>>(`${base}/keys`), [planId]);
  const allKeys = useLoad(() => get<Page<ApiKeyWire>>('/apikeys?limit=500'), []);
  const usage = useLoad(() => get<UsageWire>(`${base}/usage?startDate=${day(-6)}&endDate=${day(0)}`), [planId]);
  const [keyId, setKeyId] = useState<string | null>(null);
  useEffect(() => {
    const timer = setInterval(usage.reload, 5000);
    return () => clearInterval(timer);
  }, [planId]);
  const days = Array.from({ length: 7 }, (_, i) => day(i - 6));
  const names = new Map((allKeys.value?.item ?? []).map((k) => [k.id, k.name ?? k.id]));
  const series = Object.entries(usage.value?.values ?? {}).map(([id, values], i) => ({ name: names.get(id) ?? id, color: PALETTE[i % PALETTE.length]!, values: values.map(([used]) => used) }));
  return (
    <Stack>
      <Anchor href={href('usageplans')} size="sm">
        ← Usage plans
      </Anchor>
      <ErrorAlert error={plan.error} />
      <Title order={2}>{plan.value?.name ?? planId}</Title>
      <Text size="sm" c="dimmed">
        {plan.value?.apiStages.map((s) => `${s.apiId}/${s.stage}`).join(', ') || 'No API stages'}
      </Text>
      <Paper withBorder p="md">
        <Title order={3} size="h5" mb="xs">
          Keys
        </Title>
        <CreateForm
          submitLabel="Add key to plan"
          framed={false}
          onSubmit={async () => {
            if (!keyId) return;
            await post(`${base}/keys`, { keyId, keyType: 'API_KEY' });
            planKeys.reload();
            usage.reload();
          }}
        >
          <Select label="API key" data={(allKeys.value?.item ?? []).map((k) => ({ value: k.id, label: k.name ?? k.id }))} value={keyId} onChange={setKeyId} required w={240} />
        </CreateForm>
        <EntityTable
          label="Keys of this plan"
          rows={planKeys.value?.item}
          error={planKeys.error}
          rowKey={(k) => k.id}
          empty="No keys in this plan."
          columns={[
            { header: 'Key', cell: (k) => k.name ?? k.id },
            { header: 'ID', cell: (k) => <code>{k.id}</code> },
          ]}
          actions={(k) => <ConfirmButton label="Remove" what={`key ${k.name ?? k.id} from the plan`} onConfirm={async () => (await del(`${base}/keys/${seg(k.id)}`), planKeys.reload())} />}
        />
      </Paper>
      <Paper withBorder p="md">
        <ErrorAlert error={usage.error} />
        <BarChart title="Requests per key and day (GetUsage)" testId="usage-chart" labels={days.map((d) => d.slice(5))} series={series} />
      </Paper>
    </Stack>
  );
}
