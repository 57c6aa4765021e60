import { cachedJsonPath } from './json-path.js';
import { TemplateFunctionError } from './util-functions.js';

/** `$input.params()`: the method request's parameters by location, names as the client sent them. */
export interface TemplateParams {
  readonly path: Record<string, string>;
  readonly querystring: Record<string, string>;
  readonly header: Record<string, string>;
}

/** The payload is not JSON but the template reads it as JSON: AWS answers 400 for a request template. */
export class InvalidJsonBodyError extends TemplateFunctionError {
  /** The message without the position velocityjs appends to errors thrown inside method calls. */
  readonly reason: string;

  constructor(detail: string) {
    super(`Could not parse payload into json: ${detail}`);
    this.name = 'InvalidJsonBodyError';
    this.reason = this.message;
  }
}

/**
 * `$input`: the payload (`body`, `json(path)`, `path(path)`) and the parameters (`params()`, `params(name)`).
 * The body is parsed once per render, on first use; parameters are built on first use.
 */
export class InputVariable {
  private parsed = false;
  private value: unknown;
  private paramsCache: TemplateParams | undefined;

  constructor(
    readonly body: string,
    private readonly paramsOf: () => TemplateParams,
  ) {}

  private root(): unknown {
    if (!this.parsed) {
      // An empty payload reads as an empty object, as in AWS's passthrough templates (`$input.json('$')` → `{}`).
      if (this.body.trim() === '') {
        this.value = {};
      } else {
        try {
          this.value = JSON.parse(this.body);
        } catch (error) {
          throw new InvalidJsonBodyError(error instanceof Error ? error.message : String(error));
        }
      }
      this.parsed = true;
    }
    return this.value;
  }

  private select(expression: unknown): unknown {
    const compiled = cachedJsonPath(String(expression));
    if (!compiled.ok) throw new TemplateFunctionError(compiled.reason);
    return compiled.path.evaluate(this.root());
  }

  /** The JSON text of what the path selects; `''` when a definite path selects nothing. */
  json(expression: unknown): string {
    const value = this.select(expression);
    return value === undefined ? '' : JSON.stringify(value);
  }

  /** The object the path selects, for use in VTL (maps print Java-style: `{a=1, b=2}`); `''` when absent. */
  path(expression: unknown): unknown {
    const value = this.select(expression);
    return value === undefined ? '' : value;
  }

  /** No argument: `{path, querystring, header}`. A name: path, then query string, then header (`''` if none). */
  params(name?: unknown): unknown {
    this.paramsCache ??= this.paramsOf();
    const all = this.paramsCache;
    if (name === undefined) return all;
    const key = String(name);
    const fromPath = all.path[key] ?? all.querystring[key] ?? all.header[key];
    if (fromPath !== undefined) return fromPath;
    const lower = key.toLowerCase();
    for (const [header, value] of Object.entries(all.header)) if (header.toLowerCase() === lower) return value;
    return '';
  }
}
