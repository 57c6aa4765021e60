import type { OutgoingHttpHeaders } from 'node:http';
import { chooseResponseTemplate } from '@portico/engine-mapping';
import type { CompiledIntegrationResponse } from './integration-responses.js';
import { templateInput } from './template-input.js';
import type { MethodRequest } from './types.js';

export type ResponseBody =
  | {
      readonly ok: true;
      /** The method response's Content-Type: the chosen template's key (application/json without templates). */
      readonly contentType: string;
      readonly text: string;
      /** `$context.responseOverride.status`, when the template set one. */
      readonly status: number | undefined;
      /** `$context.responseOverride.header.*`. */
      readonly headers: Readonly<Record<string, string>>;
    }
  | { readonly ok: false; readonly message: string };

const NO_HEADERS: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The body of a non-proxy method response: the chosen integration response's template rendered over the
 * integration's payload (`$input` is the payload), its static body, or the payload itself (passthrough).
 * A template that fails to render is a value (AWS answers 500 Internal server error).
 */
export function renderResponseBody(chosen: CompiledIntegrationResponse, request: MethodRequest, payload: string): ResponseBody {
  if (chosen.templates) {
    const picked = chooseResponseTemplate(chosen.templates, request.headers.accept);
    if (picked) {
      const result = picked.template.render(templateInput(request, payload, chosen.stageVariables));
      if (!result.ok) return { ok: false, message: result.message };
      return {
        ok: true,
        contentType: picked.contentType,
        text: result.output,
        status: result.overrides?.responseStatus,
        headers: result.overrides?.responseHeaders ?? NO_HEADERS,
      };
    }
  }
  if (chosen.body) return { ok: true, contentType: chosen.body.contentType, text: chosen.body.text, status: undefined, headers: NO_HEADERS };
  return { ok: true, contentType: 'application/json', text: payload, status: undefined, headers: NO_HEADERS };
}

/** Applies a rendered body's Content-Type and response overrides to the method response headers. */
export function applyResponseBody(headers: OutgoingHttpHeaders, body: ResponseBody & { ok: true }): OutgoingHttpHeaders {
  headers['content-type'] = body.contentType;
  for (const [name, value] of Object.entries(body.headers)) headers[name.toLowerCase()] = value;
  return headers;
}
