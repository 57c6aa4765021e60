import type { DeploymentSnapshot, MethodSnapshot } from '@portico/contracts';
import { Ajv, type AjvInstance, type ValidateFunction } from './ajv.js';
import { describeErrors } from './describe-errors.js';

/** What a request offers to the parameter check (a structural view, so the engine needs no HTTP types). */
export interface ValidatedRequest {
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  queryValues(name: string): readonly string[] | undefined;
}

/** A refusal, as the gateway response it becomes (both default to 400, spec §7.2). */
export interface ValidationFailure {
  readonly type: 'BAD_REQUEST_PARAMETERS' | 'BAD_REQUEST_BODY';
  /** `$context.error.message`. */
  readonly message: string;
  /** `$context.error.validationErrorString` (its exact text is not documented by AWS). */
  readonly validationErrorString: string;
}

/** One method's validation, compiled once per config revision. */
export interface MethodValidation {
  /** Undefined when parameters are not validated. */
  readonly checkParameters: ((request: ValidatedRequest) => ValidationFailure | undefined) | undefined;
  /** Undefined when the body is not validated (no validator asks for it, or no model is named): no buffering. */
  readonly checkBody: ((contentType: string | undefined, body: Buffer) => ValidationFailure | undefined) | undefined;
}

export type CompileValidationResult = { ok: true; validation: MethodValidation | undefined } | { ok: false; reason: string };

const PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.(.+)$/;

/**
 * The request validators of one deployment (spec §7): one Ajv instance (JSON Schema draft 4) holding every model of
 * the API under its model URL, so `$ref`s between models resolve; each method's validator and models are compiled
 * here, once, and the request only calls the compiled functions.
 */
export class SnapshotValidators {
  private ajv: AjvInstance | undefined;
  private readonly compiled = new Map<string, ValidateFunction | Error>();
  private readonly validators: ReadonlyMap<string, DeploymentSnapshot['requestValidators'][number]>;
  private readonly models: ReadonlyMap<string, DeploymentSnapshot['models'][number]>;

  constructor(private readonly snapshot: DeploymentSnapshot) {
    this.validators = new Map(snapshot.requestValidators.map((v) => [v.id, v]));
    this.models = new Map(snapshot.models.map((m) => [m.name, m]));
  }

  compile(method: MethodSnapshot): CompileValidationResult {
    if (method.requestValidatorId === undefined) return { ok: true, validation: undefined };
    const validator = this.validators.get(method.requestValidatorId);
    if (!validator) return { ok: false, reason: `request validator ${method.requestValidatorId} is not in the deployment` };
    const checkParameters = validator.validateRequestParameters ? compileParameterCheck(method.requestParameters) : undefined;
    let checkBody: MethodValidation['checkBody'];
    if (validator.validateRequestBody && Object.keys(method.requestModels).length > 0) {
      const byType = new Map<string, ValidateFunction>();
      for (const [contentType, name] of Object.entries(method.requestModels)) {
        const fn = this.modelFunction(name);
        if (fn instanceof Error) return { ok: false, reason: `model ${name} does not compile (${fn.message})` };
        byType.set(contentType.toLowerCase(), fn);
      }
      checkBody = (contentType, body) => checkBodyWith(byType, contentType, body);
    }
    if (!checkParameters && !checkBody) return { ok: true, validation: undefined };
    return { ok: true, validation: { checkParameters, checkBody } };
  }

  private modelFunction(name: string): ValidateFunction | Error {
    const cached = this.compiled.get(name);
    if (cached) return cached;
    let result: ValidateFunction | Error;
    try {
      const ajv = (this.ajv ??= this.createAjv());
      const fn = ajv.getSchema(modelUrl(this.snapshot.restApiId, name));
      result = fn ?? new Error('not in the deployment');
    } catch (error) {
      result = error instanceof Error ? error : new Error(String(error));
    }
    this.compiled.set(name, result);
    return result;
  }

  private createAjv(): AjvInstance {
    // strict off: AWS accepts (and ignores) OpenAPI-only keywords such as `example` and formats it does not check.
    const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
    for (const model of this.models.values()) {
      const schema = parseSchema(model.schema);
      // A model's own `id` would re-base its references; the model URL is its identity in API Gateway.
      const { id: _id, $id: _$id, ...rest } = schema as Record<string, unknown>;
      ajv.addSchema(rest, modelUrl(this.snapshot.restApiId, model.name));
    }
    return ajv;
  }
}

function modelUrl(restApiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${restApiId}/models/${name}`;
}

function parseSchema(text: string | undefined): object {
  if (text === undefined || text.trim() === '') return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
}

/**
 * Every parameter marked required must be present and not blank (`?q=` fails like a missing `q`). The names are
 * listed without their location, in the order the method declares them.
 */
function compileParameterCheck(parameters: Record<string, boolean>): ValidationMethodCheck | undefined {
  const required = Object.entries(parameters)
    .filter(([, req]) => req)
    .flatMap(([key]) => {
      const match = PARAMETER.exec(key);
      return match ? [{ location: match[1]!, name: match[2]!, header: match[2]!.toLowerCase() }] : [];
    });
  if (required.length === 0) return undefined;
  return (request) => {
    const missing: string[] = [];
    for (const p of required) {
      let value: string | undefined;
      if (p.location === 'path') value = request.pathParameters[p.name];
      else if (p.location === 'header' || p.location === 'multivalueheader') {
        const raw = request.headers[p.header];
        value = Array.isArray(raw) ? raw.join(',') : raw;
      } else value = request.queryValues(p.name)?.find((v) => v.trim() !== '');
      if (value === undefined || value.trim() === '') missing.push(p.name);
    }
    if (missing.length === 0) return undefined;
    const message = `Missing required request parameters: [${missing.join(', ')}]`;
    return { type: 'BAD_REQUEST_PARAMETERS', message, validationErrorString: message };
  };
}
type ValidationMethodCheck = (request: ValidatedRequest) => ValidationFailure | undefined;

const INVALID_BODY = 'Invalid request body';

/**
 * The request's media type picks the model (`$default` when none matches; a request without Content-Type is
 * taken for application/json, as API Gateway does). A media type without a model is not validated: blocking it is
 * the passthrough behaviour's job. An empty body is validated as `{}`.
 */
function checkBodyWith(byType: ReadonlyMap<string, ValidateFunction>, contentType: string | undefined, body: Buffer): ValidationFailure | undefined {
  const mediaType = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  const fn = byType.get(mediaType) ?? byType.get('$default');
  if (!fn) return undefined;
  let value: unknown;
  try {
    value = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch (error) {
    return { type: 'BAD_REQUEST_BODY', message: INVALID_BODY, validationErrorString: `[Invalid JSON: ${(error as Error).message}]` };
  }
  if (fn(value)) return undefined;
  return { type: 'BAD_REQUEST_BODY', message: INVALID_BODY, validationErrorString: describeErrors(fn.errors ?? []) };
}
