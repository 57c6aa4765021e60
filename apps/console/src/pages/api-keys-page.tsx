import { Button, Code, Stack, Switch, TextInput, Title } from '@mantine/core';
import type { ApiKeyWire, Page } from '@portico/admin-wire';
import { useState } from 'react';
import { del, get, patch, post, seg } from '../api';
import { CreateForm } from '../components/create-form';
import { EntityTable } from '../components/entity-table';
import { useAction } from '../components/use-action';
import { useLoad } from '../components/use-load';

/** API keys: create (value generated or given), show a value on request, enable/disable, delete. */
export function ApiKeysPage() {
  const keys = useLoad(() => get<Page<ApiKeyWire>>('/apikeys?limit=500'), []);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [shown, setShown] = useState<Record<string, string>>({});
  const [optimistic, setOptimistic] = useState<Record<string, boolean>>({});
  const rowAction = useAction();
  return (
    <Stack>
      <Title order={2}>API keys</Title>
      <CreateForm
        title="Create an API key"
        submitLabel="Create key"
        onSubmit={async () => {
          const key = await post<ApiKeyWire>('/apikeys', { name, enabled: true, ...(value && { value }) });
          if (key.value) setShown((s) => ({ ...s, [key.id]: key.value! }));
          setName('');
          setValue('');
          keys.reload();
        }}
      >
        <TextInput label="Key name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <TextInput label="Value (generated when empty)" value={value} onChange={(e) => setValue(e.currentTarget.value)} w={320} />
      </CreateForm>
      <EntityTable
        label="API keys"
        rows={keys.value?.item}
        error={keys.error ?? rowAction.error}
        rowKey={(key) => key.id}
        empty="No API keys."
        columns={[
          { header: 'Name', cell: (key) => key.name },
          { header: 'ID', cell: (key) => <code>{key.id}</code> },
          {
            header: 'Value',
            cell: (key) =>
              shown[key.id] ? (
                <Code data-testid={`key-value-${key.name}`}>{shown[key.id]}</Code>
              ) : (
                <Button
                  size="xs"
                  variant="subtle"
                  aria-label={`Show the value of ${key.name ?? key.id}`}
                  onClick={() =>
                    void rowAction.run(async () => {
                      const full = await get<ApiKeyWire>(`/apikeys/${seg(key.id)}?includeValue=true`);
                      setShown((s) => ({ ...s, [key.id]: full.value ?? '' }));
                    })
                  }
                >
                  Show
                </Button>
              ),
          },
          {
            header: 'Enabled',
            cell: (key) => (
              <Switch
                aria-label={`Enabled: ${key.name ?? key.id}`}
                checked={optimistic[key.id] ?? key.enabled}
                onChange={(e) => {
                  // Optimistic: the switch moves at once and moves back if the update is refused.
                  const enabled = e.currentTarget.checked;
                  setOptimistic((o) => ({ ...o, [key.id]: enabled }));
                  void rowAction
                    .run(async () => {
                      await patch(`/apikeys/${seg(key.id)}`, [{ op: 'replace', path: '/enabled', value: String(enabled) }]);
                      keys.reload();
                    })
                    .finally(() => setOptimistic(({ [key.id]: _dropped, ...rest }) => rest));
                }}
              />
            ),
          },
        ]}
        deleteWhat={(key) => `key ${key.name ?? key.id}`}
        onDelete={async (key) => (await del(`/apikeys/${seg(key.id)}`), keys.reload())}
      />
    </Stack>
  );
}
