import { AdminError } from '@portico/contracts';

/**
 * What the admin error filter renders: an HTTP status, the `x-amzn-ErrorType` code and a message. AdminError
 * (from contracts) is the usual one; the SigV4 guard may need codes outside AdminError's catalog (the verifier
 * names them), so the filter accepts this shape too.
 */
export interface AwsErrorShape {
  status: number;
  type: string;
  message: string;
}

export class AwsError extends Error implements AwsErrorShape {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
    this.name = type;
  }
}

export function isAwsError(error: unknown): error is AwsErrorShape {
  if (error instanceof AdminError || error instanceof AwsError) return true;
  return false;
}
