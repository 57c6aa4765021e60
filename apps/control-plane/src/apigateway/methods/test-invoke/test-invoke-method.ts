import type { TestInvokeMethodWire } from '@portico/admin-wire';
import { createServer, request, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configDocumentSchema, notFound, type DeploymentSnapshot } from '@portico/contracts';
import type { FunctionRunner } from '@portico/engine-lambda';
import { compileGateway } from '@portico/gateway-rest';
import { ADMIN_ERRORS } from '../../../common/admin-errors.js';
import { bodyObject, read, serializationError } from '../../../common/validation.js';
import { compileSnapshot, type ApiRows } from '../../deployments/compile-snapshot.js';
import { ExecutionLog, logMap, recordingFunctionRunner, recordingOriginPools } from './execution-log.js';

// The wire shape lives in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { TestInvokeMethodWire };

/** The stage a test invocation runs on: none of the API's real stages (their settings do not apply). */
const TEST_STAGE = 'test-invoke-stage';
const TEST_DEPLOYMENT = 'test-invoke-deployment';
/** Hop-by-hop and transport headers of the local exchange, which are not part of the method response. */
const TRANSPORT_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

interface TestRequest {
  path: string;
  rawQuery: string;
  body: string;
  headers: [string, string][];
  stageVariables: Record<string, string>;
}

function readTestRequest(raw: unknown, resourcePath: string): TestRequest {
  const obj = bodyObject(raw);
  const target = read.string(obj, 'pathWithQueryString') || resourcePath;
  const [rawPath, rawQuery = ''] = target.split(/\?(.*)/s, 2);
  const headers: [string, string][] = Object.entries(read.stringMap(obj, 'headers') ?? {});
  const multi = read.object(obj, 'multiValueHeaders') ?? {};
  for (const [name, values] of Object.entries(multi)) {
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) throw serializationError(values, 'List', `multiValueHeaders.${name}`);
    // A header given in both maps takes its values from multiValueHeaders, as AWS merges them.
    for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0].toLowerCase() === name.toLowerCase()) headers.splice(i, 1);
    for (const value of values as string[]) headers.push([name, value]);
  }
  // Accepted, as AWS does; Portico presents no client certificate to backends (no ClientCertificate resources).
  read.string(obj, 'clientCertificateId');
  return {
    path: rawPath!.startsWith('/') ? rawPath! : `/${rawPath}`,
    rawQuery,
    body: read.string(obj, 'body') ?? '',
    headers,
    stageVariables: read.stringMap(obj, 'stageVariables') ?? {},
  };
}

/** `{id}` and `{proxy+}` values of `path` under the resource path template, for the log's "Method request path". */
function pathParameters(template: string, path: string): [string, string][] {
  const want = template.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  const out: [string, string][] = [];
  want.forEach((segment, i) => {
    const m = /^\{(.+?)(\+?)\}$/.exec(segment);
    if (!m) return;
    out.push([m[1]!, m[2] ? have.slice(i).join('/') : (have[i] ?? '')]);
  });
  return out;
}

/**
 * The API's current (undeployed) tree reduced to the one method, as a snapshot: authorization and API keys are
 * off (TestInvokeMethod bypasses them, as on AWS), and so are the resource policy and the private endpoint.
 */
function testSnapshot(rows: ApiRows, resourceId: string, httpMethod: string): { ok: true; snapshot: DeploymentSnapshot } | { ok: false; message: string } {
  const mine = <T extends { resourceId: string; httpMethod: string }>(list: readonly T[]) => list.filter((r) => r.resourceId === resourceId && r.httpMethod === httpMethod);
  const reduced: ApiRows = {
    ...rows,
    methods: mine(rows.methods),
    methodResponses: mine(rows.methodResponses),
    integrations: mine(rows.integrations),
    integrationResponses: mine(rows.integrationResponses),
  };
  const compiled = compileSnapshot(reduced, { id: TEST_DEPLOYMENT, createdDate: Math.floor(Date.now() / 1000) });
  if (!compiled.ok) return compiled;
  const snapshot = compiled.snapshot;
  for (const resource of snapshot.resources) {
    for (const method of Object.values(resource.resourceMethods)) {
      method.authorizationType = 'NONE';
      delete method.authorizerId;
      method.apiKeyRequired = false;
    }
  }
  snapshot.authorizers = [];
  snapshot.api = { ...snapshot.api, policy: undefined, disableExecuteApiEndpoint: false, endpointConfiguration: { types: ['REGIONAL'] } };
  return { ok: true, snapshot };
}

interface Exchange {
  status: number;
  rawHeaders: string[];
  body: string;
}

