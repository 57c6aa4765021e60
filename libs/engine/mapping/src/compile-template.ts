import { Compile, parse } from 'velocityjs';
import { InputVariable, InvalidJsonBodyError, type TemplateParams } from './input-variable.js';
import { javaMethodHandlers } from './java-methods.js';
import { isPlainData, javaString } from './java-string.js';
import { TemplateFunctionError, utilObject } from './util-functions.js';

/** AWS's limits (spec §0): a template is at most 300 KB; a `#foreach` runs at most 1,000 iterations. */
export const MAX_TEMPLATE_BYTES = 300 * 1024;
export const MAX_FOREACH_ITERATIONS = 1000;

/** What one render reads. `params` and the body's JSON are only computed when the template uses them. */
export interface TemplateInput {
  /** `$input.body`: the payload as text (the request body, or the integration's response body). */
  readonly body: string;
  readonly params: () => TemplateParams;
  /** `$context`, nested (`identity.sourceIp` → `{ identity: { sourceIp } }`); see `contextObject`. */
  readonly context: Readonly<Record<string, unknown>>;
  readonly stageVariables: Readonly<Record<string, string>>;
}

/** `$context.requestOverride.*` / `$context.responseOverride.*` a template set while rendering. */
export interface TemplateOverrides {
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly requestQuerystring: Readonly<Record<string, string>>;
  readonly requestPath: Readonly<Record<string, string>>;
  readonly responseStatus: number | undefined;
  readonly responseHeaders: Readonly<Record<string, string>>;
}

export type RenderResult =
  | { readonly ok: true; readonly output: string; readonly overrides: TemplateOverrides | undefined }
  /** `invalid-json`: the template read a payload that is not JSON (a request template answers 400 then). */
  | { readonly ok: false; readonly kind: 'invalid-json' | 'error'; readonly message: string };

export interface CompiledTemplate {
  readonly source: string;
  render(input: TemplateInput): RenderResult;
}

export type CompileTemplateResult = { readonly ok: true; readonly template: CompiledTemplate } | { readonly ok: false; readonly reason: string };

type Asts = NonNullable<Parameters<Compile['renderAstList']>[0]>;
type Ast = Asts[number];

interface EachHead {
  from: Ast;
  to: string;
  pos?: unknown;
}

let loopIds = 0;

/**
 * velocityjs's compiler with API Gateway's deviations: `#foreach` stops after 1,000 iterations (Velocity's
 * `directive.foreach.maxloops`, which AWS sets); a null or undefined reference renders as the empty string, never
 * as its own text (`"$inputRoot.missing"` → `""`, as LocalStack's AWS-validated snapshots record; the render runs
 * quiet for the undefined case); a list or map renders Java-style. One instance per render: the compiler keeps
 * per-render state (locals, `#stop`).
 */
class GatewayCompile extends Compile {
  protected override getReferences(ast: Ast, isVal?: boolean): string {
    const value = super.getReferences(ast, isVal);
    if (!isVal) return value;
    if (value === null) return '';
    return isPlainData(value) ? javaString(value) : value;
  }

  /** velocityjs's `#foreach` with the iteration limit (its structure mirrors BlockCommand.getBlockEach). */
  getBlockEach(block: Ast[]): string {
    const head = block[0] as unknown as EachHead;
    const from: unknown = this.getLiteral({ ...(head.from as object), pos: head.pos } as Ast);
    if (!from || typeof from !== 'object') return '';
    const items = (Array.isArray(from) ? from : Object.values(from)).slice(0, MAX_FOREACH_ITERATIONS);
    const body = block.slice(1);
    const contextId = `foreach:gateway:${loopIds++}`;
    const local: Record<string, unknown> = {};
    let out = '';
    for (let i = 0; i < items.length; i++) {
      if (this.runState.break) break;
      local[head.to] = items[i];
      local.foreach = { count: i + 1, index: i, hasNext: i + 1 < items.length };
      local.velocityCount = i + 1;
      this.local[contextId] = local;
      out += this.renderAstList(body, contextId);
    }
    if (items.length > 0) {
      this.runState.break = false;
      this.local[contextId] = {};
      this.conditions.shift();
      this.contextId = this.conditions[0] || '';
    }
    return out;
  }
}

const STATIC_OVERRIDES = undefined;

/** `$` and `#` start every VTL reference and directive: a template without either renders as itself. */
export function isStaticTemplate(source: string): boolean {
  return !source.includes('$') && !source.includes('#');
}

function overridesOf(context: { requestOverride: RequestOverride; responseOverride: ResponseOverride }): TemplateOverrides | undefined {
  const { requestOverride: req, responseOverride: res } = context;
  const status = res.status === undefined || res.status === '' ? undefined : Number(res.status);
  const empty =
    Object.keys(req.header).length + Object.keys(req.querystring).length + Object.keys(req.path).length + Object.keys(res.header).length === 0;
  if (empty && status === undefined) return undefined;
  return {
    requestHeaders: stringValues(req.header),
    requestQuerystring: stringValues(req.querystring),
    requestPath: stringValues(req.path),
    responseStatus: status !== undefined && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined,
    responseHeaders: stringValues(res.header),
  };
}

function stringValues(map: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(map)) if (v !== undefined && v !== null) out[k] = String(v);
  return out;
}

interface RequestOverride {
  header: Record<string, unknown>;
  querystring: Record<string, unknown>;
  path: Record<string, unknown>;
}
interface ResponseOverride {
  status: unknown;
  header: Record<string, unknown>;
}

/**
 * Parses a VTL mapping template once (per config revision); `render` runs it per request. A template that
 * does not parse is a value with the parser's message, for the control plane's 400 and the data plane's refusal.
 */
export function compileTemplate(source: string): CompileTemplateResult {
  if (Buffer.byteLength(source, 'utf8') > MAX_TEMPLATE_BYTES) {
    return { ok: false, reason: `mapping template exceeds ${MAX_TEMPLATE_BYTES} bytes` };
  }
  if (isStaticTemplate(source)) {
    return { ok: true, template: { source, render: () => ({ ok: true, output: source, overrides: STATIC_OVERRIDES }) } };
  }
  let asts: Asts;
  try {
    asts = parse(source) as Asts;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error);
    return { ok: false, reason: `mapping template does not parse: ${message}` };
  }
  const config = { customMethodHandlers: [...javaMethodHandlers] };
  return {
    ok: true,
    template: {
      source,
      render(input) {
        const requestOverride: RequestOverride = { header: {}, querystring: {}, path: {} };
        const responseOverride: ResponseOverride = { status: undefined, header: {} };
        const context = { ...input.context, requestOverride, responseOverride };
        const variables = {
          input: new InputVariable(input.body, input.params),
          context,
          stageVariables: { ...input.stageVariables },
          util: utilObject(),
        };
        try {
          const output = new GatewayCompile(asts, config).render(variables, undefined, true);
          return { ok: true, output, overrides: overridesOf(context) };
        } catch (error) {
          if (error instanceof InvalidJsonBodyError) return { ok: false, kind: 'invalid-json', message: error.reason };
          const message = error instanceof TemplateFunctionError || error instanceof Error ? error.message : String(error);
          return { ok: false, kind: 'error', message: `mapping template failed: ${message}` };
        }
      },
    },
  };
}
