import { Button, Group, Paper, Select, Stack, Switch, Text, Title } from '@mantine/core';
import type { ImportedRestApiWire, StageWire } from '@portico/admin-wire';
import { useState } from 'react';
import { get, sendText, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { ErrorAlert } from '../../components/error-alert';
import { documentContentType, ImportWarnings, OpenApiDocument } from '../../components/open-api-document';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';
import { BASEPATH_MODES } from './import-api-form';

/** PutRestApi (merge or overwrite the API from a document) and GetExport of a deployed stage. */
export function OpenApiTab({ restApiId, onChanged }: { restApiId: string; onChanged: () => void }) {
  const [document, setDocument] = useState('');
  const [mode, setMode] = useState('merge');
  const [failOnWarnings, setFailOnWarnings] = useState(false);
  const [basepath, setBasepath] = useState('ignore');
  const [result, setResult] = useState<ImportedRestApiWire>();
  return (
    <Stack>
      <CreateForm
        title="Update the API from OpenAPI (PutRestApi)"
        submitLabel="Put API definition"
        stacked
        onSubmit={async () => {
          setResult(undefined);
          const query = new URLSearchParams({ mode, failonwarnings: String(failOnWarnings), basepath });
          setResult(JSON.parse(await sendText('PUT', `/restapis/${seg(restApiId)}?${query}`, { body: document, contentType: documentContentType(document) })) as ImportedRestApiWire);
          onChanged();
        }}
      >
        <OpenApiDocument value={document} onChange={setDocument} />
        <Group>
          <Select
            label="Mode"
            data={[
              { value: 'merge', label: 'merge: add to the API' },
              { value: 'overwrite', label: 'overwrite: replace the API' },
            ]}
            value={mode}
            onChange={(v) => v && setMode(v)}
            allowDeselect={false}
            w={260}
          />
          <Select label="Base path" data={BASEPATH_MODES} value={basepath} onChange={(v) => v && setBasepath(v)} allowDeselect={false} w={300} />
          <Switch label="Fail on warnings" checked={failOnWarnings} onChange={(e) => setFailOnWarnings(e.currentTarget.checked)} mt="lg" />
        </Group>
        {result ? (
          <Text role="status" c="green" size="sm">
            Updated {result.name}. Deploy the API for the change to be served.
          </Text>
        ) : null}
        <ImportWarnings warnings={result?.warnings} />
      </CreateForm>
      <ExportPanel restApiId={restApiId} />
    </Stack>
  );
}

function ExportPanel({ restApiId }: { restApiId: string }) {
  const stages = useLoad(() => get<{ item: StageWire[] }>(`/restapis/${seg(restApiId)}/stages`), [restApiId]);
  const [stage, setStage] = useState<string | null>(null);
  const [exportType, setExportType] = useState('oas30');
  const [format, setFormat] = useState('json');
  const [extensions, setExtensions] = useState('');
  const action = useAction();
  const stageNames = (stages.value?.item ?? []).map((s) => s.stageName);
  const chosen = stage ?? stageNames[0] ?? null;
  return (
    <Paper withBorder p="md">
      <form
        aria-label="Export"
        onSubmit={(event) => {
          event.preventDefault();
          if (!chosen) return;
          void action.run(async () => {
            const query = extensions ? `?${new URLSearchParams({ extensions })}` : '';
            const accept = format === 'yaml' ? 'application/yaml' : 'application/json';
            const text = await sendText('GET', `/restapis/${seg(restApiId)}/stages/${seg(chosen)}/exports/${exportType}${query}`, { accept });
            const url = URL.createObjectURL(new Blob([text], { type: accept }));
            const link = window.document.createElement('a');
            link.href = url;
            link.download = `${restApiId}-${chosen}-${exportType}.${format}`;
            link.click();
            URL.revokeObjectURL(url);
          });
        }}
      >
        <Title order={3} size="h5" mb="xs">
          Export a deployed stage (GetExport)
        </Title>
        <ErrorAlert error={stages.error ?? action.error} />
        {stageNames.length === 0 && stages.value ? <Text c="dimmed">Deploy the API to a stage to export it.</Text> : null}
        <Group align="end">
          <Select label="Stage to export" data={stageNames} value={chosen} onChange={setStage} allowDeselect={false} w={160} />
          <Select
            label="Export type"
            data={[
              { value: 'oas30', label: 'OpenAPI 3.0' },
              { value: 'swagger', label: 'Swagger 2.0' },
            ]}
            value={exportType}
            onChange={(v) => v && setExportType(v)}
            allowDeselect={false}
            w={160}
          />
          <Select label="Format" data={[{ value: 'json', label: 'JSON' }, { value: 'yaml', label: 'YAML' }]} value={format} onChange={(v) => v && setFormat(v)} allowDeselect={false} w={110} />
          <Select
            label="Extensions"
            data={[
              { value: '', label: 'none' },
              { value: 'integrations', label: 'integrations' },
              { value: 'apigateway', label: 'apigateway' },
              { value: 'authorizers', label: 'authorizers' },
            ]}
            value={extensions}
            onChange={(v) => setExtensions(v ?? '')}
            allowDeselect={false}
            w={160}
          />
          <Button type="submit" loading={action.busy} disabled={!chosen}>
            Download export
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
