import { Select, Switch, TextInput } from '@mantine/core';
import type { AuthorizerWire, MethodWire, ModelWire, Page, RequestValidatorWire } from '@portico/admin-wire';
import { useState } from 'react';
import { get, patch, seg, type PatchOperation } from '../../api';
import { CreateForm } from '../../components/create-form';
import { MapEditor, mapOf, mapPatch, rowsOf } from '../../components/map-editor';
import { useLoad } from '../../components/use-load';

export const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** The API's authorizers, models and validators, which the method editors offer by name. */
export function useApiParts(restApiId: string) {
  const base = `/restapis/${seg(restApiId)}`;
  return useLoad(
    async () => {
      const [authorizers, models, validators] = await Promise.all([
        get<Page<AuthorizerWire>>(`${base}/authorizers?limit=500`),
        get<Page<ModelWire>>(`${base}/models?limit=500`),
        get<Page<RequestValidatorWire>>(`${base}/requestvalidators?limit=500`),
      ]);
      return { authorizers: authorizers.item, models: models.item, validators: validators.item };
    },
    [restApiId],
  );
}

/**
 * The method request (UpdateMethod): authorization, API key, validator, required parameters and request models.
 * One PATCH with every changed member, so that a refused change leaves the method as it was.
 */
export function MethodRequestEditor({ restApiId, methodPath, method, onSaved }: { restApiId: string; methodPath: string; method: MethodWire; onSaved: () => void }) {
  const parts = useApiParts(restApiId);
  const [authorizationType, setAuthorizationType] = useState(method.authorizationType);
  const [authorizerId, setAuthorizerId] = useState<string | null>(method.authorizerId ?? null);
  const [apiKeyRequired, setApiKeyRequired] = useState(method.apiKeyRequired);
  const [validatorId, setValidatorId] = useState(method.requestValidatorId ?? '');
  const [operationName, setOperationName] = useState(method.operationName ?? '');
  const [parameters, setParameters] = useState(rowsOf(method.requestParameters));
  const [models, setModels] = useState(rowsOf(method.requestModels));
  const withAuthorizer = authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS';
  return (
    <CreateForm
      submitLabel="Save method request"
      stacked
      framed={false}
      onSubmit={async () => {
        const ops: PatchOperation[] = [];
        if (authorizationType !== method.authorizationType) ops.push({ op: 'replace', path: '/authorizationType', value: authorizationType });
        const wantedAuthorizer = withAuthorizer ? (authorizerId ?? '') : '';
        if (wantedAuthorizer !== (method.authorizerId ?? '')) ops.push({ op: 'replace', path: '/authorizerId', value: wantedAuthorizer });
        if (apiKeyRequired !== method.apiKeyRequired) ops.push({ op: 'replace', path: '/apiKeyRequired', value: String(apiKeyRequired) });
        if (validatorId !== (method.requestValidatorId ?? '')) ops.push({ op: 'replace', path: '/requestValidatorId', value: validatorId });
        if (operationName !== (method.operationName ?? '')) ops.push({ op: 'replace', path: '/operationName', value: operationName });
        ops.push(...mapPatch('/requestParameters', method.requestParameters, mapOf(parameters)));
        ops.push(...mapPatch('/requestModels', method.requestModels, mapOf(models)));
        if (ops.length > 0) await patch(methodPath, ops);
        onSaved();
      }}
    >
      <Select label="Authorization type" data={AUTHORIZATION_TYPES} value={authorizationType} onChange={(v) => v && setAuthorizationType(v)} allowDeselect={false} w={220} />
      {withAuthorizer ? (
        <Select label="Method authorizer" data={(parts.value?.authorizers ?? []).map((a) => ({ value: a.id, label: `${a.name} (${a.type})` }))} value={authorizerId} onChange={setAuthorizerId} w={300} />
      ) : null}
      <Switch label="API key required for this method" checked={apiKeyRequired} onChange={(e) => setApiKeyRequired(e.currentTarget.checked)} />
      <Select
        label="Request validator"
        data={[{ value: '', label: 'NONE' }, ...(parts.value?.validators ?? []).map((v) => ({ value: v.id, label: v.name ?? v.id }))]}
        value={validatorId}
        onChange={(v) => setValidatorId(v ?? '')}
        allowDeselect={false}
        w={300}
      />
      <TextInput label="Operation name" value={operationName} onChange={(e) => setOperationName(e.currentTarget.value)} w={300} />
      <MapEditor
        legend="Request parameters"
        keyLabel="Parameter"
        keyPlaceholder="method.request.querystring.limit"
        rows={parameters}
        onChange={setParameters}
        newValue={false}
        renderValue={(v, set, key) => <Switch label="Required" aria-label={`Required: ${key}`} checked={v} onChange={(e) => set(e.currentTarget.checked)} mb={8} />}
      />
      <MapEditor
        legend="Request models"
        keyLabel="Content type"
        keyPlaceholder="application/json"
        rows={models}
        onChange={setModels}
        newValue=""
        renderValue={(v, set, key) => (
          <Select label="Model" aria-label={`Model for ${key}`} data={(parts.value?.models ?? []).map((m) => m.name)} value={v || null} onChange={(m) => set(m ?? '')} w={240} />
        )}
      />
    </CreateForm>
  );
}
