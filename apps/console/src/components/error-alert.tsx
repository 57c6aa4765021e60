import { Alert } from '@mantine/core';
import { AdminApiError } from '../api';

/** An admin error exactly as AWS's API names it (type and message), announced to screen readers. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const title = error instanceof AdminApiError ? error.type : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Alert color="red" title={title} role="alert" data-testid="admin-error" mb="sm">
      {message}
    </Alert>
  );
}
