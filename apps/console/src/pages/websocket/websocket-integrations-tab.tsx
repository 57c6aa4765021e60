import { Button, Group, NumberInput, Select, Stack, Textarea, TextInput } from '@mantine/core';
import type { HttpIntegrationWire, V2IntegrationResponseWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { ConfirmButton } from '../../components/confirm-button';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useAction } from '../../components/use-action';
import { useLoad } from '../../components/use-load';

const TYPES = [
  { value: 'AWS_PROXY', label: 'Lambda function (AWS_PROXY)' },
  { value: 'HTTP_PROXY', label: 'HTTP URL (HTTP_PROXY)' },
  { value: 'MOCK', label: 'Mock (MOCK)' },
  { value: 'HTTP', label: 'HTTP with templates (HTTP)' },
  { value: 'AWS', label: 'Lambda with templates (AWS)' },
];

/**
 * A Lambda function ARN as the invocation URI AWS's console sends for it (what WebSocket integrations run); an
 * invocation URI, or anything else, is sent as typed (the admin API names what it refuses).
 */
export function lambdaInvocationUri(uri: string): string {
  const fn = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:[^/\s]+$/.exec(uri.trim());
  return fn ? `arn:aws:apigateway:${fn[1]}:lambda:path/2015-03-31/functions/${uri.trim()}/invocations` : uri;
}

type IntegrationRow = HttpIntegrationWire & { integrationResponses: V2IntegrationResponseWire[] };

/**
 * A WebSocket API's integrations: the five types, request templates for the non-proxy ones (selected by
 * `templateSelectionExpression`, `$default` here), and integration responses, which a two-way route sends back.
 */
export function WebSocketIntegrationsTab({ apiId }: { apiId: string }) {
  const base = `/v2/apis/${seg(apiId)}/integrations`;
  const integrations = useLoad(async () => {
    const page = await get<V2Page<HttpIntegrationWire>>(`${base}?maxResults=500`);
    return Promise.all(
      page.items.map(async (i): Promise<IntegrationRow> => ({
        ...i,
        integrationResponses: (await get<V2Page<V2IntegrationResponseWire>>(`${base}/${seg(i.integrationId)}/integrationresponses?maxResults=500`)).items,
      })),
    );
  }, [apiId]);
  const [type, setType] = useState('AWS_PROXY');
  const [uri, setUri] = useState('');
  const [method, setMethod] = useState('POST');
  const [template, setTemplate] = useState('{"statusCode": 200}');
  const [timeout, setTimeoutMs] = useState<number>(29000);
  const respond = useAction();
  const proxy = type === 'AWS_PROXY' || type === 'HTTP_PROXY';
  const lambda = type === 'AWS_PROXY' || type === 'AWS';
  return (
    <Stack>
      <CreateForm
        title="Create an integration"
        submitLabel="Create integration"
        onSubmit={async () => {
          await post(base, {
            integrationType: type,
            ...(type !== 'MOCK' && { integrationUri: lambda ? lambdaInvocationUri(uri) : uri }),
            ...((type === 'HTTP' || type === 'HTTP_PROXY') && { integrationMethod: method }),
            ...(!proxy && template && { requestTemplates: { $default: template }, templateSelectionExpression: '\\$default' }),
            timeoutInMillis: timeout,
          });
          setUri('');
          integrations.reload();
        }}
      >
        <Select label="Integration type" data={TYPES} value={type} onChange={(v) => v && setType(v)} allowDeselect={false} w={250} />
        {type !== 'MOCK' ? (
          <TextInput
            label={lambda ? 'Lambda function ARN' : 'Integration URL'}
            description={lambda ? 'Or its invocation URI' : undefined}
            placeholder={lambda ? 'arn:aws:lambda:us-east-1:000000000000:function:echo' : 'http://backend.internal/messages'}
            required
            value={uri}
            onChange={(e) => setUri(e.currentTarget.value)}
            w={400}
          />
        ) : null}
        {type === 'HTTP' || type === 'HTTP_PROXY' ? (
          <Select label="Integration method" data={['POST', 'GET', 'PUT', 'PATCH', 'DELETE']} value={method} onChange={(v) => v && setMethod(v)} allowDeselect={false} w={120} />
        ) : null}
        {!proxy ? <Textarea label="Request template ($default)" autosize minRows={1} value={template} onChange={(e) => setTemplate(e.currentTarget.value)} w={300} styles={{ input: { fontFamily: 'monospace' } }} /> : null}
        <NumberInput label="Timeout (ms)" min={50} max={29000} value={timeout} onChange={(v) => setTimeoutMs(Number(v) || 29000)} w={130} />
      </CreateForm>
      <EntityTable
        label="Integrations"
        rows={integrations.value}
        error={integrations.error ?? respond.error}
        rowKey={(i) => i.integrationId}
        empty="No integrations."
        columns={[
          { header: 'ID', cell: (i) => <code>{i.integrationId}</code> },
          { header: 'Type', cell: (i) => i.integrationType },
          { header: 'URI', cell: (i) => <code>{i.integrationUri ?? ''}</code> },
          { header: 'Timeout', cell: (i) => `${i.timeoutInMillis} ms` },
          {
            header: 'Integration responses',
            cell: (i) => (
              <Group gap="xs" wrap="nowrap">
                {i.integrationResponses.map((ir) => (
                  <Group key={ir.integrationResponseId} gap={4} wrap="nowrap">
                    <code>{ir.integrationResponseKey}</code>
                    <ConfirmButton
                      label="Delete"
                      what={`integration response ${ir.integrationResponseKey} of ${i.integrationId}`}
                      onConfirm={async () => (await del(`${base}/${seg(i.integrationId)}/integrationresponses/${seg(ir.integrationResponseId)}`), integrations.reload())}
                    />
                  </Group>
                ))}
                {!i.integrationType.endsWith('_PROXY') && !i.integrationResponses.some((ir) => ir.integrationResponseKey === '$default') ? (
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={`Add integration response to ${i.integrationId}`}
                    onClick={() =>
                      void respond.run(async () => {
                        await post(`${base}/${seg(i.integrationId)}/integrationresponses`, { integrationResponseKey: '$default' });
                        integrations.reload();
                      })
                    }
                  >
                    Add $default
                  </Button>
                ) : null}
              </Group>
            ),
          },
        ]}
        deleteWhat={(i) => `integration ${i.integrationId}`}
        onDelete={async (i) => (await del(`${base}/${seg(i.integrationId)}`), integrations.reload())}
      />
    </Stack>
  );
}
