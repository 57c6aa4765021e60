import { Progress, Select, Stack, TextInput } from '@mantine/core';
import type { HttpDeploymentWire, HttpStageWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useLoad } from '../../components/use-load';

/** Deployments of an HTTP or WebSocket API: deploy (to a stage, or not yet), list, delete. */
export function HttpDeploymentsTab({ apiId, kind = 'HTTP API' }: { apiId: string; kind?: string }) {
  const base = `/v2/apis/${seg(apiId)}`;
  const data = useLoad(async () => {
    const [deployments, stages] = await Promise.all([get<V2Page<HttpDeploymentWire>>(`${base}/deployments?maxResults=500`), get<V2Page<HttpStageWire>>(`${base}/stages?maxResults=500`)]);
    return { deployments: deployments.items, stages: stages.items.map((s) => s.stageName) };
  }, [apiId]);
  const [stageName, setStageName] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <Stack>
      <CreateForm
        title={`Deploy the ${kind}`}
        submitLabel="Create deployment"
        onSubmit={async () => {
          setBusy(true);
          try {
            await post(`${base}/deployments`, { ...(stageName && { stageName }), ...(description && { description }) });
          } finally {
            setBusy(false);
          }
          setDescription('');
          data.reload();
        }}
      >
        <Select label="Deploy to stage" description="A stage with auto-deploy off" data={data.value?.stages ?? []} value={stageName} onChange={setStageName} clearable w={200} />
        <TextInput label="Deployment description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      </CreateForm>
      {busy ? <Progress value={100} animated aria-label="Deploying" /> : null}
      <EntityTable
        label="Deployments"
        rows={data.value?.deployments}
        error={data.error}
        rowKey={(d) => d.deploymentId}
        empty="No deployments."
        columns={[
          { header: 'ID', cell: (d) => <code>{d.deploymentId}</code> },
          { header: 'Status', cell: (d) => d.deploymentStatus },
          { header: 'Auto-deployed', cell: (d) => (d.autoDeployed ? 'yes' : 'no') },
          { header: 'Description', cell: (d) => d.description ?? '' },
          { header: 'Created', cell: (d) => new Date(d.createdDate).toLocaleString() },
        ]}
        deleteWhat={(d) => `deployment ${d.deploymentId}`}
        onDelete={async (d) => (await del(`${base}/deployments/${seg(d.deploymentId)}`), data.reload())}
      />
    </Stack>
  );
}
