/**
 * Every response the gateway itself generates (as opposed to the integration's), with AWS's defaults: the
 * status, the `x-amzn-ErrorType` header and the message clients see (spec §1.5). One table, so that the
 * renderer, the admin API's GetGatewayResponses defaults and the docs agree. Texts marked [I] in the spec are
 * AWS-unconfirmed and kept here so they can be corrected in one place.
 */
export const gatewayResponseTypes = [
  'ACCESS_DENIED',
  'API_CONFIGURATION_ERROR',
  'AUTHORIZER_CONFIGURATION_ERROR',
  'AUTHORIZER_FAILURE',
  'BAD_REQUEST_BODY',
  'BAD_REQUEST_PARAMETERS',
  'DEFAULT_4XX',
  'DEFAULT_5XX',
  'EXPIRED_TOKEN',
  'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT',
  'INVALID_API_KEY',
  'INVALID_SIGNATURE',
  'MISSING_AUTHENTICATION_TOKEN',
  'QUOTA_EXCEEDED',
  'REQUEST_TOO_LARGE',
  'RESOURCE_NOT_FOUND',
  'THROTTLED',
  'UNAUTHORIZED',
  'UNSUPPORTED_MEDIA_TYPE',
  'WAF_FILTERED',
] as const;
export type GatewayResponseType = (typeof gatewayResponseTypes)[number];

export interface GatewayResponseDefault {
  /** Default status; DEFAULT_4XX / DEFAULT_5XX have none. */
  statusCode?: string;
  /** The `x-amzn-ErrorType` header value. */
  errorType?: string;
  /** The default `$context.error.message`. */
  message: string | null;
  /** Falls back to this type's customisation when not customised itself. */
  family: 'DEFAULT_4XX' | 'DEFAULT_5XX';
}

export const gatewayResponseDefaults: Readonly<Record<GatewayResponseType, GatewayResponseDefault>> = {
  ACCESS_DENIED: { statusCode: '403', errorType: 'AccessDeniedException', message: 'User is not authorized to access this resource', family: 'DEFAULT_4XX' },
  API_CONFIGURATION_ERROR: { statusCode: '500', errorType: 'InternalServerErrorException', message: 'Internal server error', family: 'DEFAULT_5XX' },
  AUTHORIZER_CONFIGURATION_ERROR: { statusCode: '500', errorType: 'AuthorizerConfigurationException', message: null, family: 'DEFAULT_5XX' },
  AUTHORIZER_FAILURE: { statusCode: '500', errorType: 'AuthorizerFailureException', message: 'Internal server error', family: 'DEFAULT_5XX' },
  BAD_REQUEST_BODY: { statusCode: '400', errorType: 'BadRequestException', message: 'Invalid request body', family: 'DEFAULT_4XX' },
  BAD_REQUEST_PARAMETERS: { statusCode: '400', errorType: 'BadRequestException', message: 'Missing required request parameters', family: 'DEFAULT_4XX' },
  DEFAULT_4XX: { message: null, family: 'DEFAULT_4XX' },
  DEFAULT_5XX: { message: null, family: 'DEFAULT_5XX' },
  EXPIRED_TOKEN: { statusCode: '403', errorType: 'ExpiredTokenException', message: 'The security token included in the request is expired', family: 'DEFAULT_4XX' },
  INTEGRATION_FAILURE: { statusCode: '504', errorType: 'InternalServerErrorException', message: 'Internal server error', family: 'DEFAULT_5XX' },
  INTEGRATION_TIMEOUT: { statusCode: '504', errorType: 'InternalServerErrorException', message: 'Endpoint request timed out', family: 'DEFAULT_5XX' },
  INVALID_API_KEY: { statusCode: '403', errorType: 'ForbiddenException', message: 'Forbidden', family: 'DEFAULT_4XX' },
  INVALID_SIGNATURE: { statusCode: '403', errorType: 'InvalidSignatureException', message: 'The request signature we calculated does not match the signature you provided.', family: 'DEFAULT_4XX' },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: '403', errorType: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', family: 'DEFAULT_4XX' },
  QUOTA_EXCEEDED: { statusCode: '429', errorType: 'LimitExceededException', message: 'Limit Exceeded', family: 'DEFAULT_4XX' },
  REQUEST_TOO_LARGE: { statusCode: '413', errorType: 'RequestTooLargeException', message: 'Request Too Long', family: 'DEFAULT_4XX' },
  RESOURCE_NOT_FOUND: { statusCode: '404', errorType: 'ResourceNotFoundException', message: 'Resource not found', family: 'DEFAULT_4XX' },
  THROTTLED: { statusCode: '429', errorType: 'TooManyRequestsException', message: 'Too Many Requests', family: 'DEFAULT_4XX' },
  UNAUTHORIZED: { statusCode: '401', errorType: 'UnauthorizedException', message: 'Unauthorized', family: 'DEFAULT_4XX' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: '415', errorType: 'UnsupportedMediaTypeException', message: 'Unsupported Media Type', family: 'DEFAULT_4XX' },
  WAF_FILTERED: { statusCode: '403', errorType: 'WafFilteredException', message: 'Forbidden', family: 'DEFAULT_4XX' },
};

/** The template every default gateway response carries. */
export const DEFAULT_GATEWAY_RESPONSE_TEMPLATE = '{"message":$context.error.messageString}';

export function isGatewayResponseType(value: string): value is GatewayResponseType {
  return (gatewayResponseTypes as readonly string[]).includes(value);
}
