import { Button, Group, Paper, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';
import { useAction } from './use-action';

/**
 * The create (or save) form every page has: a titled, labelled form whose submit shows progress and the admin
 * API's error verbatim. `onSubmit` throws to report; `stacked` puts the fields one under another (textareas).
 */
export function CreateForm({
  title,
  submitLabel,
  onSubmit,
  children,
  stacked = false,
  framed = true,
}: {
  title?: string;
  submitLabel: string;
  onSubmit: () => Promise<unknown>;
  children: ReactNode;
  stacked?: boolean;
  framed?: boolean;
}) {
  const action = useAction();
  const button = (
    <Button type="submit" loading={action.busy}>
      {submitLabel}
    </Button>
  );
  const form = (
    <form
      aria-label={title ?? submitLabel}
      onSubmit={(event) => {
        event.preventDefault();
        void action.run(onSubmit);
      }}
    >
      {title ? (
        <Title order={3} size="h5" mb="xs">
          {title}
        </Title>
      ) : null}
      <ErrorAlert error={action.error} />
      {stacked ? (
        <Stack>
          {children}
          <Group>{button}</Group>
        </Stack>
      ) : (
        <Group align="end">
          {children}
          {button}
        </Group>
      )}
    </form>
  );
  return framed ? (
    <Paper withBorder p="md">
      {form}
    </Paper>
  ) : (
    form
  );
}
