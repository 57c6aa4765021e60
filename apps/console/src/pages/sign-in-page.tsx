import { Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { ConsoleSessionWire } from '@portico/admin-wire';
import { useState } from 'react';
import { signIn } from '../api';
import { ErrorAlert } from '../components/error-alert';

/** Sign in with an access key pair (an IAM user's, an account root's or the bootstrap admin's). */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: ConsoleSessionWire) => void }) {
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [sessionToken, setSessionToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Center mih="100vh">
      <Paper withBorder shadow="sm" p="xl" w={420} component="main">
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            setBusy(true);
            setError(undefined);
            try {
              onSignedIn(await signIn({ accessKeyId: accessKeyId.trim(), secretAccessKey, ...(sessionToken && { sessionToken }) }));
            } catch (e) {
              setError(e);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Stack>
            <Title order={1} size="h2">
              Sign in to Portico
            </Title>
            <Text size="sm" c="dimmed">
              Use an access key pair. The console keeps a short-lived session token, never your secret.
            </Text>
            <ErrorAlert error={error} />
            <TextInput label="Access key ID" name="accessKeyId" required autoComplete="username" value={accessKeyId} onChange={(e) => setAccessKeyId(e.currentTarget.value)} />
            <PasswordInput label="Secret access key" name="secretAccessKey" required autoComplete="current-password" value={secretAccessKey} onChange={(e) => setSecretAccessKey(e.currentTarget.value)} />
            <TextInput label="Session token (temporary credentials only)" name="sessionToken" value={sessionToken} onChange={(e) => setSessionToken(e.currentTarget.value)} />
            <Button type="submit" loading={busy}>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
