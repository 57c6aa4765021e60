import { Button, Group, Modal, Text } from '@mantine/core';
import { useState } from 'react';
import { ErrorAlert } from './error-alert';

/** A delete (or other irreversible) action that asks first; the error, if the call fails, stays in the dialog. */
export function ConfirmButton({ label, what, onConfirm }: { label: string; what: string; onConfirm: () => Promise<unknown> }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <>
      <Button color="red" variant="light" size="xs" onClick={() => setOpen(true)} aria-label={`${label} ${what}`}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={`${label} ${what}?`} centered>
        <Text mb="md">This cannot be undone.</Text>
        <ErrorAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button
            color="red"
            loading={busy}
            onClick={async () => {
              setBusy(true);
              setError(undefined);
              try {
                await onConfirm();
                setOpen(false);
              } catch (e) {
                setError(e);
              } finally {
                setBusy(false);
              }
            }}
          >
            {label}
          </Button>
        </Group>
      </Modal>
    </>
  );
}
