import { NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import type { HttpAuthorizerWire, V2Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, post, seg } from '../../api';
import { CreateForm } from '../../components/create-form';
import { EntityTable } from '../../components/entity-table';
import { useLoad } from '../../components/use-load';

const list = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** JWT authorizers (issuer + audience, checked on the data plane) and Lambda REQUEST authorizers. */
export function HttpAuthorizersTab({ apiId }: { apiId: string }) {
  const base = `/v2/apis/${seg(apiId)}/authorizers`;
  const authorizers = useLoad(() => get<V2Page<HttpAuthorizerWire>>(`${base}?maxResults=500`), [apiId]);
  const [name, setName] = useState('');
  const [type, setType] = useState('JWT');
  const [identitySource, setIdentitySource] = useState('$request.header.Authorization');
  const [issuer, setIssuer] = useState('');
  const [audience, setAudience] = useState('');
  const [uri, setUri] = useState('');
  const [payload, setPayload] = useState('2.0');
  const [simple, setSimple] = useState(true);
  const [ttl, setTtl] = useState<number>(0);
  const jwt = type === 'JWT';
  return (
    <Stack>
      <CreateForm
        title="Create an authorizer"
        submitLabel="Create authorizer"
        onSubmit={async () => {
          await post(
            base,
            jwt
              ? { name, authorizerType: 'JWT', identitySource: list(identitySource), jwtConfiguration: { issuer, audience: list(audience) } }
              : {
                  name,
                  authorizerType: 'REQUEST',
                  authorizerUri: uri,
                  authorizerPayloadFormatVersion: payload,
                  authorizerResultTtlInSeconds: ttl,
                  identitySource: list(identitySource),
                  ...(payload === '2.0' && { enableSimpleResponses: simple }),
                },
          );
          setName('');
          authorizers.reload();
        }}
      >
        <TextInput label="Authorizer name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select
          label="Authorizer type"
          data={[
            { value: 'JWT', label: 'JWT' },
            { value: 'REQUEST', label: 'Lambda (REQUEST)' },
          ]}
          value={type}
          onChange={(v) => v && setType(v)}
          allowDeselect={false}
          w={170}
        />
        <TextInput label="Identity sources" description="Space separated" value={identitySource} onChange={(e) => setIdentitySource(e.currentTarget.value)} w={300} />
        {jwt ? (
          <>
            <TextInput label="Issuer" placeholder="https://issuer.example.com" required value={issuer} onChange={(e) => setIssuer(e.currentTarget.value)} w={300} />
            <TextInput label="Audience" description="Space separated" value={audience} onChange={(e) => setAudience(e.currentTarget.value)} />
          </>
        ) : (
          <>
            <TextInput
              label="Lambda invocation URI"
              placeholder="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:authorizer-request/invocations"
              required
              value={uri}
              onChange={(e) => setUri(e.currentTarget.value)}
              w={420}
            />
            <Select label="Payload format version" data={['1.0', '2.0']} value={payload} onChange={(v) => v && setPayload(v)} allowDeselect={false} w={120} />
            {payload === '2.0' ? <Switch label="Simple responses" checked={simple} onChange={(e) => setSimple(e.currentTarget.checked)} mb={8} /> : null}
            <NumberInput label="Result TTL (s)" min={0} max={3600} value={ttl} onChange={(v) => setTtl(Number(v) || 0)} w={120} />
          </>
        )}
      </CreateForm>
      <EntityTable
        label="Authorizers"
        rows={authorizers.value?.items}
        error={authorizers.error}
        rowKey={(a) => a.authorizerId}
        empty="No authorizers."
        columns={[
          { header: 'Name', cell: (a) => a.name },
          { header: 'ID', cell: (a) => <code>{a.authorizerId}</code> },
          { header: 'Type', cell: (a) => a.authorizerType },
          { header: 'Identity source', cell: (a) => <code>{a.identitySource.join(' ')}</code> },
          { header: 'Configuration', cell: (a) => (a.jwtConfiguration ? `issuer ${a.jwtConfiguration.issuer ?? ''}, audience ${(a.jwtConfiguration.audience ?? []).join(' ')}` : (a.authorizerUri ?? '')) },
        ]}
        deleteWhat={(a) => `authorizer ${a.name}`}
        onDelete={async (a) => (await del(`${base}/${seg(a.authorizerId)}`), authorizers.reload())}
      />
    </Stack>
  );
}
