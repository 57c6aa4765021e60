import type { GatewayResponseType } from '@portico/contracts';
import type { TrailStep } from '@portico/gateway-core';

/**
 * Gateway-generated answers outside AWS's customisable catalog: an unknown API or stage, or a disabled
 * execute-api endpoint, all `403 {"message":"Forbidden"}` (spec §1.6, §2.1).
 */
export type GatewayAnswer = GatewayResponseType | 'FORBIDDEN';

/**
 * A step's refusal: the stage renders it as its gateway response of `type` (steps never write the response
 * themselves). Refusals a step gives often are allocated once, not per request.
 */
export interface Refusal {
  readonly kind: 'refused';
  readonly type: GatewayAnswer;
  /** `$context.error.message` when the situation has its own text (e.g. an incomplete SigV4 header). */
  readonly message?: string;
  /** `x-amzn-ErrorType` when the situation has its own (e.g. IncompleteSignatureException). */
  readonly errorType?: string;
  /** The status of this situation when the API has not customised one (e.g. 502 for a reset connection). */
  readonly statusHint?: number;
  /** Why, for the decision trail (`GET /portico/requests/{id}`): the step that refused and what it rested on. */
  readonly trail?: TrailStep;
}

export const refusal = (type: GatewayAnswer, details?: Omit<Refusal, 'kind' | 'type'>): Refusal => ({ kind: 'refused', type, ...details });
