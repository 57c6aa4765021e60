import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/**
 * A small `helm template` for this repository's chart, where the helm binary is not installable (neither npm nor
 * Debian ship it). It implements the part of Go's text/template and Helm's functions the chart uses — and throws
 * on anything else, so that a template construct it does not know fails the test instead of rendering wrongly:
 * actions with `{{-`/`-}}` trimming, comments, pipelines, `if`/`else if`/`else`, `range $k, $v := …`, `define`
 * and `include`, variables `$name` and `$`, and the functions below (Go's semantics for truthiness and printf's
 * `%s`/`%v`/`%d`, Sprig's argument order: the piped value is the last argument).
 */
export interface Chart {
  metadata: { name: string; version: string; appVersion?: string };
  values: Record<string, unknown>;
  templates: { name: string; text: string }[];
}

export function loadChart(dir: string): Chart {
  const metadata = parse(readFileSync(join(dir, 'Chart.yaml'), 'utf8')) as Chart['metadata'];
  const values = parse(readFileSync(join(dir, 'values.yaml'), 'utf8')) as Record<string, unknown>;
  const templates = readdirSync(join(dir, 'templates'))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.tpl'))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(dir, 'templates', name), 'utf8') }));
  return { metadata, values, templates };
}

/** Helm's value merge: maps merge key by key, anything else replaces. */
export function mergeValues(base: unknown, override: unknown): unknown {
  if (isMap(base) && isMap(override)) {
    const out: Record<string, unknown> = { ...base };
    for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeValues(base[k], v) : v;
    return out;
  }
  return override === undefined ? base : override;
}

/** Renders every template (not `_*.tpl` partials) to `{ name: text }`, as `helm template` prints them. */
export function renderChart(chart: Chart, options: { releaseName: string; values?: Record<string, unknown>; namespace?: string }): Record<string, string> {
  const root = {
    Values: mergeValues(chart.values, options.values ?? {}),
    Release: { Name: options.releaseName, Namespace: options.namespace ?? 'default', Service: 'Helm', IsInstall: true },
    Chart: { Name: chart.metadata.name, Version: chart.metadata.version, AppVersion: chart.metadata.appVersion },
  };
  const defines = new Map<string, Node[]>();
  const parsed = chart.templates.map((t) => ({ name: t.name, nodes: parseTemplate(t.text, t.name, defines) }));
  const out: Record<string, string> = {};
  for (const t of parsed) {
    if (t.name.startsWith('_')) continue;
    out[t.name] = evaluate(t.nodes, { dot: root, vars: new Map([['$', root]]), defines });
  }
  return out;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'output'; pipeline: string }
  | { kind: 'if'; branches: { condition?: string; body: Node[] }[] }
  | { kind: 'range'; keyVar?: string; valueVar?: string; pipeline: string; body: Node[] };

interface Scope {
  dot: unknown;
  vars: Map<string, unknown>;
  defines: Map<string, Node[]>;
}

function parseTemplate(text: string, file: string, defines: Map<string, Node[]>): Node[] {
  // Tokens: text and actions, with Go's trim markers applied to the neighbouring text.
  const tokens: ({ kind: 'text'; text: string } | { kind: 'action'; body: string })[] = [];
  let rest = text;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    if (open < 0) {
      tokens.push({ kind: 'text', text: rest });
      break;
    }
    const close = rest.indexOf('}}', open);
    if (close < 0) throw new Error(`${file}: unclosed action`);
    let before = rest.slice(0, open);
    let body = rest.slice(open + 2, close);
    if (body.startsWith('-') && /\s/.test(body[1] ?? '')) {
      before = before.replace(/\s+$/, '');
      body = body.slice(1);
    }
    let trimAfter = false;
    if (body.endsWith('-') && /\s/.test(body.at(-2) ?? '')) {
      trimAfter = true;
      body = body.slice(0, -1);
    }
    tokens.push({ kind: 'text', text: before });
    tokens.push({ kind: 'action', body: body.trim() });
    rest = rest.slice(close + 2);
    if (trimAfter) rest = rest.replace(/^\s+/, '');
  }

  let i = 0;
  const block = (terminators: string[]): { nodes: Node[]; end: string } => {
    const nodes: Node[] = [];
    while (i < tokens.length) {
      const token = tokens[i++];
      if (token.kind === 'text') {
        if (token.text) nodes.push({ kind: 'text', text: token.text });
        continue;
      }
      const body = token.body;
      const word = body.split(/\s+/)[0];
      if (body.startsWith('/*')) continue;
      if (terminators.includes(word) || (word === 'else' && terminators.includes('else'))) return { nodes, end: body };
      if (word === 'if') {
        const branches: { condition?: string; body: Node[] }[] = [];
        let condition: string | undefined = body.slice(2).trim();
        for (;;) {
          const inner = block(['else', 'end']);
          branches.push({ condition, body: inner.nodes });
          if (inner.end === 'end') break;
          const elseIf = /^else\s+if\s+(.*)$/.exec(inner.end);
          if (elseIf) condition = elseIf[1];
          else if (inner.end === 'else') condition = undefined;
          else throw new Error(`${file}: unsupported ${inner.end}`);
        }
        nodes.push({ kind: 'if', branches });
      } else if (word === 'range') {
        const m = /^range\s+(?:(\$\w+)\s*,\s*(\$\w+)\s*:=\s*|(\$\w+)\s*:=\s*)?(.+)$/.exec(body);
        if (!m) throw new Error(`${file}: unsupported ${body}`);
        const inner = block(['end']);
        nodes.push({ kind: 'range', keyVar: m[1], valueVar: m[2] ?? m[3], pipeline: m[4], body: inner.nodes });
      } else if (word === 'define') {
        const name = /^define\s+"([^"]+)"$/.exec(body)?.[1];
        if (!name) throw new Error(`${file}: unsupported ${body}`);
        defines.set(name, block(['end']).nodes);
      } else if (['with', 'block', 'template', 'end', 'else', 'break', 'continue'].includes(word)) {
        throw new Error(`${file}: "${body}" is not supported by this renderer`);
      } else {
        nodes.push({ kind: 'output', pipeline: body });
      }
    }
    if (terminators.length > 0) throw new Error(`${file}: missing {{ end }}`);
    return { nodes, end: '' };
  };
  return block([]).nodes;
}

