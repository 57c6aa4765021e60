import { Button, Code, Modal, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import type { ModelWire, Page, RequestValidatorWire } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, patch, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';

/** Models (JSON schemas by content type), used by method requests and responses and by request validation. */
export function ModelsTab({ restApiId }: { restApiId: string }) {
  const base = `/restapis/${seg(restApiId)}/models`;
  const models = useLoad(() => get<Page<ModelWire>>(`${base}?limit=500`), [restApiId]);
  const [name, setName] = useState('');
  const [contentType, setContentType] = useState('application/json');
  const [description, setDescription] = useState('');
  const [editing, setEditing] = useState<ModelWire>();
  const [schema, setSchema] = useState('{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "type": "object"\n}');
  return (
    <Stack>
      <CreateForm
        title="Create a model"
        submitLabel="Create model"
        stacked
        onSubmit={async () => {
          await post(base, { name, contentType, schema, ...(description && { description }) });
          setName('');
          models.reload();
        }}
      >
        <TextInput label="Model name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={300} />
        <TextInput label="Content type" required value={contentType} onChange={(e) => setContentType(e.currentTarget.value)} w={300} />
        <TextInput label="Model description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
        <Textarea label="Schema (JSON Schema draft 4)" autosize minRows={4} value={schema} onChange={(e) => setSchema(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
      </CreateForm>
      <EntityTable
        label="Models"
        rows={models.value?.item}
        error={models.error}
        rowKey={(m) => m.id}
        empty="No models."
        columns={[
          { header: 'Name', cell: (m) => m.name },
          { header: 'Content type', cell: (m) => <code>{m.contentType}</code> },
          { header: 'Description', cell: (m) => m.description ?? '' },
          { header: 'Schema', cell: (m) => <Code block>{m.schema ?? ''}</Code> },
        ]}
        actions={(m) => (
          <Button size="xs" variant="light" onClick={() => setEditing(m)} aria-label={`Edit model ${m.name}`}>
            Edit
          </Button>
        )}
        deleteWhat={(m) => `model ${m.name}`}
        onDelete={async (m) => (await del(`${base}/${seg(m.name)}`), models.reload())}
      />
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={`Model ${editing?.name ?? ''}`} size="lg" centered>
        {editing ? <EditModel key={editing.id} path={`${base}/${seg(editing.name)}`} model={editing} onSaved={() => (setEditing(undefined), models.reload())} /> : null}
      </Modal>
    </Stack>
  );
}

/** UpdateModel: its schema and description (name and content type are fixed once created, as on AWS). */
function EditModel({ path, model, onSaved }: { path: string; model: ModelWire; onSaved: () => void }) {
  const [schema, setSchema] = useState(model.schema ?? '');
  const [description, setDescription] = useState(model.description ?? '');
  return (
    <CreateForm
      submitLabel="Save model"
      stacked
      framed={false}
      onSubmit={async () => {
        const ops = [
          ...(schema !== (model.schema ?? '') ? [{ op: 'replace' as const, path: '/schema', value: schema }] : []),
          ...(description !== (model.description ?? '') ? [{ op: 'replace' as const, path: '/description', value: description }] : []),
        ];
        if (ops.length > 0) await patch(path, ops);
        onSaved();
      }}
    >
      <TextInput label="Description of the model" value={description} onChange={(e) => setDescription(e.currentTarget.value)} />
      <Textarea label="Model schema" autosize minRows={6} value={schema} onChange={(e) => setSchema(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
    </CreateForm>
  );
}

/** Request validators: which parts of a request (body against its model, required parameters) a method checks. */
export function RequestValidatorsTab({ restApiId }: { restApiId: string }) {
  const base = `/restapis/${seg(restApiId)}/requestvalidators`;
  const validators = useLoad(() => get<Page<RequestValidatorWire>>(`${base}?limit=500`), [restApiId]);
  const [name, setName] = useState('');
  const [body, setBody] = useState(true);
  const [parameters, setParameters] = useState(true);
  const update = useAction();
  const toggle = (v: RequestValidatorWire, member: 'validateRequestBody' | 'validateRequestParameters', value: boolean) =>
    update.run(async () => {
      await patch(`${base}/${seg(v.id)}`, [{ op: 'replace', path: `/${member}`, value: String(value) }]);
      validators.reload();
    });
  return (
    <Stack>
      <CreateForm
        title="Create a request validator"
        submitLabel="Create validator"
        onSubmit={async () => {
          await post(base, { name, validateRequestBody: body, validateRequestParameters: parameters });
          setName('');
          validators.reload();
        }}
      >
        <TextInput label="Validator name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Switch label="Validate body" checked={body} onChange={(e) => setBody(e.currentTarget.checked)} mb={8} />
        <Switch label="Validate query string parameters and headers" checked={parameters} onChange={(e) => setParameters(e.currentTarget.checked)} mb={8} />
      </CreateForm>
      <EntityTable
        label="Request validators"
        rows={validators.value?.item}
        error={validators.error ?? update.error}
        rowKey={(v) => v.id}
        empty="No request validators."
        columns={[
          { header: 'Name', cell: (v) => v.name ?? '' },
          { header: 'ID', cell: (v) => <code>{v.id}</code> },
          { header: 'Body', cell: (v) => <Switch aria-label={`Validate body: ${v.name ?? v.id}`} checked={v.validateRequestBody} onChange={(e) => void toggle(v, 'validateRequestBody', e.currentTarget.checked)} /> },
          {
            header: 'Parameters',
            cell: (v) => <Switch aria-label={`Validate parameters: ${v.name ?? v.id}`} checked={v.validateRequestParameters} onChange={(e) => void toggle(v, 'validateRequestParameters', e.currentTarget.checked)} />,
          },
        ]}
        deleteWhat={(v) => `validator ${v.name ?? v.id}`}
        onDelete={async (v) => (await del(`${base}/${seg(v.id)}`), validators.reload())}
      />
    </Stack>
  );
}
