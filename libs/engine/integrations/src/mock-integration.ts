import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { IntegrationSnapshot } from '@portico/contracts';
import type { IntegrationCompileContext } from './compile-context.js';
import { integrationResponseHeaders } from './integration-response-headers.js';
import { compileIntegrationResponses, isStaticTemplate, type IntegrationResponseSelector } from './integration-responses.js';
import { parseMockStatusCode } from './mock-status.js';
import type { CompileIntegrationResult, CompiledIntegration, IntegrationOutcome, MethodRequest } from './types.js';

/** Status of a request template: a number, or null when the template yields no valid `statusCode` (→ 500). */
type TemplateStatus = number | null;

async function readText(body: Readable, maxBytes: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function mediaType(request: MethodRequest): string {
  const header = request.headers['content-type'];
  if (!header) return 'application/json';
  const semi = header.indexOf(';');
  return (semi < 0 ? header : header.slice(0, semi)).trim().toLowerCase();
}

/**
 * MOCK: no backend. The request template's `statusCode` (chosen by the request's Content-Type, default
 * application/json) selects the integration response; its static headers and static template make the answer.
 */
class MockIntegration implements CompiledIntegration {
  readonly type = 'MOCK';

  constructor(
    private readonly templates: ReadonlyMap<string, TemplateStatus>,
    private readonly passthroughBehavior: IntegrationSnapshot['passthroughBehavior'],
    private readonly responses: IntegrationResponseSelector,
    private readonly maxBodyBytes: number,
  ) {}

  async invoke(request: MethodRequest, res: ServerResponse): Promise<IntegrationOutcome> {
    let status: TemplateStatus = 200;
    if (this.templates.size > 0) {
      const fromTemplate = this.templates.get(mediaType(request));
      if (fromTemplate !== undefined) {
        status = fromTemplate;
      } else if (this.passthroughBehavior === 'WHEN_NO_MATCH') {
        // Unmatched content type passes the body through as the template output.
        const text = request.body ? await readText(request.body, this.maxBodyBytes) : '';
        if (text === undefined) return { kind: 'failed', responseType: 'REQUEST_TOO_LARGE', error: 'request body too large' };
        status = parseMockStatusCode(text) ?? null;
      } else {
        return { kind: 'failed', responseType: 'UNSUPPORTED_MEDIA_TYPE', error: `no request template for ${mediaType(request)}` };
      }
    }
    if (status === null) {
      return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: 'MOCK request template output has no valid statusCode' };
    }
    const chosen = this.responses.select(String(status));
    if (!chosen) {
      return { kind: 'failed', responseType: 'API_CONFIGURATION_ERROR', error: `no integration response matches status ${status}` };
    }
    const body = chosen.body?.text ?? '';
    res.writeHead(chosen.statusCode, integrationResponseHeaders(chosen, request, { headers: {} }));
    res.end(body);
    return { kind: 'responded', status: chosen.statusCode, responseLength: Buffer.byteLength(body) };
  }
}

export function compileMockIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  const templates = new Map<string, TemplateStatus>();
  for (const [contentType, template] of Object.entries(integration.requestTemplates)) {
    if (!isStaticTemplate(template)) {
      return { ok: false, reason: `MOCK request template for ${contentType} uses VTL, which is not supported yet` };
    }
    templates.set(contentType.toLowerCase(), parseMockStatusCode(template) ?? null);
  }
  const responses = compileIntegrationResponses(integration.integrationResponses, context.stageVariables);
  if (!responses.ok) return responses;
  for (const response of Object.values(integration.integrationResponses)) {
    for (const expression of Object.values(response.responseParameters)) {
      if (expression.trim().startsWith('integration.response.')) {
        return { ok: false, reason: `MOCK integration responses cannot map ${expression}` };
      }
    }
  }
  return { ok: true, integration: new MockIntegration(templates, integration.passthroughBehavior, responses.value, context.maxBodyBytes) };
}
