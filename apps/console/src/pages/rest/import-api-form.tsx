import { Group, Select, Switch, Text } from '@mantine/core';
import type { ImportedRestApiWire } from '@portico/admin-wire';
import { useState } from 'react';
import { sendText } from '../../api';
import { CreateForm } from '../../components/create-form';
import { documentContentType, ImportWarnings, OpenApiDocument } from '../../components/open-api-document';
import { navigate } from '../../router';

export const BASEPATH_MODES = [
  { value: 'ignore', label: 'ignore: drop the base path' },
  { value: 'prepend', label: 'prepend: prefix every path with it' },
  { value: 'split', label: 'split: drop its first segment' },
];

/** ImportRestApi (`POST /restapis?mode=import`): a new API from an OpenAPI document, its warnings shown. */
export function ImportApiForm() {
  const [document, setDocument] = useState('');
  const [failOnWarnings, setFailOnWarnings] = useState(false);
  const [basepath, setBasepath] = useState('ignore');
  const [imported, setImported] = useState<ImportedRestApiWire>();
  return (
    <CreateForm
      title="Import a REST API from OpenAPI"
      submitLabel="Import API"
      stacked
      onSubmit={async () => {
        setImported(undefined);
        const query = new URLSearchParams({ mode: 'import', failonwarnings: String(failOnWarnings), basepath });
        const api = JSON.parse(await sendText('POST', `/restapis?${query}`, { body: document, contentType: documentContentType(document) })) as ImportedRestApiWire;
        setImported(api);
        // With warnings the user reads them first; without, straight to the new API.
        if (!api.warnings?.length) navigate('apis', api.id, 'resources');
      }}
    >
      <OpenApiDocument value={document} onChange={setDocument} />
      <Group>
        <Select label="Base path" data={BASEPATH_MODES} value={basepath} onChange={(v) => v && setBasepath(v)} allowDeselect={false} w={300} />
        <Switch label="Fail on warnings" checked={failOnWarnings} onChange={(e) => setFailOnWarnings(e.currentTarget.checked)} mt="lg" />
      </Group>
      {imported ? (
        <>
          <Text role="status" c="green" size="sm">
            Imported <a href={`#/apis/${encodeURIComponent(imported.id)}/resources`}>{imported.name}</a> ({imported.id}).
          </Text>
          <ImportWarnings warnings={imported.warnings} />
        </>
      ) : null}
    </CreateForm>
  );
}
