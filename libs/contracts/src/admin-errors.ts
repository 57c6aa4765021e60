/**
 * The admin API's error types, as AWS's rest-json protocol renders them: the HTTP status, the
 * `x-amzn-ErrorType` header and `{"message": …}`. Thrown by control-plane services, rendered by one filter.
 */
export const adminErrorStatus = {
  BadRequestException: 400,
  ValidationException: 400,
  SerializationException: 400,
  UnauthorizedException: 401,
  AccessDeniedException: 403,
  IncompleteSignatureException: 403,
  InvalidSignatureException: 403,
  MissingAuthenticationTokenException: 403,
  UnrecognizedClientException: 403,
  NotFoundException: 404,
  ConflictException: 409,
  LimitExceededException: 429,
  TooManyRequestsException: 429,
  ServiceUnavailableException: 503,
} as const;
export type AdminErrorType = keyof typeof adminErrorStatus;

export class AdminError extends Error {
  readonly status: number;
  constructor(
    readonly type: AdminErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.status = adminErrorStatus[type];
  }
}

export const badRequest = (message: string) => new AdminError('BadRequestException', message);
export const notFound = (message: string) => new AdminError('NotFoundException', message);
export const conflict = (message: string) => new AdminError('ConflictException', message);
