import type { OutgoingHttpHeaders } from 'node:http';
import type { IntegrationSnapshot } from '@portico/contracts';
import type { ResponseSink } from '@portico/gateway-core';
import {
  DROPPED_PROXY_RESPONSE_HEADERS,
  REMAPPED_RESPONSE_HEADERS,
  readRequestBody,
  type CompileIntegrationResult,
  type CompiledIntegration,
  type IntegrationOutcome,
  type MethodRequest,
} from '@portico/engine-integrations';
import {
  buildProxyEvent,
  parseLambdaUri,
  parseProxyResponse,
  type BinaryMediaTypes,
  type FunctionRunner,
  type FunctionTarget,
  type ProxyEventRequest,
} from '@portico/engine-lambda';
import type { LambdaCompileContext } from './lambda-compile-context.js';
import { invokeFailure } from './invoke-failure.js';

function firstMediaType(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  const comma = accept.indexOf(',');
  return comma < 0 ? accept : accept.slice(0, comma);
}

/** The request path below the stage, from `$context.path` (`/{stage}/…`); `/` for the stage root. */
function pathBelowStage(contextPath: string, stage: string): string {
  const rest = contextPath.slice(stage.length + 1);
  return rest === '' ? '/' : rest;
}

/**
 * AWS_PROXY: the whole request becomes a payload-1.0 event (spec §2.4), the function's result becomes the
 * response after validation. Function errors and malformed results answer 502, the integration timeout 504.
 */
class LambdaProxyIntegration implements CompiledIntegration {
  readonly type = 'AWS_PROXY';

  constructor(
    private readonly target: FunctionTarget,
    private readonly runner: FunctionRunner,
    private readonly binary: BinaryMediaTypes,
    private readonly stageVariables: Readonly<Record<string, string>>,
    private readonly operationName: string | undefined,
    private readonly timeoutMs: number,
    private readonly maxBodyBytes: number,
  ) {}

  async invoke(request: MethodRequest, res: ResponseSink): Promise<IntegrationOutcome> {
    const body = await readRequestBody(request.body, this.maxBodyBytes);
    if (!body) return { kind: 'failed', responseType: 'REQUEST_TOO_LARGE', error: 'request body too large' };
    const event = buildProxyEvent(this.eventRequest(request, body));
    const startedAt = performance.now();
    const result = await this.runner.invoke(this.target, JSON.stringify(event), {
      deadline: Date.now() + this.timeoutMs,
      requestId: request.requestId,
    });
    const integrationLatencyMs = performance.now() - startedAt;
    if (result.kind !== 'success') {
      if (result.kind === 'function-error') {
        const { errorType, errorMessage } = result.error;
        return {
          kind: 'failed',
          responseType: 'INTEGRATION_FAILURE',
          statusCode: 502,
          error: `Lambda function error: ${errorType ?? 'Error'}: ${errorMessage ?? result.payload}`,
          integrationStatus: 200,
          integrationLatencyMs,
        };
      }
      return invokeFailure(result, integrationLatencyMs);
    }
    const parsed = parseProxyResponse(result.payload, this.binary.matches(firstMediaType(request.headers.accept)));
    if (!parsed.ok) {
      return {
        kind: 'failed',
        responseType: 'INTEGRATION_FAILURE',
        statusCode: 502,
        error: `Malformed Lambda proxy response: ${parsed.reason}`,
        integrationStatus: 200,
        integrationLatencyMs,
      };
    }
    const { statusCode, headers, body: responseBody } = parsed.response;
    const out: OutgoingHttpHeaders = {};
    let contentType = false;
    for (const [name, value] of headers) {
      const lower = name.toLowerCase();
      if (lower === 'content-type') contentType = true;
      if (DROPPED_PROXY_RESPONSE_HEADERS.has(lower)) continue;
      out[REMAPPED_RESPONSE_HEADERS.get(lower) ?? name] = value;
    }
    if (!contentType) out['content-type'] = 'application/json';
    out['x-amzn-RequestId'] = request.requestId;
    out['x-amz-apigw-id'] = request.extendedRequestId;
    out['X-Amzn-Trace-Id'] = request.traceId;
    // 204 and 304 carry no body (HTTP); whatever the function put in it is dropped.
    const bodyless = statusCode === 204 || statusCode === 304 || request.httpMethod === 'HEAD';
    if (!(statusCode === 204 || statusCode === 304)) out['content-length'] = responseBody.length;
    res.send(statusCode, out, bodyless ? undefined : responseBody);
    return { kind: 'responded', status: statusCode, integrationStatus: 200, integrationLatencyMs, responseLength: responseBody.length };
  }

  private eventRequest(request: MethodRequest, body: Buffer): ProxyEventRequest {
    const value = (name: string) => request.contextValue(name) ?? '';
    const stage = value('stage');
    const contextPath = value('path');
    const resourcePath = value('resourcePath');
    return {
      resource: resourcePath,
      path: pathBelowStage(contextPath, stage),
      httpMethod: request.httpMethod,
      rawHeaders: request.rawHeaders,
      rawQuery: request.rawQuery,
      pathParameters: request.pathParameters,
      stageVariables: this.stageVariables,
      body,
      isBase64Encoded: body.length > 0 && this.binary.matches(request.headers['content-type']),
      forwarded: { sourceIp: request.sourceIp, port: request.port, proto: request.protocol, traceId: request.traceId },
      requestContext: {
        accountId: value('accountId'),
        apiId: value('apiId'),
        resourceId: value('resourceId'),
        resourcePath,
        httpMethod: request.httpMethod,
        path: contextPath,
        protocol: value('protocol'),
        stage,
        deploymentId: value('deploymentId'),
        requestId: request.requestId,
        extendedRequestId: request.extendedRequestId,
        requestTime: value('requestTime'),
        requestTimeEpoch: Number(value('requestTimeEpoch')),
        domainName: value('domainName'),
        domainPrefix: value('domainPrefix'),
        operationName: this.operationName,
        identity: {
          sourceIp: request.sourceIp,
          userAgent: request.headers['user-agent'] ?? null,
          // AWS_IAM methods: the SigV4-authenticated principal (null otherwise, as AWS sends).
          accountId: request.contextValue('identity.accountId') ?? null,
          caller: request.contextValue('identity.caller') ?? null,
          user: request.contextValue('identity.user') ?? null,
          userArn: request.contextValue('identity.userArn') ?? null,
          accessKey: request.contextValue('identity.accessKey') ?? null,
          // Only when the usage-plan step accepted an API key (AWS sends these keys only then).
          apiKey: request.contextValue('identity.apiKey'),
          apiKeyId: request.contextValue('identity.apiKeyId'),
        },
        authorizer: request.authorizerEventContext?.(),
      },
    };
  }
}

/** `operationName`: the method's, reported as `requestContext.operationName` when set. */
export function compileLambdaProxyIntegration(
  integration: IntegrationSnapshot,
  context: LambdaCompileContext,
  operationName: string | undefined,
): CompileIntegrationResult {
  if (!integration.uri) return { ok: false, reason: 'AWS_PROXY integration has no uri' };
  const target = parseLambdaUri(integration.uri, context.stageVariables);
  if (!target.ok) return target;
  return {
    ok: true,
    integration: new LambdaProxyIntegration(
      target.target,
      context.runner,
      context.binaryMediaTypes,
      context.stageVariables,
      operationName,
      integration.timeoutInMillis,
      context.maxBodyBytes,
    ),
  };
}
