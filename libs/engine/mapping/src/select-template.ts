import { compileTemplate, type CompiledTemplate } from './compile-template.js';

export type PassthroughBehavior = 'WHEN_NO_MATCH' | 'WHEN_NO_TEMPLATES' | 'NEVER';

/** What to do with one request's payload: render a template, pass it through unchanged, or answer 415. */
export type RequestTemplateChoice =
  | { readonly kind: 'template'; readonly contentType: string; readonly template: CompiledTemplate }
  | { readonly kind: 'passthrough' }
  | { readonly kind: 'unsupported-media-type'; readonly contentType: string };

export interface RequestTemplates {
  /** No templates at all (every behaviour but NEVER passes the payload through). */
  readonly empty: boolean;
  choose(contentTypeHeader: string | undefined): RequestTemplateChoice;
}

export type CompileTemplatesResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** The media type of a Content-Type header, lower-case, parameters dropped; a missing header is application/json. */
export function mediaTypeOf(contentTypeHeader: string | undefined): string {
  if (!contentTypeHeader) return 'application/json';
  const semi = contentTypeHeader.indexOf(';');
  return (semi < 0 ? contentTypeHeader : contentTypeHeader.slice(0, semi)).trim().toLowerCase();
}

/** Compiles each template of a content-type map; the first that does not compile is the reason. */
export function compileTemplateMap(
  templates: Readonly<Record<string, string>>,
): CompileTemplatesResult<ReadonlyMap<string, CompiledTemplate>> {
  const compiled = new Map<string, CompiledTemplate>();
  for (const [contentType, source] of Object.entries(templates)) {
    const result = compileTemplate(source);
    if (!result.ok) return { ok: false, reason: `template for ${contentType}: ${result.reason}` };
    compiled.set(contentType.toLowerCase(), result.template);
  }
  return { ok: true, value: compiled };
}

/**
 * An integration's request templates with its `passthroughBehavior` (spec §2.7): the template is chosen by the
 * request's media type (missing → application/json). Without a match, WHEN_NO_MATCH passes the payload through,
 * WHEN_NO_TEMPLATES passes it through only when no template is defined at all, NEVER answers 415.
 */
export function compileRequestTemplates(
  templates: Readonly<Record<string, string>>,
  passthroughBehavior: PassthroughBehavior,
): CompileTemplatesResult<RequestTemplates> {
  const compiled = compileTemplateMap(templates);
  if (!compiled.ok) return compiled;
  const map = compiled.value;
  const passthrough: RequestTemplateChoice = { kind: 'passthrough' };
  return {
    ok: true,
    value: {
      empty: map.size === 0,
      choose(header) {
        const contentType = mediaTypeOf(header);
        const template = map.get(contentType);
        if (template) return { kind: 'template', contentType, template };
        if (passthroughBehavior === 'WHEN_NO_MATCH') return passthrough;
        if (passthroughBehavior === 'WHEN_NO_TEMPLATES' && map.size === 0) return passthrough;
        return { kind: 'unsupported-media-type', contentType };
      },
    },
  };
}

/**
 * The response template of an integration response: application/json when defined, else the first one; its key
 * is the response's Content-Type. (AWS picks by the method request's Accept header among the templates; a
 * template keyed by the Accept header's first media type wins here too.)
 */
export function chooseResponseTemplate(
  templates: ReadonlyMap<string, CompiledTemplate>,
  acceptHeader: string | undefined,
): { readonly contentType: string; readonly template: CompiledTemplate } | undefined {
  if (templates.size === 0) return undefined;
  if (acceptHeader) {
    const wanted = mediaTypeOf(acceptHeader.split(',')[0]);
    const template = templates.get(wanted);
    if (template) return { contentType: wanted, template };
  }
  const json = templates.get('application/json');
  if (json) return { contentType: 'application/json', template: json };
  const [contentType, template] = templates.entries().next().value as [string, CompiledTemplate];
  return { contentType, template };
}
