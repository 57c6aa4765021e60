import type { IntegrationResponseSnapshot } from '@portico/contracts';
import { compileTemplateMap, type CompiledTemplate } from '@portico/engine-mapping';
import { compileParameterSource, readsIntegrationBody, type ParameterSource } from './parameter-source.js';

export interface StaticBody {
  readonly contentType: string;
  readonly text: string;
}

export interface CompiledIntegrationResponse {
  readonly statusCode: number;
  /** `method.response.header.X` ← source; names lower-cased once, here (node sends them lower-case anyway). */
  readonly headers: ReadonlyArray<readonly [string, ParameterSource]>;
  /** A mapping reads `integration.response.body`: the backend body must be buffered. */
  readonly needsBody: boolean;
  /** A response template without VTL is plain text: it replaces the body. */
  readonly body: StaticBody | undefined;
  /** VTL response templates by content type (see `renderResponseBody`); undefined when none uses VTL. */
  readonly templates: ReadonlyMap<string, CompiledTemplate> | undefined;
  /** The stage's variables, for `$stageVariables` in response templates. */
  readonly stageVariables: Readonly<Record<string, string>>;
  /** CONVERT_TO_BINARY: the method response body is the base64-decoded text; CONVERT_TO_TEXT: base64 of binary. */
  readonly contentHandling: IntegrationResponseSnapshot['contentHandling'];
}

export interface IntegrationResponseSelector {
  /** Selects by `selectionPattern` (whole-string match) against `key`, else the default; undefined when neither. */
  select(key: string): CompiledIntegrationResponse | undefined;
}

/** A template with no `$` reference and no `#` directive renders as itself in VTL. */
export function isStaticTemplate(template: string): boolean {
  return !template.includes('$') && !template.includes('#');
}

/** Picks `application/json` when present, else the first template (the content type of the response). */
export function pickTemplate(templates: Readonly<Record<string, string>>): StaticBody | undefined | { vtl: string } {
  const keys = Object.keys(templates);
  if (keys.length === 0) return undefined;
  const contentType = keys.includes('application/json') ? 'application/json' : keys[0];
  const text = templates[contentType];
  return isStaticTemplate(text) ? { contentType, text } : { vtl: contentType };
}

/**
 * Compiles an integration's responses once per method: patterns become anchored regexes (Java `matches`
 * semantics: the whole string must match), mappings become closures, VTL templates are compiled (a template
 * that does not compile refuses the method).
 */
export function compileIntegrationResponses(
  responses: Readonly<Record<string, IntegrationResponseSnapshot>>,
  stageVariables: Readonly<Record<string, string>>,
): { ok: true; value: IntegrationResponseSelector } | { ok: false; reason: string } {
  const patterned: Array<{ pattern: RegExp; response: CompiledIntegrationResponse }> = [];
  let fallback: CompiledIntegrationResponse | undefined;
  for (const snapshot of Object.values(responses)) {
    const headers: Array<readonly [string, ParameterSource]> = [];
    let needsBody = false;
    for (const [target, expression] of Object.entries(snapshot.responseParameters)) {
      const match = /^method\.response\.header\.(.+)$/.exec(target);
      if (!match) return { ok: false, reason: `invalid response mapping target ${target}` };
      const compiled = compileParameterSource(expression, { allowIntegrationResponse: true, allowMethodRequest: false, stageVariables });
      if (!compiled.ok) return compiled;
      headers.push([match[1].toLowerCase(), compiled.source]);
      needsBody ||= readsIntegrationBody(expression);
    }
    const picked = pickTemplate(snapshot.responseTemplates);
    let templates: ReadonlyMap<string, CompiledTemplate> | undefined;
    if (picked && 'vtl' in picked) {
      const compiled = compileTemplateMap(snapshot.responseTemplates);
      if (!compiled.ok) return { ok: false, reason: `integration response ${snapshot.statusCode}: ${compiled.reason}` };
      templates = compiled.value;
      // `$input` reads the integration's response body: it must be buffered.
      needsBody = true;
    }
    const response: CompiledIntegrationResponse = {
      statusCode: Number(snapshot.statusCode),
      headers,
      needsBody,
      body: picked && 'vtl' in picked ? undefined : picked,
      templates,
      stageVariables,
      contentHandling: snapshot.contentHandling,
    };
    if (snapshot.selectionPattern === undefined || snapshot.selectionPattern === '') {
      fallback = response;
      continue;
    }
    let pattern: RegExp;
    try {
      pattern = new RegExp(`^(?:${snapshot.selectionPattern})$`);
    } catch {
      return { ok: false, reason: `selectionPattern ${JSON.stringify(snapshot.selectionPattern)} is not a valid regular expression` };
    }
    patterned.push({ pattern, response });
  }
  return {
    ok: true,
    value: {
      select(key) {
        for (const candidate of patterned) if (candidate.pattern.test(key)) return candidate.response;
        return fallback;
      },
    },
  };
}