function evaluate(nodes: Node[], scope: Scope): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') out += node.text;
    else if (node.kind === 'output') out += format(pipeline(node.pipeline, scope));
    else if (node.kind === 'if') {
      const branch = node.branches.find((b) => b.condition === undefined || truthy(pipeline(b.condition, scope)));
      if (branch) out += evaluate(branch.body, scope);
    } else {
      const collection = pipeline(node.pipeline, scope);
      // Go ranges over a map in sorted key order.
      const entries: [unknown, unknown][] = Array.isArray(collection)
        ? collection.map((v, k) => [k, v])
        : isMap(collection)
          ? Object.keys(collection)
              .sort()
              .map((k) => [k, collection[k]])
          : [];
      for (const [k, v] of entries) {
        const vars = new Map(scope.vars);
        if (node.keyVar) vars.set(node.keyVar, k);
        if (node.valueVar) vars.set(node.valueVar, v);
        out += evaluate(node.body, { ...scope, dot: v, vars });
      }
    }
  }
  return out;
}

function format(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') throw new Error(`cannot print a ${Array.isArray(value) ? 'list' : 'map'} without toYaml`);
  return String(value);
}

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isMap(value)) return Object.keys(value).length > 0;
  return true;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A pipeline: commands separated by `|`; each command is a function with arguments, or one operand.
function pipeline(text: string, scope: Scope): unknown {
  const commands = splitTop(text, '|');
  let value: unknown;
  commands.forEach((command, index) => {
    const words = splitWords(command.trim());
    const piped = index > 0 ? [value] : [];
    if (words.length === 1 && !(words[0] in FUNCTIONS) && piped.length === 0) value = operand(words[0], scope);
    else {
      const [name, ...args] = words;
      const fn = FUNCTIONS[name];
      if (!fn) throw new Error(`unknown function ${name}`);
      value = fn(scope, ...args.map((a) => operand(a, scope)), ...piped);
    }
  });
  return value;
}

function operand(word: string, scope: Scope): unknown {
  if (word.startsWith('(') && word.endsWith(')')) return pipeline(word.slice(1, -1), scope);
  if (word.startsWith('"')) return JSON.parse(word) as string;
  if (/^-?\d+$/.test(word)) return Number(word);
  if (word === 'true' || word === 'false') return word === 'true';
  if (word === '.') return scope.dot;
  const path = /^(\$\w*)?((?:\.\w+)*)$/.exec(word);
  if (!path) throw new Error(`unsupported operand ${word}`);
  let value: unknown = path[1] ? scope.vars.get(path[1]) : scope.dot;
  if (path[1] && !scope.vars.has(path[1])) throw new Error(`undefined variable ${path[1]}`);
  for (const key of path[2].split('.').filter(Boolean)) value = isMap(value) ? value[key] : undefined;
  return value;
}

function splitTop(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && c === '(') depth++;
    if (!quoted && c === ')') depth--;
    if (!quoted && depth === 0 && c === separator) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function splitWords(text: string): string[] {
  return splitTop(text.replace(/\s+/g, ' '), ' ').filter((w) => w !== '');
}

const str = (value: unknown): string => (value === undefined || value === null ? '' : String(value));

const FUNCTIONS: Record<string, (scope: Scope, ...args: unknown[]) => unknown> = {
  include: (scope, name, dot) => {
    const nodes = scope.defines.get(str(name));
    if (!nodes) throw new Error(`include: no template named ${str(name)}`);
    return evaluate(nodes, { ...scope, dot, vars: new Map([['$', scope.vars.get('$')]]) });
  },
  required: (_scope, message, value) => {
    if (value === undefined || value === null || value === '') throw new Error(`execution error: ${str(message)}`);
    return value;
  },
  default: (_scope, fallback, value) => (truthy(value) ? value : fallback),
  quote: (_scope, value) => JSON.stringify(str(value)),
  b64enc: (_scope, value) => Buffer.from(str(value)).toString('base64'),
  toYaml: (_scope, value) => (value === undefined || value === null ? '' : stringify(value).replace(/\n$/, '')),
  indent: (_scope, n, value) => str(value).replace(/^/gm, ' '.repeat(Number(n))),
  nindent: (_scope, n, value) => `\n${str(value).replace(/^/gm, ' '.repeat(Number(n)))}`,
  trunc: (_scope, n, value) => str(value).slice(0, Number(n)),
  trimSuffix: (_scope, suffix, value) => (str(value).endsWith(str(suffix)) ? str(value).slice(0, -str(suffix).length || undefined) : str(value)),
  contains: (_scope, substring, value) => str(value).includes(str(substring)),
  not: (_scope, value) => !truthy(value),
  add: (_scope, ...values) => values.reduce((a: number, b) => a + Number(b), 0),
  mul: (_scope, ...values) => values.reduce((a: number, b) => a * Number(b), 1),
  printf: (_scope, template, ...args) => {
    let n = 0;
    return str(template).replace(/%[svd%]/g, (spec) => (spec === '%%' ? '%' : str(args[n++])));
  },
};
