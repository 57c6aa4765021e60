import type { PrismaClient } from '@portico/db';
import type { QueryCaller } from './query-caller.js';
import type { QueryParams, XmlValue } from './query-protocol.js';
import type { SecretBox } from './secret-box.js';

/** What an IAM/STS action handler gets: the form, the authenticated caller, the store. */
export interface QueryContext {
  readonly params: QueryParams;
  readonly caller: QueryCaller;
  readonly prisma: PrismaClient;
  readonly box: SecretBox;
  readonly now: Date;
  /** The region STS-issued and data-plane keys are scoped to. */
  readonly region: string;
  /** Marks that what data planes receive changed (keys, principals, policies): a config event follows. */
  markChanged(): void;
}

/** Returns the `{Action}Result` content (undefined for actions whose response has none). */
export type QueryHandler = (ctx: QueryContext) => Promise<Record<string, XmlValue> | undefined>;

/** For IAM-action authorization: the resource ARN an action targets. */
export type QueryHandlers = Readonly<Record<string, QueryHandler>>;
