import { Button, Code, Group, NumberInput, Paper, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import type { AuthorizerWire, Page, TestInvokeAuthorizerWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../api';
import { ConfirmButton } from '../components/confirm-button';
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
  const [error, setError] = useState<unknown>();
  const [testing, setTesting] = useState<string>();
  return (
    <Stack>
      <Paper withBorder p="md">
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            setError(undefined);
            try {
              await post(base, {
                name,
                type,
                identitySource,
                authorizerResultTtlInSeconds: ttl,
                ...(type === 'COGNITO_USER_POOLS' ? { providerARNs: [uri] } : { authorizerUri: uri }),
              });
              setName('');
              authorizers.reload();
            } catch (e) {
              setError(e);
            }
          }}
        >
          <Title order={3} size="h5" mb="xs">
            Create an authorizer
          </Title>
          <ErrorAlert error={error} />
          <Group align="end">
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <Select label="Type" data={['TOKEN', 'REQUEST', 'COGNITO_USER_POOLS']} value={type} onChange={(v) => v && setType(v)} allowDeselect={false} w={200} />
            <TextInput label={type === 'COGNITO_USER_POOLS' ? 'User pool ARN' : 'Lambda invocation URI'} required value={uri} onChange={(e) => setUri(e.currentTarget.value)} w={360} />
            <TextInput label="Identity source" value={identitySource} onChange={(e) => setIdentitySource(e.currentTarget.value)} w={300} />
            <NumberInput label="Result TTL (s)" min={0} max={3600} value={ttl} onChange={(v) => setTtl(Number(v) || 0)} w={120} />
            <Button type="submit">Create authorizer</Button>
          </Group>
        </form>
      </Paper>
      <ErrorAlert error={authorizers.error} />
      <Table aria-label="Authorizers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Name</Table.Th>
            <Table.Th>Type</Table.Th>
            <Table.Th>Identity source</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(authorizers.value?.item ?? []).map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>{a.name}</Table.Td>
              <Table.Td>{a.type}</Table.Td>
              <Table.Td>
                <code>{a.identitySource}</code>
              </Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <Button size="xs" variant="light" onClick={() => setTesting(a.id)}>
                    Test
                  </Button>
                  <ConfirmButton label="Delete" what={`authorizer ${a.name}`} onConfirm={async () => (await del(`${base}/${seg(a.id)}`), authorizers.reload())} />
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
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
