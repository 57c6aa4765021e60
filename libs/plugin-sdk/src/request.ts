/**
 * The read-only view of a request an authorizer sees. It mirrors AWS's REQUEST authorizer event (header and query
 * maps, path parameters, stage variables, request context) with header names in lower case. Authorizers never see
 * the body, as on AWS.
 * @example
 * authorize(request) {
 *   const token = request.headers['x-api-token'];          // lower-case names
 *   const tenant = request.pathParameters.tenant;
 *   return token ? allow({ principalId: `${tenant}:${token.slice(0, 4)}` }) : deny(401);
 * }
 */
export interface AuthorizerRequest {
  /** `TOKEN` when the authorizer reads one header, `REQUEST` when it reads the identity sources it lists. */
  readonly type: 'TOKEN' | 'REQUEST';
  /** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` of the request. */
  readonly methodArn: string;
  readonly httpMethod: string;
  /** The matched resource template, e.g. `/pets/{id}`. */
  readonly resource: string;
  /** The request path without the stage, e.g. `/pets/42`. */
  readonly path: string;
  /** Lower-case header names; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  readonly multiValueHeaders: Readonly<Record<string, readonly string[]>>;
  /** Headers as received, names in their original case: `[name, value, name, value, …]` (node's `rawHeaders`). */
  readonly rawHeaders?: readonly string[];
  /** Last value of each query parameter. */
  readonly queryStringParameters: Readonly<Record<string, string>>;
  readonly multiValueQueryStringParameters: Readonly<Record<string, readonly string[]>>;
  readonly pathParameters: Readonly<Record<string, string>>;
  readonly stageVariables: Readonly<Record<string, string>>;
  /** TOKEN: the identity header's raw value (e.g. `Bearer abc`). */
  readonly authorizationToken?: string;
  /** The called method's `authorizationScopes` (OAuth scopes an access token must carry one of); often empty. */
  readonly authorizationScopes?: readonly string[];
  /** The values of the authorizer's identity sources, in the order they are configured. */
  readonly identitySource: readonly string[];
  readonly requestContext: AuthorizerRequestContext;
}

/**
 * Facts about the request the gateway knows, as in `requestContext` of AWS's events.
 * @example
 * const ip = request.requestContext.identity.sourceIp;
 * if (!allowedNetworks.has(ip)) return deny(403, `source ${ip}`);
 */
export interface AuthorizerRequestContext {
  readonly accountId: string;
  readonly apiId: string;
  readonly stage: string;
  readonly requestId: string;
  readonly resourceId: string;
  readonly resourcePath: string;
  readonly httpMethod: string;
  /** The path as the client sent it, with the stage (`/prod/pets/42`). */
  readonly path: string;
  readonly domainName?: string;
  readonly requestTimeEpoch: number;
  readonly identity: { readonly sourceIp: string; readonly userAgent?: string; readonly apiKey?: string };
}
