import { Button, Group, Modal, Progress, Stack, Text, TextInput } from '@mantine/core';
import type { DeploymentWire } from '@portico/admin-wire';
import { useState } from 'react';
import { post, seg } from '../api';
import { ErrorAlert } from '../components/error-alert';

/** CreateDeployment to a stage (created if new), with progress while the snapshot is compiled and stored. */
export function DeployButton({ restApiId }: { restApiId: string }) {
  const [open, setOpen] = useState(false);
  const [stageName, setStageName] = useState('dev');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<DeploymentWire>();
  return (
    <>
      <Button onClick={() => (setOpen(true), setDone(undefined), setError(undefined))}>Deploy API</Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Deploy API" centered>
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            try {
              setDone(await post<DeploymentWire>(`/restapis/${seg(restApiId)}/deployments`, { stageName, ...(description && { description }) }));
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Stack>
            <ErrorAlert error={error} />
            <TextInput label="Stage name" required value={stageName} onChange={(e) => setStageName(e.currentTarget.value)} />
            <TextInput label="Deployment description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
            {busy ? <Progress value={100} animated aria-label="Deploying" /> : null}
            {done ? (
              <Text role="status" c="green" data-testid="deployed">
                Deployed {done.id} to {stageName}.
              </Text>
            ) : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                Close
              </Button>
              <Button type="submit" loading={busy}>
                Deploy
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
