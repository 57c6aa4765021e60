import type { QueryCaller } from '../../iam/query-caller.js';

/**
 * Who made an admin API call, as the admin guard resolved it (SigV4 key or console session token): the same shape
 * the IAM/STS query APIs use, so that one policy lookup serves both. `sessionId` is set for console sessions.
 */
export interface AdminPrincipal extends QueryCaller {
  readonly sessionId?: string;
}

/** Where the admin guard leaves the principal on the request, for controllers that need it (sign-out). */
export const ADMIN_PRINCIPAL = Symbol('AdminPrincipal');

export type WithAdminPrincipal = { [ADMIN_PRINCIPAL]?: AdminPrincipal };
