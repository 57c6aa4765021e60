import { Badge, Code, Group, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { TestInvokeMethodWire } from '@portico/admin-wire';
import { useState } from 'react';
import { post } from '../../api';
import { CreateForm } from '../../components/create-form';
import { MapEditor, mapOf, type MapRows } from '../../components/map-editor';

/**
 * TestInvokeMethod, as AWS's console offers it on a method: the API's current (undeployed) method runs on a
 * request given here, and the panel shows the status, body, headers and the execution log AWS's answer carries.
 */
export function TestInvokePanel({ methodPath, resourcePath }: { methodPath: string; resourcePath: string }) {
  const [path, setPath] = useState(resourcePath);
  const [query, setQuery] = useState('');
  const [headers, setHeaders] = useState<MapRows<string>>([]);
  const [body, setBody] = useState('');
  const [result, setResult] = useState<TestInvokeMethodWire>();
  return (
    <Stack>
      <CreateForm
        title="Test the method"
        submitLabel="Test"
        stacked
        framed={false}
        onSubmit={async () => {
          setResult(undefined);
          const pathWithQueryString = query.trim() ? `${path}?${query.trim().replace(/^\?/, '')}` : path;
          setResult(await post<TestInvokeMethodWire>(methodPath, { pathWithQueryString, headers: mapOf(headers), ...(body && { body }) }));
        }}
      >
        <Group align="end">
          <TextInput label="Request path" description="Path parameters filled in" required value={path} onChange={(e) => setPath(e.currentTarget.value)} w={320} />
          <TextInput label="Query string" placeholder="name=ada&limit=2" value={query} onChange={(e) => setQuery(e.currentTarget.value)} w={320} />
        </Group>
        <MapEditor
          legend="Request headers"
          keyLabel="Header"
          keyPlaceholder="content-type"
          rows={headers}
          onChange={setHeaders}
          newValue=""
          renderValue={(v, set, key) => <TextInput label="Header value" aria-label={`Value of header ${key}`} value={v} onChange={(e) => set(e.currentTarget.value)} />}
        />
        <Textarea label="Request body" autosize minRows={2} maxRows={10} value={body} onChange={(e) => setBody(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
      </CreateForm>
      {result ? <TestInvokeResult result={result} /> : null}
    </Stack>
  );
}

function TestInvokeResult({ result }: { result: TestInvokeMethodWire }) {
  const headers = Object.entries(result.multiValueHeaders).flatMap(([name, values]) => values.map((value) => [name, value] as const));
  return (
    <Stack gap="xs" role="status" aria-label="Test result">
      <Group>
        <Title order={5}>Response</Title>
        <Badge color={result.status < 400 ? 'green' : 'red'} data-testid="test-invoke-status">
          Status {result.status}
        </Badge>
        <Text size="sm" c="dimmed">
          {result.latency} ms
        </Text>
      </Group>
      <Text fw={600} size="sm">
        Response body
      </Text>
      <Code block data-testid="test-invoke-body">
        {result.body || '(empty)'}
      </Code>
      <Table aria-label="Response headers">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Response header</Table.Th>
            <Table.Th>Value</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {headers.map(([name, value], i) => (
            <Table.Tr key={`${name}-${i}`}>
              <Table.Td>
                <code>{name}</code>
              </Table.Td>
              <Table.Td>{value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={600} size="sm">
        Execution log
      </Text>
      <Code block data-testid="test-invoke-log" style={{ maxHeight: 360, overflow: 'auto', whiteSpace: 'pre-wrap' }}>
        {result.log}
      </Code>
    </Stack>
  );
}
