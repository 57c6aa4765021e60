import { Group, Select, Stack, Text } from '@mantine/core';
import type { StageWire, TrafficWire } from '@portico/admin-wire';
import { useEffect, useState } from 'react';
import { get, seg } from '../api';
import { BarChart } from '../components/bar-chart';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';

const REFRESH_MS = 5000;

/** Count, 4XX, 5XX and latency per minute over the last hour, as the control plane gathers them from data planes. */
export function TrafficTab({ restApiId }: { restApiId: string }) {
  const stages = useLoad(() => get<{ item: StageWire[] }>(`/restapis/${seg(restApiId)}/stages`), [restApiId]);
  const [stage, setStage] = useState<string | null>(null);
  const chosen = stage ?? stages.value?.item[0]?.stageName ?? null;
  const [traffic, setTraffic] = useState<TrafficWire>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!chosen) return;
    let live = true;
    const load = () =>
      get<TrafficWire>(`/portico/console/traffic/${seg(restApiId)}/${seg(chosen)}`).then(
        (t) => live && (setTraffic(t), setError(undefined)),
        (e: unknown) => live && setError(e),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [restApiId, chosen]);
  const points = traffic?.points ?? [];
  const labels = points.map((p) => new Date(p.time * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
  return (
    <Stack>
      <ErrorAlert error={stages.error ?? error} />
      <Group>
        <Select label="Stage" data={(stages.value?.item ?? []).map((s) => s.stageName)} value={chosen} onChange={setStage} allowDeselect={false} w={200} />
        <Text size="sm" c="dimmed" mt="lg">
          {traffic ? `${traffic.dataPlanes} data plane${traffic.dataPlanes === 1 ? '' : 's'} reporting; refreshed every ${REFRESH_MS / 1000} s` : 'No stage yet.'}
        </Text>
      </Group>
      {traffic ? (
        <>
          <BarChart
            title="Requests per minute"
            testId="traffic-chart"
            labels={labels}
            series={[
              { name: 'Count', color: '#4c6ef5', values: points.map((p) => p.count) },
              { name: '4XX', color: '#fab005', values: points.map((p) => p['4XXError']) },
              { name: '5XX', color: '#fa5252', values: points.map((p) => p['5XXError']) },
            ]}
          />
          <BarChart title="Mean latency (ms)" labels={labels} series={[{ name: 'Latency', color: '#12b886', values: points.map((p) => Math.round(p.latency)) }]} />
        </>
      ) : null}
    </Stack>
  );
}
