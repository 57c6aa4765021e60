import { Button, Group, NumberInput, Select, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import type { IntegrationType, MethodWire } from '@portico/admin-wire';
import { useState } from 'react';
import { put } from '../api';
import { ErrorAlert } from '../components/error-alert';

const TYPES: { value: IntegrationType; label: string }[] = [
  { value: 'MOCK', label: 'Mock' },
  { value: 'HTTP_PROXY', label: 'HTTP proxy' },
  { value: 'HTTP', label: 'HTTP (with mapping templates)' },
  { value: 'AWS_PROXY', label: 'Lambda proxy (AWS_PROXY)' },
];

/**
 * PutIntegration for a method. For MOCK and HTTP (non-proxy) integrations the editor also puts the 200 method
 * response and integration response, as AWS's console does, so that a new method answers 200 once deployed.
 */
export function IntegrationEditor({ methodPath, method, onSaved }: { methodPath: string; method: MethodWire; onSaved: () => void }) {
  const current = method.methodIntegration;
  const [type, setType] = useState<IntegrationType>((current?.type as IntegrationType) ?? 'MOCK');
  const [uri, setUri] = useState(current?.uri ?? '');
  const [httpMethod, setHttpMethod] = useState(current?.httpMethod ?? (type === 'AWS_PROXY' ? 'POST' : 'GET'));
  const [timeout, setTimeoutMs] = useState<number>(current?.timeoutInMillis ?? 29000);
  const [requestTemplate, setRequestTemplate] = useState(current?.requestTemplates?.['application/json'] ?? '{"statusCode": 200}');
  const [responseTemplate, setResponseTemplate] = useState(current?.integrationResponses?.['200']?.responseTemplates?.['application/json'] ?? '{"message": "hello from Portico"}');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const proxy = type === 'HTTP_PROXY' || type === 'AWS_PROXY';
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        setBusy(true);
        setError(undefined);
        setSaved(false);
        try {
          await put(`${methodPath}/integration`, {
            type,
            ...(type !== 'MOCK' && { uri, httpMethod: type === 'AWS_PROXY' ? 'POST' : httpMethod }),
            timeoutInMillis: timeout,
            ...(!proxy && { requestTemplates: { 'application/json': requestTemplate } }),
          });
          if (!proxy) {
            // PutMethodResponse refuses a status the method already declares (ConflictException): only when new.
            if (!method.methodResponses?.['200']) await put(`${methodPath}/responses/200`, { responseModels: { 'application/json': 'Empty' } });
            // The 200 integration response keeps what the integration responses editor set beside its template.
            const { statusCode: _status, ...existing } = current?.integrationResponses?.['200'] ?? { statusCode: '200' };
            await put(`${methodPath}/integration/responses/200`, {
              selectionPattern: '',
              ...existing,
              responseTemplates: { ...existing.responseTemplates, 'application/json': responseTemplate },
            });
          }
          setSaved(true);
          onSaved();
        } catch (e) {
          setError(e);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Stack>
        <Title order={5}>Integration</Title>
        <ErrorAlert error={error} />
        <Group align="end">
          <Select label="Integration type" data={TYPES} value={type} onChange={(v) => v && setType(v as IntegrationType)} allowDeselect={false} w={260} />
          {type === 'HTTP' || type === 'HTTP_PROXY' ? (
            <Select label="Endpoint method" data={['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']} value={httpMethod} onChange={(v) => v && setHttpMethod(v)} allowDeselect={false} w={120} />
          ) : null}
          <NumberInput label="Timeout (ms)" min={50} max={29000} value={timeout} onChange={(v) => setTimeoutMs(Number(v) || 29000)} w={140} />
        </Group>
        {type !== 'MOCK' ? (
          <TextInput
            label={type === 'AWS_PROXY' ? 'Lambda function invocation URI' : 'Endpoint URL'}
            placeholder={type === 'AWS_PROXY' ? 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:hello/invocations' : 'http://backend.internal/{proxy}'}
            required
            value={uri}
            onChange={(e) => setUri(e.currentTarget.value)}
          />
        ) : null}
        {!proxy ? (
          <>
            <Textarea label="Request mapping template (application/json)" autosize minRows={2} value={requestTemplate} onChange={(e) => setRequestTemplate(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
            <Textarea label="200 response mapping template (application/json)" autosize minRows={2} value={responseTemplate} onChange={(e) => setResponseTemplate(e.currentTarget.value)} styles={{ input: { fontFamily: 'monospace' } }} />
          </>
        ) : null}
        <Group>
          <Button type="submit" loading={busy}>
            Save integration
          </Button>
          {saved ? (
            <Text role="status" c="green" size="sm">
              Saved. Deploy the API for the change to be served.
            </Text>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}
