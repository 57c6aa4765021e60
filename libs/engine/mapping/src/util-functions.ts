/**
 * `$util` as API Gateway defines it. Java semantics where AWS inherits them: escapeJavaScript is Apache
 * Commons Lang's `StringEscapeUtils.escapeJavaScript` (quotes, backslash and `/` escaped, non-ASCII as upper-case
 * `\uXXXX`), urlEncode/urlDecode are `java.net.URLEncoder`/`URLDecoder` with UTF-8 (space ↔ `+`).
 */

/** A failure inside a template function; the render turns it into a failed result, never an uncaught throw. */
export class TemplateFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateFunctionError';
  }
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

export function escapeJavaScript(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      out += `\\u${hex4(c)}`;
    } else if (c < 32) {
      switch (c) {
        case 8:
          out += '\\b';
          break;
        case 9:
          out += '\\t';
          break;
        case 10:
          out += '\\n';
          break;
        case 12:
          out += '\\f';
          break;
        case 13:
          out += '\\r';
          break;
        default:
          out += `\\u${hex4(c)}`;
      }
    } else {
      const ch = text[i];
      if (ch === "'" || ch === '"' || ch === '\\' || ch === '/') out += `\\${ch}`;
      else out += ch;
    }
  }
  return out;
}

// URLEncoder leaves these unencoded; everything else is percent-encoded per UTF-8 byte, space becomes `+`.
const URL_SAFE = /[A-Za-z0-9.\-*_]/;

export function urlEncode(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  let out = '';
  for (const ch of text) {
    if (ch === ' ') out += '+';
    else if (URL_SAFE.test(ch)) out += ch;
    else for (const byte of Buffer.from(ch, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

export function urlDecode(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new TemplateFunctionError(`urlDecode: ${JSON.stringify(text)} is not a valid URL-encoded string`);
  }
}

export function base64Encode(value: unknown): string {
  return Buffer.from(value === null || value === undefined ? '' : String(value), 'utf8').toString('base64');
}

export function base64Decode(value: unknown): string {
  return Buffer.from(value === null || value === undefined ? '' : String(value), 'base64').toString('utf8');
}

export function parseJson(value: unknown): unknown {
  const text = value === null || value === undefined ? '' : String(value);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TemplateFunctionError(`parseJson: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The `$util` object templates see. A fresh object per render: templates may `#set` properties on it. */
export function utilObject(): Record<string, (value: unknown) => unknown> {
  return { escapeJavaScript, urlEncode, urlDecode, base64Encode, base64Decode, parseJson };
}
