/**
 * The read-only view of a request an authorizer sees. It mirrors AWS's REQUEST authorizer event (header and query
 * maps, path parameters, stage variables, request context) with header names in lower case. Authorizers never see
 * the body, as on AWS.
 *
 * SDK 2.0 adds a protocol-neutral part, so that one plugin can serve REST APIs and (later) HTTP APIs: `version`
 * (the payload format of the API), `routeKey` (the route matched, whatever the API type) and `identitySources`
 * (the identity source values by name). Everything of 1.x is unchanged; hosts of SDK 2.0 set every field, so a
 * plugin written for `^2.0.0` can read them without a check, and a plugin written for `^1.0.0` ignores them.
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
  /**
   * SDK 2.0: the payload format version of the API the request came through: `1.0` for REST APIs (and HTTP APIs
   * configured for 1.0), `2.0` for HTTP APIs' 2.0 format. Optional in the type because 1.x hosts do not set it.
   */
  readonly version?: '1.0' | '2.0';
  /**
   * SDK 2.0: the route the request matched, as `{VERB} {resource}` (REST: the request's verb and the matched resource, `GET /pets/{id}`; HTTP
   * APIs: their route key, or `$default`).
   */
  readonly routeKey?: string;
  /**
   * SDK 2.0: the identity source values by name — `header.<lower-case name>`, `querystring.<name>`,
   * `stageVariables.<name>`, `context.<name>` — as configured on the authorizer (absent sources are absent).
   * @example
   * const token = request.identitySources?.['header.authorization'];
   */
  readonly identitySources?: Readonly<Record<string, string>>;
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