function send(port: number, method: string, path: string, req: TestRequest): Promise<Exchange> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of req.headers) {
    const existing = headers[name];
    headers[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return new Promise((resolve, reject) => {
    const outgoing = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(req.body === '' ? undefined : req.body);
  });
}

/**
 * TestInvokeMethod: the method run once by the data plane's own compiler and pipeline (`compileGateway`), on the
 * API's current resource tree, with the request the body describes. The gateway serves one request on a loopback
 * listener of its own; its backend connections and function runner log the endpoint request and response, so the
 * answer's `log` has AWS's execution-log lines (method request, endpoint request URI/headers/body after
 * transformations, endpoint response, method response). Throws the 404s; any other outcome is the answer.
 */
export async function testInvokeMethod(
  rows: ApiRows,
  target: { resourceId: string; httpMethod: string },
  rawBody: unknown,
  options: { region: string; accountId: string; runner: FunctionRunner },
): Promise<TestInvokeMethodWire> {
  const resource = rows.resources.find((r) => r.id === target.resourceId);
  if (!resource) throw notFound(ADMIN_ERRORS.resourceNotFound);
  if (!rows.methods.some((m) => m.resourceId === target.resourceId && m.httpMethod === target.httpMethod)) throw notFound(ADMIN_ERRORS.methodNotFound);
  const req = readTestRequest(rawBody, resource.path);
  const verb = target.httpMethod === 'ANY' ? 'GET' : target.httpMethod;
  const log = new ExecutionLog();
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);

  log.line('Starting execution for request: test-invoke-request');
  log.line(`HTTP Method: ${verb}, Resource Path: ${req.path}`);
  log.line(`Method request path: ${logMap(pathParameters(resource.path, req.path))}`);
  log.line(`Method request query string: ${logMap([...new URLSearchParams(req.rawQuery)])}`);
  log.headers('Method request headers', req.headers);
  log.body('Method request body before transformations', req.body);

  const built = testSnapshot(rows, target.resourceId, target.httpMethod);
  if (!built.ok) {
    log.line(`Execution failed due to configuration error: ${built.message}`);
    log.line('Method completed with status: 500');
    const body = '{"message": "Internal server error"}';
    return { status: 500, body, headers: { 'x-amzn-ErrorType': 'InternalServerErrorException' }, multiValueHeaders: { 'x-amzn-ErrorType': ['InternalServerErrorException'] }, latency: latency(), log: log.render('test-invoke-request') };
  }
  const doc = configDocumentSchema.parse({
    schemaVersion: 1,
    revision: 'test-invoke',
    region: options.region,
    accountId: options.accountId,
    stages: [{ restApiId: rows.restApi.id, stageName: TEST_STAGE, deploymentId: TEST_DEPLOYMENT, variables: req.stageVariables, lastUpdatedDate: 0 }],
    deployments: { [TEST_DEPLOYMENT]: built.snapshot },
  });
  const pools = recordingOriginPools(log, req.body);
  const warnings: string[] = [];
  let errorMessage: unknown;
  const gateway = compileGateway(doc, {
    region: options.region,
    accountId: options.accountId,
    originPools: pools,
    functionRunner: recordingFunctionRunner(options.runner, log, options.region),
    onWarning: (warning) => void warnings.push(warning),
    observe: (record) => void (errorMessage = record.contextValue?.('error.message')),
  });
  for (const warning of warnings) log.line(`Execution failed due to configuration error: ${warning}`);
  const server = createServer(gateway.handle);
  let exchange: Exchange;
  try {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const query = req.rawQuery === '' ? '' : `?${req.rawQuery}`;
    exchange = await send(port, verb, `/restapis/${rows.restApi.id}/${TEST_STAGE}/_user_request_${req.path}${query}`, req);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await gateway.close();
    await pools.destroy();
  }

  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const shown: [string, string][] = [];
  let requestId = 'test-invoke-request';
  for (let i = 0; i + 1 < exchange.rawHeaders.length; i += 2) {
    const name = exchange.rawHeaders[i]!;
    const value = exchange.rawHeaders[i + 1]!;
    if (name.toLowerCase() === 'x-amzn-requestid') requestId = value;
    if (TRANSPORT_HEADERS.has(name.toLowerCase())) continue;
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
    shown.push([name, value]);
  }
  log.body('Method response body after transformations', exchange.body);
  log.headers('Method response headers', shown);
  if (typeof errorMessage === 'string' && exchange.status >= 400) log.line(`Execution failed: ${errorMessage}`);
  else log.line('Successfully completed execution');
  log.line(`Method completed with status: ${exchange.status}`);
  return { status: exchange.status, body: exchange.body, headers, multiValueHeaders, latency: latency(), log: log.render(requestId).replace('test-invoke-request', requestId) };
}
