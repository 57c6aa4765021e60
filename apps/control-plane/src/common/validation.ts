import { AdminError } from '@portico/contracts';

/**
 * Request validation the way AWS's front end (Coral) reports it. Two kinds:
 * - a JSON value of the wrong type is a SerializationException, reported at once;
 * - enum/length/pattern violations are collected and reported together as one ValidationException:
 *   `N validation error(s) detected: Value 'X' at 'createRestApiInput.name' failed to satisfy constraint: …`.
 */
export class InputValidator {
  private readonly errors: string[] = [];

  constructor(readonly inputName: string) {}

  /** Records a constraint violation for `member` (a dotted path under the input, e.g. `endpointConfiguration.types`). */
  violation(value: unknown, member: string, constraint: string): void {
    const shown = value === null || value === undefined ? 'null' : `'${describe(value)}'`;
    this.errors.push(`Value ${shown} at '${this.inputName}.${member}' failed to satisfy constraint: ${constraint}`);
  }

  /** A required member that is absent. */
  required<T>(value: T | undefined, member: string): T | undefined {
    if (value === undefined) this.violation(null, member, 'Member must not be null');
    return value;
  }

  enumValue<T extends string>(value: string | undefined, member: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(value)) {
      this.violation(value, member, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
      return undefined;
    }
    return value as T;
  }

  /**
   * A list whose members must be enum values: AWS reports the whole list (`Value '[BOGUS]'`) with the member
   * constraint nested, once for the list however many members are wrong.
   */
  enumList<T extends string>(values: readonly string[] | undefined, member: string, allowed: readonly T[]): T[] | undefined {
    if (values === undefined) return undefined;
    if (values.some((value) => !(allowed as readonly string[]).includes(value))) {
      this.violation(values, member, `Member must satisfy constraint: [Member must satisfy enum value set: [${allowed.join(', ')}]]`);
      return undefined;
    }
    return values as T[];
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** Throws the collected violations as one ValidationException, if any. */
  check(): void {
    if (this.errors.length === 0) return;
    const n = this.errors.length;
    throw new AdminError('ValidationException', `${n} validation error${n === 1 ? '' : 's'} detected: ${this.errors.join('; ')}`);
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => String(v)).join(', ')}]`;
  return String(value);
}

type JsonKind = 'String' | 'Boolean' | 'Integer' | 'Double' | 'List' | 'Map' | 'Structure';

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'Start of list';
  if (typeof value === 'object') return 'Start of structure or map';
  if (typeof value === 'string') return 'STRING_VALUE';
  if (typeof value === 'boolean') return 'Boolean';
  return 'NUMBER_VALUE';
}

export function serializationError(value: unknown, expected: JsonKind, member: string): AdminError {
  return new AdminError('SerializationException', `${kindOf(value)} can not be converted to ${expected} (at '${member}')`);
}

/** The JSON body as an object; an absent body is `{}`; anything else (array, string) is a SerializationException. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body) || Buffer.isBuffer(body)) {
    throw new AdminError('SerializationException', 'Request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** Typed readers for one member of a JSON object: undefined when absent or null, SerializationException when the type is wrong. */
export const read = {
  string(obj: Record<string, unknown>, key: string, member = key): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw serializationError(v, 'String', member);
    return v;
  },
  boolean(obj: Record<string, unknown>, key: string, member = key): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') throw serializationError(v, 'Boolean', member);
    return v;
  },
  integer(obj: Record<string, unknown>, key: string, member = key): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw serializationError(v, 'Integer', member);
    return v;
  },
  number(obj: Record<string, unknown>, key: string, member = key): number | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw serializationError(v, 'Double', member);
    return v;
  },
  stringList(obj: Record<string, unknown>, key: string, member = key): string[] | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) throw serializationError(v, 'List', member);
    return v.map((item) => {
      if (typeof item !== 'string') throw serializationError(item, 'String', `${member}.member`);
      return item;
    });
  },
  object(obj: Record<string, unknown>, key: string, member = key): Record<string, unknown> | undefined {
    const v = obj[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) throw serializationError(v, 'Structure', member);
    return v as Record<string, unknown>;
  },
  stringMap(obj: Record<string, unknown>, key: string, member = key): Record<string, string> | undefined {
    const m = read.object(obj, key, member);
    if (m === undefined) return undefined;
    for (const [k, v] of Object.entries(m)) if (typeof v !== 'string') throw serializationError(v, 'String', `${member}.${k}`);
    return m as Record<string, string>;
  },
  booleanMap(obj: Record<string, unknown>, key: string, member = key): Record<string, boolean> | undefined {
    const m = read.object(obj, key, member);
    if (m === undefined) return undefined;
    for (const [k, v] of Object.entries(m)) if (typeof v !== 'boolean') throw serializationError(v, 'Boolean', `${member}.${k}`);
    return m as Record<string, boolean>;
  },
};
