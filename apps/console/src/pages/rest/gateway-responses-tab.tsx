import { Badge, Grid, Group, NavLink, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { GatewayResponseWire, Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, put, seg } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { ErrorAlert } from '../../components/error-alert';
import { MapEditor, mapOf, rowsOf } from '../../components/map-editor';
import { useLoad } from '../../components/use-load';

/** The 21 gateway response types (GetGatewayResponses lists them all), each editable and resettable to AWS's default. */
export function GatewayResponsesTab({ restApiId }: { restApiId: string }) {
  const base = `/restapis/${seg(restApiId)}/gatewayresponses`;
  const responses = useLoad(() => get<Page<GatewayResponseWire>>(`${base}?limit=500`), [restApiId]);
  const [selected, setSelected] = useState('DEFAULT_4XX');
  // Kept here: saving a default type customises it, and the editor is remounted with the saved response.
  const [savedType, setSavedType] = useState<string>();
  const current = responses.value?.item.find((r) => r.responseType === selected);
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 4 }}>
        <Paper withBorder p="xs" component="nav" aria-label="Gateway response types">
          <ErrorAlert error={responses.error} />
          {(responses.value?.item ?? []).map((r) => (
            <NavLink
              key={r.responseType}
              component="button"
              type="button"
              label={r.responseType}
              description={r.statusCode}
              rightSection={r.defaultResponse ? null : <Badge size="xs">customised</Badge>}
              active={r.responseType === selected}
              aria-current={r.responseType === selected ? 'true' : undefined}
              onClick={() => (setSelected(r.responseType), setSavedType(undefined))}
            />
          ))}
        </Paper>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 8 }}>
        {current ? <GatewayResponseEditor key={`${current.responseType}-${String(current.defaultResponse)}`} path={`${base}/${seg(current.responseType)}`} response={current} saved={savedType === current.responseType} onSaved={(saved) => (setSavedType(saved ? current.responseType : undefined), responses.reload())} /> : null}
      </Grid.Col>
    </Grid>
  );
}

function GatewayResponseEditor({ path, response, saved, onSaved }: { path: string; response: GatewayResponseWire; saved: boolean; onSaved: (saved: boolean) => void }) {
  const [statusCode, setStatusCode] = useState(response.statusCode ?? '');
  const [headers, setHeaders] = useState(rowsOf(response.responseParameters));
  const [templates, setTemplates] = useState(rowsOf(response.responseTemplates));
  return (
    <Stack>
      <Title order={3} size="h4">
        {response.responseType} {response.defaultResponse ? <Badge variant="outline">default</Badge> : <Badge>customised</Badge>}
      </Title>
      <CreateForm
        submitLabel="Save gateway response"
        stacked
        onSubmit={async () => {
          await put(path, { ...(statusCode && { statusCode }), responseParameters: mapOf(headers), responseTemplates: mapOf(templates) });
          onSaved(true);
        }}
      >
        <TextInput label="Status code" description="Empty keeps the type's default status" value={statusCode} onChange={(e) => setStatusCode(e.currentTarget.value)} w={200} />
        <MapEditor
          legend="Response headers"
          keyLabel="Header"
          keyPlaceholder="gatewayresponse.header.Access-Control-Allow-Origin"
          rows={headers}
          onChange={setHeaders}
          newValue=""
          renderValue={(v, set, key) => <TextInput label="Value" aria-label={`Value of ${key}`} placeholder="'*'" value={v} onChange={(e) => set(e.currentTarget.value)} />}
        />
        <MapEditor
          legend="Response templates"
          keyLabel="Content type"
          keyPlaceholder="application/json"
          rows={templates}
          onChange={setTemplates}
          newValue=""
          renderValue={(v, set, key) => (
            <Textarea label="Template" aria-label={`Template for ${key}`} autosize minRows={2} value={v} onChange={(e) => set(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
          )}
        />
        {saved ? (
          <Text role="status" c="green" size="sm">
            Saved. Deploy the API for the change to be served.
          </Text>
        ) : null}
      </CreateForm>
      <Group>
        {response.defaultResponse ? (
          <Text size="sm" c="dimmed">
            AWS&apos;s default: saving customises it; a customised response can be reset.
          </Text>
        ) : (
          <ConfirmButton label="Reset to default" what={`gateway response ${response.responseType}`} onConfirm={async () => (await del(path), onSaved(false))} />
        )}
      </Group>
    </Stack>
  );
}
