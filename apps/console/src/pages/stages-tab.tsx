import { ActionIcon, Button, Code, Group, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { DeploymentWire, Page, ResourceWire, StageWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, patch, seg } from '../api';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';
import { StageCache } from './rest/stage-cache';
import { StageCanary } from './rest/stage-canary';

/**
 * The API's stages: deployment, invoke path, stage variables, canary, cache and method settings (UpdateStage
 * patch operations), delete.
 */
export function StagesTab({ restApiId }: { restApiId: string }) {
  const base = `/restapis/${seg(restApiId)}/stages`;
  const stages = useLoad(() => get<{ item: StageWire[] }>(base), [restApiId]);
  const context = useLoad(async () => {
    const [deployments, resources] = await Promise.all([
      get<Page<DeploymentWire>>(`/restapis/${seg(restApiId)}/deployments?limit=500`),
      get<Page<ResourceWire>>(`/restapis/${seg(restApiId)}/resources?limit=500`),
    ]);
    return {
      deployments: deployments.item
        .sort((a, b) => b.createdDate - a.createdDate)
        .map((d) => ({ value: d.id, label: `${d.id} ${new Date(d.createdDate * 1000).toLocaleString()}${d.description ? ` ${d.description}` : ''}` })),
      // methodSettings keys: the resource path without its leading slash, then the verb (`hello/GET`).
      methodKeys: resources.item.flatMap((r) => Object.keys(r.resourceMethods ?? {}).map((m) => `${r.path.slice(1)}/${m}`)).sort(),
    };
  }, [restApiId]);
  return (
    <Stack>
      <ErrorAlert error={stages.error ?? context.error} />
      {(stages.value?.item ?? []).length === 0 && stages.value ? <Text c="dimmed">No stages yet: deploy the API to create one.</Text> : null}
      {(stages.value?.item ?? []).map((stage) => (
        <Paper key={stage.stageName} withBorder p="md" data-testid={`stage-${stage.stageName}`}>
          <Group justify="space-between" mb="xs">
            <Title order={3} size="h4">
              {stage.stageName}
            </Title>
            <ConfirmButton label="Delete" what={`stage ${stage.stageName}`} onConfirm={async () => (await del(`${base}/${seg(stage.stageName)}`), stages.reload())} />
          </Group>
          <Text size="sm">
            Deployment <code>{stage.deploymentId}</code>, updated {new Date(stage.lastUpdatedDate * 1000).toLocaleString()}
          </Text>
          <Text size="sm">
            Invoke on a data plane: <Code>{`/restapis/${restApiId}/${stage.stageName}/_user_request_/`}</Code> or host <Code>{`${restApiId}.execute-api.localhost`}</Code>
          </Text>
          <StageVariables path={`${base}/${seg(stage.stageName)}`} stage={stage} onChanged={stages.reload} />
          <StageCanary key={`canary-${stage.lastUpdatedDate}-${stages.version}`} path={`${base}/${seg(stage.stageName)}`} stage={stage} deployments={context.value?.deployments ?? []} onChanged={stages.reload} />
          <StageCache key={`cache-${stage.lastUpdatedDate}-${stages.version}`} path={`${base}/${seg(stage.stageName)}`} stage={stage} methodKeys={context.value?.methodKeys ?? []} onChanged={stages.reload} />
        </Paper>
      ))}
    </Stack>
  );
}

function StageVariables({ path, stage, onChanged }: { path: string; stage: StageWire; onChanged: () => void }) {
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const variables = Object.entries(stage.variables ?? {});
  const change = async (operation: Parameters<typeof patch>[1]) => {
    setError(undefined);
    try {
      await patch(path, operation);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <Stack mt="sm" gap="xs">
      <Title order={4} size="h6">
        Stage variables
      </Title>
      <ErrorAlert error={error} />
      <Table aria-label={`Stage variables of ${stage.stageName}`}>
        <Table.Tbody>
          {variables.map(([k, v]) => (
            <Table.Tr key={k}>
              <Table.Td>
                <code>{k}</code>
              </Table.Td>
              <Table.Td>{v}</Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="red" aria-label={`Remove variable ${k}`} onClick={() => change([{ op: 'remove', path: `/variables/${k}` }])}>
                  ✕
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          await change([{ op: 'replace', path: `/variables/${name}`, value }]);
          setName('');
          setValue('');
        }}
      >
        <Group align="end">
          <TextInput label="Variable name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
          <TextInput label="Value" required value={value} onChange={(e) => setValue(e.currentTarget.value)} />
          <Button type="submit" variant="light">
            Set variable
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
