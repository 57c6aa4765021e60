import { chooseResponseTemplate, compileRequestTemplates, compileTemplateMap, mediaTypeOf, type PassthroughBehavior } from './select-template.js';

function choose(templates: Record<string, string>, behavior: PassthroughBehavior, contentType: string | undefined): string {
  const compiled = compileRequestTemplates(templates, behavior);
  if (!compiled.ok) throw new Error(compiled.reason);
  const choice = compiled.value.choose(contentType);
  return choice.kind === 'template' ? `template ${choice.contentType}` : choice.kind;
}

// AWS's passthrough table (developer guide, "Method request behavior for payloads without mapping templates").
describe('passthroughBehavior', () => {
  const json = { 'application/json': '{"a": 1}' };

  it.each([
    ['WHEN_NO_MATCH', json, 'application/json', 'template application/json'],
    ['WHEN_NO_MATCH', json, 'text/plain', 'passthrough'],
    ['WHEN_NO_MATCH', {}, 'text/plain', 'passthrough'],
    ['WHEN_NO_TEMPLATES', json, 'application/json; charset=utf-8', 'template application/json'],
    ['WHEN_NO_TEMPLATES', json, 'text/plain', 'unsupported-media-type'],
    ['WHEN_NO_TEMPLATES', {}, 'text/plain', 'passthrough'],
    ['NEVER', json, 'application/json', 'template application/json'],
    ['NEVER', json, 'text/plain', 'unsupported-media-type'],
    ['NEVER', {}, 'text/plain', 'unsupported-media-type'],
  ] as const)('%s with templates %j and Content-Type %s → %s', (behavior, templates, contentType, expected) => {
    expect(choose(templates, behavior, contentType)).toBe(expected);
  });

  it('a request without Content-Type selects the application/json template', () => {
    expect(choose(json, 'NEVER', undefined)).toBe('template application/json');
    expect(mediaTypeOf(' Text/XML ; charset=x')).toBe('text/xml');
  });
});

describe('chooseResponseTemplate', () => {
  it('prefers the Accept header, then application/json, then the first template', () => {
    const compiled = compileTemplateMap({ 'application/xml': '<a/>', 'application/json': '{}' });
    if (!compiled.ok) throw new Error(compiled.reason);
    expect(chooseResponseTemplate(compiled.value, 'application/xml, */*')?.contentType).toBe('application/xml');
    expect(chooseResponseTemplate(compiled.value, undefined)?.contentType).toBe('application/json');
    const xmlOnly = compileTemplateMap({ 'application/xml': '<a/>' });
    if (!xmlOnly.ok) throw new Error(xmlOnly.reason);
    expect(chooseResponseTemplate(xmlOnly.value, 'text/html')?.contentType).toBe('application/xml');
  });
});
