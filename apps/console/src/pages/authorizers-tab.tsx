import { Button, Code, Group, NumberInput, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import type { AuthorizerWire, Page, TestInvokeAuthorizerWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../api';
import { CreateForm } from '../components/create-form';
import { EntityTable } from '../components/entity-table';
import { ErrorAlert } from '../components/error-alert';
import { useLoad } from '../components/use-load';

/** Lambda (TOKEN/REQUEST) and Cognito authorizers, with a TestInvokeAuthorizer panel. */
export function AuthorizersTab({ restApiId }: { restApiId: string }) {
  const base = `/restapis/${seg(restApiId)}/authorizers`;
  const authorizers = useLoad(() => get<Page<AuthorizerWire>>(base), [restApiId]);
  const [name, setName] = useState('');
  const [type, setType] = useState('TOKEN');
  const [uri, setUri] = useState('');
  const [identitySource, setIdentitySource] = useState('method.request.header.Authorization');
  const [ttl, setTtl] = useState<number>(300);
  const [testing, setTesting] = useState<string>();
  return (
    <Stack>
      <CreateForm
        title="Create an authorizer"
        submitLabel="Create authorizer"
        onSubmit={async () => {
          await post(base, {
            name,
            type,
            identitySource,
            authorizerResultTtlInSeconds: ttl,
            ...(type === 'COGNITO_USER_POOLS' ? { providerARNs: [uri] } : { authorizerUri: uri }),
          });
          setName('');
          authorizers.reload();
        }}
      >
        <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label="Type" data={['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']} value={type} onChange={(v) => v && setType(v)} allowDeselect={false} w={200} />
        <TextInput label={type === 'COGNITO_USER_POOLS' ? 'User pool ARN' : 'Lambda invocation URI'} required value={uri} onChange={(e) => setUri(e.currentTarget.value)} w={360} />
        <TextInput label="Identity source" value={identitySource} onChange={(e) => setIdentitySource(e.currentTarget.value)} w={300} />
        <NumberInput label="Result TTL (s)" min={0} max={3600} value={ttl} onChange={(v) => setTtl(Number(v) || 0)} w={120} />
      </CreateForm>
      <EntityTable
        label="Authorizers"
        rows={authorizers.value?.item}
        error={authorizers.error}
        rowKey={(a) => a.id}
        empty="No authorizers."
        columns={[
          { header: 'Name', cell: (a) => a.name },
          { header: 'Type', cell: (a) => a.type },
          { header: 'Identity source', cell: (a) => <code>{a.identitySource}</code> },
        ]}
        actions={(a) => (
          <Button size="xs" variant="light" onClick={() => setTesting(a.id)} aria-label={`Test ${a.name}`}>
            Test
          </Button>
        )}
        deleteWhat={(a) => `authorizer ${a.name}`}
        onDelete={async (a) => (await del(`${base}/${seg(a.id)}`), authorizers.reload())}
      />
      {testing ? <TestAuthorizer key={testing} path={`${base}/${seg(testing)}`} /> : null}
    </Stack>
  );
}

function TestAuthorizer({ path }: { path: string }) {
  const [header, setHeader] = useState('Authorization');
  const [value, setValue] = useState('');
  const [result, setResult] = useState<TestInvokeAuthorizerWire>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Paper withBorder p="md">
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError(undefined);
          try {
            setResult(await post<TestInvokeAuthorizerWire>(path, { headers: { [header]: value } }));
          } catch (e) {
            setError(e);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Title order={3} size="h5" mb="xs">
          Test authorizer
        </Title>
        <ErrorAlert error={error} />
        <Group align="end">
          <TextInput label="Header" value={header} onChange={(e) => setHeader(e.currentTarget.value)} />
          <TextInput label="Value" value={value} onChange={(e) => setValue(e.currentTarget.value)} w={320} />
          <Button type="submit" loading={busy}>
            Test
          </Button>
        </Group>
      </form>
      {result ? (
        <Stack mt="sm" gap="xs" role="status">
          <Text>
            Status <b data-testid="authorizer-status">{result.clientStatus}</b>, {result.latency} ms{result.principalId ? `, principal ${result.principalId}` : ''}
          </Text>
          {result.policy ? <Code block>{result.policy}</Code> : null}
          <Code block>{result.log}</Code>
        </Stack>
      ) : null}
    </Paper>
  );
}
