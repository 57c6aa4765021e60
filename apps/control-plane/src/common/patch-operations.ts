import { AdminError, badRequest } from '@portico/contracts';
import { InputValidator, bodyObject, serializationError } from './validation.js';
import { ADMIN_ERRORS } from './admin-errors.js';

export const patchOps = ['add', 'remove', 'move', 'test', 'replace', 'copy'] as const;
export type PatchOp = (typeof patchOps)[number];

/** One element of `patchOperations`: `value` is always a string on the wire (numbers and booleans too). */
export interface PatchOperation {
  /** Undefined when the client sent none: AWS refuses such an operation (400), it is not a replace. */
  op: PatchOp | undefined;
  path: string;
  value?: string;
  from?: string;
}

/** What a rule's handler receives: the operation, and the path's wildcard segments, already `~1`/`~0`-unescaped. */
export interface PatchContext {
  op: PatchOp;
  path: string;
  value: string | undefined;
  from: string | undefined;
  /** One entry per `*` in the pattern; a trailing `**` captures the rest of the path joined with `/`. */
  params: string[];
}

/**
 * One allowed (op, path) pair of a resource. `path` is a pattern of segments: literals, `*` (one segment) or a
 * final `**` (the rest). `display` is how the path is listed in "Must be one of" messages (default: pattern).
 */
export interface PatchRule<T> {
  ops: readonly PatchOp[];
  path: string;
  display?: string;
  apply(target: T, ctx: PatchContext): void;
}

/**
 * Reads `{"patchOperations": [...]}`: SerializationException for wrong JSON types, ValidationException (AWS's
 * text, 1-based index) for an unknown `op`. `inputName` is e.g. `updateRestApiInput`.
 */
export function parsePatchOperations(body: unknown, inputName: string): PatchOperation[] {
  const obj = bodyObject(body);
  const list = obj.patchOperations;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw serializationError(list, 'List', 'patchOperations');
  const validator = new InputValidator(inputName);
  const operations: PatchOperation[] = [];
  list.forEach((raw: unknown, index) => {
    const member = `patchOperations.${index + 1}.member`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw serializationError(raw, 'Structure', member);
    const entry = raw as Record<string, unknown>;
    for (const key of ['op', 'path', 'value', 'from'] as const) {
      const v = entry[key];
      if (v !== undefined && v !== null && typeof v !== 'string') throw serializationError(v, 'String', `${member}.${key}`);
    }
    const op = validator.enumValue(entry.op as string | undefined, `${member}.op`, patchOps);
    operations.push({
      op,
      path: (entry.path as string | undefined) ?? '',
      value: (entry.value as string | null | undefined) ?? undefined,
      from: (entry.from as string | null | undefined) ?? undefined,
    });
  });
  validator.check();
  return operations;
}

/** Splits a JSON-Pointer path into unescaped segments: `~1` → `/`, then `~0` → `~` (RFC 6901 order). */
export function splitPointer(path: string): string[] {
  if (!path.startsWith('/')) return [];
  return path
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function match(pattern: string, segments: string[]): string[] | undefined {
  const parts = pattern.slice(1).split('/');
  const params: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part === '**') {
      if (i >= segments.length) return undefined;
      params.push(segments.slice(i).join('/'));
      return params;
    }
    if (i >= segments.length) return undefined;
    if (part === '*') {
      if (segments[i] === '') return undefined;
      params.push(segments[i]);
    } else if (part !== segments[i]) {
      return undefined;
    }
  }
  return segments.length === parts.length ? params : undefined;
}

/**
 * Applies operations in order to `target` (mutated; the caller persists it in one transaction). Errors carry
 * AWS's texts (spec §1.1): an op the resource never supports, a path that exists for another op only, and a
 * path that does not exist at all (listing the paths the op supports).
 */
export function applyPatchOperations<T>(target: T, operations: readonly PatchOperation[], rules: readonly PatchRule<T>[]): T {
  for (const operation of operations) {
    const segments = splitPointer(operation.path);
    let matchedOtherOp = false;
    let applied = false;
    for (const rule of rules) {
      const params = match(rule.path, segments);
      if (params === undefined) continue;
      if (operation.op === undefined || !rule.ops.includes(operation.op)) {
        matchedOtherOp = true;
        continue;
      }
      rule.apply(target, { op: operation.op, path: operation.path, value: operation.value, from: operation.from, params });
      applied = true;
      break;
    }
    if (applied) continue;
    throw patchError(operation, rules, matchedOtherOp);
  }
  return target;
}

function patchError<T>(operation: PatchOperation, rules: readonly PatchRule<T>[], matchedOtherOp: boolean): AdminError {
  const supportedOps = patchOps.filter((op) => rules.some((rule) => rule.ops.includes(op)));
  if (operation.op === undefined || !supportedOps.includes(operation.op)) {
    return badRequest(`Invalid patch operation specified. Must be one of: [${supportedOps.join(', ')}]`);
  }
  if (matchedOtherOp) {
    return badRequest(ADMIN_ERRORS.unsupportedPatchOperation(operation.path, operation.op));
  }
  const op = operation.op;
  const paths = [...new Set(rules.filter((rule) => rule.ops.includes(op)).map((rule) => rule.display ?? rule.path))];
  return badRequest(`Invalid patch path  '${operation.path}' specified for op '${operation.op}'. Must be one of: [${paths.join(', ')}]`);
}

/** Values arrive as strings: these parse them with AWS-like 400s. */
export const patchValue = {
  required(ctx: PatchContext): string {
    if (ctx.value === undefined) throw badRequest(ADMIN_ERRORS.emptyPatchValue(ctx.path));
    return ctx.value;
  },
  /** A value that must be present and not empty (names): AWS refuses `""` where a name is required. */
  nonEmpty(ctx: PatchContext): string {
    if (ctx.value === undefined || ctx.value === '') throw badRequest(ADMIN_ERRORS.emptyPatchValue(ctx.path));
    return ctx.value;
  },
  boolean(ctx: PatchContext): boolean {
    const v = patchValue.required(ctx).toLowerCase();
    if (v !== 'true' && v !== 'false') throw badRequest(ADMIN_ERRORS.invalidPatchBoolean(ctx.value, ctx.path));
    return v === 'true';
  },
  integer(ctx: PatchContext): number {
    const v = patchValue.required(ctx);
    if (!/^-?\d+$/.test(v)) throw badRequest(`Invalid integer value '${v}' for path ${ctx.path}`);
    return Number(v);
  },
  number(ctx: PatchContext): number {
    const v = patchValue.required(ctx);
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n)) throw badRequest(`Invalid number value '${v}' for path ${ctx.path}`);
    return n;
  },
};
