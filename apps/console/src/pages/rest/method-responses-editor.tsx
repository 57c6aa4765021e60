import { Group, Paper, Select, Stack, Switch, Textarea, TextInput, Title } from '@mantine/core';
import type { IntegrationResponseWire, MethodResponseWire, MethodWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, patch, put, seg } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { MapEditor, mapOf, mapPatch, rowsOf } from '../../components/map-editor';
import { useApiParts } from './method-request-editor';

/** Method responses: the status codes the method declares, with their header parameters and models. */
export function MethodResponsesEditor({ restApiId, methodPath, method, onSaved }: { restApiId: string; methodPath: string; method: MethodWire; onSaved: () => void }) {
  const parts = useApiParts(restApiId);
  const models = (parts.value?.models ?? []).map((m) => m.name);
  const [statusCode, setStatusCode] = useState('');
  return (
    <Stack>
      {Object.values(method.methodResponses ?? {}).map((r) => (
        <MethodResponseForm key={r.statusCode} path={`${methodPath}/responses/${seg(r.statusCode)}`} response={r} models={models} onSaved={onSaved} />
      ))}
      <CreateForm
        title="Add a method response"
        submitLabel="Add method response"
        onSubmit={async () => {
          await put(`${methodPath}/responses/${seg(statusCode)}`, {});
          setStatusCode('');
          onSaved();
        }}
      >
        <TextInput label="Method response status code" placeholder="200" required value={statusCode} onChange={(e) => setStatusCode(e.currentTarget.value)} />
      </CreateForm>
    </Stack>
  );
}

function MethodResponseForm({ path, response, models, onSaved }: { path: string; response: MethodResponseWire; models: string[]; onSaved: () => void }) {
  const [headers, setHeaders] = useState(rowsOf(response.responseParameters));
  const [bodies, setBodies] = useState(rowsOf(response.responseModels));
  return (
    <Paper withBorder p="md" data-testid={`method-response-${response.statusCode}`}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{response.statusCode}</Title>
        <ConfirmButton label="Delete" what={`method response ${response.statusCode}`} onConfirm={async () => (await del(path), onSaved())} />
      </Group>
      <CreateForm
        submitLabel={`Save ${response.statusCode} response`}
        stacked
        framed={false}
        onSubmit={async () => {
          const ops = [...mapPatch('/responseParameters', response.responseParameters, mapOf(headers)), ...mapPatch('/responseModels', response.responseModels, mapOf(bodies))];
          if (ops.length > 0) await patch(path, ops);
          onSaved();
        }}
      >
        <MapEditor
          legend="Response headers"
          keyLabel="Header"
          keyPlaceholder="method.response.header.X-Request-Id"
          rows={headers}
          onChange={setHeaders}
          newValue={false}
          renderValue={(v, set, key) => <Switch label="Required" aria-label={`Required: ${key}`} checked={v} onChange={(e) => set(e.currentTarget.checked)} mb={8} />}
        />
        <MapEditor
          legend="Response models"
          keyLabel="Content type"
          keyPlaceholder="application/json"
          rows={bodies}
          onChange={setBodies}
          newValue=""
          renderValue={(v, set, key) => <Select label="Model" aria-label={`Model for ${key}`} data={models} value={v || null} onChange={(m) => set(m ?? '')} w={240} />}
        />
      </CreateForm>
    </Paper>
  );
}

/** Integration responses: which backend answer (selection pattern) maps to which method response, and how. */
export function IntegrationResponsesEditor({ methodPath, method, onSaved }: { methodPath: string; method: MethodWire; onSaved: () => void }) {
  const integration = method.methodIntegration;
  const statusCodes = Object.keys(method.methodResponses ?? {});
  const [statusCode, setStatusCode] = useState<string | null>(null);
  if (!integration) return <Title order={6}>Set up the integration first.</Title>;
  return (
    <Stack>
      {Object.values(integration.integrationResponses ?? {}).map((r) => (
        <IntegrationResponseForm key={r.statusCode} path={`${methodPath}/integration/responses/${seg(r.statusCode)}`} response={r} onSaved={onSaved} />
      ))}
      <CreateForm
        title="Add an integration response"
        submitLabel="Add integration response"
        onSubmit={async () => {
          if (!statusCode) return;
          await put(`${methodPath}/integration/responses/${seg(statusCode)}`, { selectionPattern: '' });
          setStatusCode(null);
          onSaved();
        }}
      >
        <Select label="For method response" description="Declare it under Method responses first" data={statusCodes} value={statusCode} onChange={setStatusCode} required w={220} />
      </CreateForm>
    </Stack>
  );
}

function IntegrationResponseForm({ path, response, onSaved }: { path: string; response: IntegrationResponseWire; onSaved: () => void }) {
  const [selectionPattern, setSelectionPattern] = useState(response.selectionPattern ?? '');
  const [contentHandling, setContentHandling] = useState(response.contentHandling ?? '');
  const [headers, setHeaders] = useState(rowsOf(response.responseParameters));
  const [templates, setTemplates] = useState(rowsOf(response.responseTemplates));
  return (
    <Paper withBorder p="md" data-testid={`integration-response-${response.statusCode}`}>
      <Group justify="space-between" mb="xs">
        <Title order={5}>{response.statusCode}</Title>
        <ConfirmButton label="Delete" what={`integration response ${response.statusCode}`} onConfirm={async () => (await del(path), onSaved())} />
      </Group>
      <CreateForm
        submitLabel={`Save ${response.statusCode} integration response`}
        stacked
        framed={false}
        onSubmit={async () => {
          // PutIntegrationResponse replaces the whole response (it creates or updates).
          await put(path, {
            selectionPattern,
            responseParameters: mapOf(headers),
            responseTemplates: mapOf(templates),
            ...(contentHandling && { contentHandling }),
          });
          onSaved();
        }}
      >
        <TextInput label="Selection pattern" description="A regular expression on the backend's status (HTTP) or error message (Lambda); empty is the default" value={selectionPattern} onChange={(e) => setSelectionPattern(e.currentTarget.value)} />
        <Select
          label="Content handling"
          data={[
            { value: '', label: 'Passthrough' },
            { value: 'CONVERT_TO_TEXT', label: 'CONVERT_TO_TEXT' },
            { value: 'CONVERT_TO_BINARY', label: 'CONVERT_TO_BINARY' },
          ]}
          value={contentHandling}
          onChange={(v) => setContentHandling(v ?? '')}
          allowDeselect={false}
          w={220}
        />
        <MapEditor
          legend="Header mappings"
          keyLabel="Header"
          keyPlaceholder="method.response.header.X-Request-Id"
          rows={headers}
          onChange={setHeaders}
          newValue=""
          renderValue={(v, set, key) => <TextInput label="Mapped from" aria-label={`Mapped from, ${key}`} placeholder="integration.response.header.x-id or 'static'" value={v} onChange={(e) => set(e.currentTarget.value)} />}
        />
        <MapEditor
          legend="Mapping templates"
          keyLabel="Content type"
          keyPlaceholder="application/json"
          rows={templates}
          onChange={setTemplates}
          newValue=""
          renderValue={(v, set, key) => (
            <Textarea label="Template" aria-label={`Template for ${key}`} autosize minRows={2} value={v} onChange={(e) => set(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
          )}
        />
      </CreateForm>
    </Paper>
  );
}
