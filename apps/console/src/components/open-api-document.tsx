import { Alert, FileInput, List, Textarea } from '@mantine/core';

/** JSON starts with `{`; anything else is sent as YAML (the importer reads both and names what it cannot). */
export const documentContentType = (text: string) => (text.trimStart().startsWith('{') ? 'application/json' : 'application/yaml');

/** An OpenAPI (or Swagger) document, pasted or read from a file into the same textarea so it can be checked first. */
export function OpenApiDocument({ value, onChange }: { value: string; onChange: (text: string) => void }) {
  return (
    <>
      <FileInput
        label="OpenAPI file (JSON or YAML)"
        placeholder="Choose a file"
        accept=".json,.yaml,.yml,application/json,application/yaml"
        clearable
        onChange={async (file) => onChange(file ? await file.text() : '')}
      />
      <Textarea
        label="OpenAPI document"
        description="Paste OpenAPI 3.0 or Swagger 2.0, JSON or YAML, or choose a file above"
        required
        autosize
        minRows={6}
        maxRows={20}
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'monospace' } }}
      />
    </>
  );
}

/** The importer's warnings (AWS returns them on the RestApi and imports anyway unless failonwarnings). */
export function ImportWarnings({ warnings }: { warnings: string[] | undefined }) {
  if (!warnings || warnings.length === 0) return null;
  return (
    <Alert color="yellow" title="Imported with warnings" data-testid="import-warnings">
      <List size="sm">
        {warnings.map((w) => (
          <List.Item key={w}>{w}</List.Item>
        ))}
      </List>
    </Alert>
  );
}
