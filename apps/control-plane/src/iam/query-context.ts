import type { IamRepository } from './iam.repository.js';
import type { QueryCaller } from './query-caller.js';
import type { QueryParams, XmlValue } from './query-protocol.js';
import type { SecretBox } from './secret-box.js';

/**
 * What an IAM/STS action handler gets: the form, the authenticated caller, and IAM's repository over the action's
 * own transaction (every action runs in one writeTransaction, which also tells data planes of what it changed).
 */
export interface QueryContext {
  readonly params: QueryParams;
  readonly caller: QueryCaller;
  readonly iam: IamRepository;
  readonly box: SecretBox;
  readonly now: Date;
  /** The region STS-issued and data-plane keys are scoped to. */
  readonly region: string;
}

/** Returns the `{Action}Result` content (undefined for actions whose response has none). */
export type QueryHandler = (ctx: QueryContext) => Promise<Record<string, XmlValue> | undefined>;

/** For IAM-action authorization: the resource ARN an action targets. */
export type QueryHandlers = Readonly<Record<string, QueryHandler>>;
