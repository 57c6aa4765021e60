import { NumberInput, Select, Stack, TextInput } from '@mantine/core';
import type { HttpIntegrationWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useLoad } from '../../components/use-load';

/** Integrations of an HTTP API: HTTP_PROXY (a URL) and AWS_PROXY (a Lambda function), payload 1.0 or 2.0. */
export function HttpIntegrationsTab({ apiId }: { apiId: string }) {
  const base = `/v2/apis/${seg(apiId)}/integrations`;
  const integrations = useLoad(() => get<V2Page<HttpIntegrationWire>>(`${base}?maxResults=500`), [apiId]);
  const [type, setType] = useState('HTTP_PROXY');
  const [uri, setUri] = useState('');
  const [method, setMethod] = useState('ANY');
  const [payload, setPayload] = useState('1.0');
  const [timeout, setTimeoutMs] = useState<number>(30000);
  const lambda = type === 'AWS_PROXY';
  return (
    <Stack>
      <CreateForm
        title="Create an integration"
        submitLabel="Create integration"
        onSubmit={async () => {
          await post(base, {
            integrationType: type,
            integrationUri: uri,
            payloadFormatVersion: lambda ? payload : '1.0',
            timeoutInMillis: timeout,
            ...(!lambda && { integrationMethod: method }),
          });
          setUri('');
          integrations.reload();
        }}
      >
        <Select
          label="Integration type"
          data={[
            { value: 'HTTP_PROXY', label: 'HTTP URL (HTTP_PROXY)' },
            { value: 'AWS_PROXY', label: 'Lambda function (AWS_PROXY)' },
          ]}
          value={type}
          onChange={(v) => v && (setType(v), setPayload(v === 'AWS_PROXY' ? '2.0' : '1.0'))}
          allowDeselect={false}
          w={240}
        />
        <TextInput
          label={lambda ? 'Lambda function ARN' : 'Integration URL'}
          placeholder={lambda ? 'arn:aws:lambda:us-east-1:000000000000:function:hello' : 'http://backend.internal/{proxy}'}
          required
          value={uri}
          onChange={(e) => setUri(e.currentTarget.value)}
          w={400}
        />
        {lambda ? (
          <Select label="Payload format version" data={['1.0', '2.0']} value={payload} onChange={(v) => v && setPayload(v)} allowDeselect={false} w={120} />
        ) : (
          <Select label="Integration method" data={['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']} value={method} onChange={(v) => v && setMethod(v)} allowDeselect={false} w={120} />
        )}
        <NumberInput label="Timeout (ms)" min={50} max={30000} value={timeout} onChange={(v) => setTimeoutMs(Number(v) || 30000)} w={130} />
      </CreateForm>
      <EntityTable
        label="Integrations"
        rows={integrations.value?.items}
        error={integrations.error}
        rowKey={(i) => i.integrationId}
        empty="No integrations."
        columns={[
          { header: 'ID', cell: (i) => <code>{i.integrationId}</code> },
          { header: 'Type', cell: (i) => i.integrationType },
          { header: 'URI', cell: (i) => <code>{i.integrationUri ?? ''}</code> },
          { header: 'Method', cell: (i) => i.integrationMethod ?? '' },
          { header: 'Payload', cell: (i) => i.payloadFormatVersion ?? '' },
          { header: 'Timeout', cell: (i) => `${i.timeoutInMillis} ms` },
        ]}
        deleteWhat={(i) => `integration ${i.integrationId}`}
        onDelete={async (i) => (await del(`${base}/${seg(i.integrationId)}`), integrations.reload())}
      />
    </Stack>
  );
}
