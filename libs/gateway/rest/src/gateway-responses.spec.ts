import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { GatewayResponseSnapshot } from '@portico/contracts';
import { GatewayResponses, type GatewayAnswer } from './gateway-responses.js';
import { Invocation } from './invocation.js';

interface Written {
  status: number;
  headers: OutgoingHttpHeaders;
  body: string;
}

function render(renderer: GatewayResponses, type: GatewayAnswer, statusHint?: number, headers: Record<string, string> = {}): Written {
  const req = { headers, rawHeaders: [], method: 'GET', httpVersion: '1.1', socket: { remoteAddress: '::ffff:10.0.0.1', localPort: 8080 } };
  const invocation = new Invocation(req as unknown as IncomingMessage, () => 0, '000000000000');
  const written: Written = { status: 0, headers: {}, body: '' };
  const res = {
    headersSent: false,
    writeHead(status: number, h: OutgoingHttpHeaders) {
      written.status = status;
      written.headers = h;
      return res;
    },
    end(body: string) {
      written.body = body;
    },
  };
  renderer.render(invocation, res as unknown as ServerResponse, type, { statusHint });
  return written;
}

const custom = (responseType: string, fields: Partial<GatewayResponseSnapshot>): GatewayResponseSnapshot => ({
  responseType,
  responseParameters: {},
  responseTemplates: {},
  ...fields,
});

describe('GatewayResponses', () => {
  const defaults = GatewayResponses.defaults;

  it('closes the connection after a 413 whichever step refused the body, and only then', () => {
    expect(render(defaults, 'REQUEST_TOO_LARGE').headers.connection).toBe('close');
    expect(render(defaults, 'THROTTLED').headers.connection).toBeUndefined();
  });

  it.each([
    ['MISSING_AUTHENTICATION_TOKEN', 403, '{"message":"Missing Authentication Token"}', 'MissingAuthenticationTokenException'],
    ['ACCESS_DENIED', 403, '{"Message":"User is not authorized to access this resource"}', 'AccessDeniedException'],
    ['AUTHORIZER_CONFIGURATION_ERROR', 500, '{"message":null}', 'AuthorizerConfigurationException'],
    ['INTEGRATION_TIMEOUT', 504, '{"message":"Endpoint request timed out"}', 'InternalServerErrorException'],
    ['THROTTLED', 429, '{"message":"Too Many Requests"}', 'TooManyRequestsException'],
    ['FORBIDDEN', 403, '{"message":"Forbidden"}', 'ForbiddenException'],
  ] as const)('%s renders the catalog default', (type, status, body, errorType) => {
    const written = render(defaults, type);
    expect(written.status).toBe(status);
    expect(written.body).toBe(body);
    expect(written.headers['x-amzn-ErrorType']).toBe(errorType);
    expect(written.headers['content-type']).toBe('application/json');
    expect(written.headers['x-amzn-RequestId']).toMatch(/^[0-9a-f-]{36}$/);
    expect(written.headers['x-amz-apigw-id']).toBeDefined();
  });

  it('uses the status hint of the situation when nothing is customised', () => {
    expect(render(defaults, 'INTEGRATION_FAILURE', 502).status).toBe(502);
  });

  it('a DEFAULT_4XX status applies to every uncustomised 4xx type; the type’s own customisation wins', () => {
    const { renderer } = GatewayResponses.compile(
      {
        DEFAULT_4XX: custom('DEFAULT_4XX', { statusCode: '400' }),
        THROTTLED: custom('THROTTLED', { statusCode: '503', responseTemplates: { 'application/json': '{"t":"$context.error.responseType"}' } }),
      },
      {},
    );
    expect(render(renderer, 'MISSING_AUTHENTICATION_TOKEN').status).toBe(400);
    expect(render(renderer, 'INTEGRATION_TIMEOUT').status).toBe(504);
    const throttled = render(renderer, 'THROTTLED');
    expect(throttled.status).toBe(503);
    expect(throttled.body).toBe('{"t":"THROTTLED"}');
  });

  it('substitutes $context, ${context.x} and $stageVariables, leaving other text alone', () => {
    const { renderer } = GatewayResponses.compile(
      {
        UNAUTHORIZED: custom('UNAUTHORIZED', {
          responseTemplates: { 'application/json': '{"ip":"${context.identity.sourceIp}","v":"$stageVariables.v","m":"$context.error.message","x":"$input.body"}' },
        }),
      },
      { v: 'sv' },
    );
    expect(render(renderer, 'UNAUTHORIZED').body).toBe('{"ip":"10.0.0.1","v":"sv","m":"Unauthorized","x":"$input.body"}');
  });

  it('reports mappings it cannot apply', () => {
    const { warnings } = GatewayResponses.compile(
      { UNAUTHORIZED: custom('UNAUTHORIZED', { responseParameters: { 'gatewayresponse.header.x': 'integration.response.body', 'method.response.header.y': "'z'" } }) },
      {},
    );
    expect(warnings).toHaveLength(2);
  });
});
