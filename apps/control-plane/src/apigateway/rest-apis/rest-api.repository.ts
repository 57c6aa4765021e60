import { Inject, Injectable } from '@nestjs/common';
import type { Database, Prisma, RestApi } from '@portico/db';
import { pageWindow, type Paging } from '../../common/paging.js';
import { requireRestApi } from '../../common/lookups.js';
import { DATABASE } from '../../common/tokens.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { cloneRestApiContents } from './clone-rest-api.js';
import type { CreateRestApiInput } from './create-rest-api.dto.js';
import type { RestApiState } from './rest-api.patch.js';
import { newShortId } from '../../common/ids.js';
import { DEFAULT_MODELS } from '../models/model.rules.js';

@Injectable()
export class RestApiRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The API row and its root resource `/` (plus a copy of `cloneFrom`'s contents), in one transaction. */
  async create(accountId: string, id: string, rootResourceId: string, input: CreateRestApiInput): Promise<RestApi> {
    return writeTransaction(this.database, async (tx) => {
      if (input.cloneFrom !== undefined) await requireRestApi(tx, accountId, input.cloneFrom);
      const api = await tx.restApi.create({
        data: {
          id,
          name: input.name,
          description: input.description ?? null,
          version: input.version ?? null,
          binaryMediaTypes: input.binaryMediaTypes,
          minimumCompressionSize: input.minimumCompressionSize ?? null,
          apiKeySource: input.apiKeySource,
          endpointConfiguration: input.endpointConfiguration as unknown as Prisma.InputJsonValue,
          policy: input.policy ?? null,
          tags: input.tags,
          disableExecuteApiEndpoint: input.disableExecuteApiEndpoint,
          rootResourceId,
        },
      });
      await tx.resource.create({ data: { id: rootResourceId, restApiId: id, parentId: null, pathPart: null, path: '/' } });
      // A clone gets its source's models; any other new API, AWS's two defaults.
      if (input.cloneFrom !== undefined) await cloneRestApiContents(tx, input.cloneFrom, id, rootResourceId);
      else await tx.model.createMany({ data: DEFAULT_MODELS.map((m) => ({ ...m, id: newShortId(), restApiId: id })) });
      return api;
    });
  }

  page(paging: Paging): Promise<RestApi[]> {
    return this.database.prisma.restApi.findMany({ orderBy: [{ createdDate: 'asc' }, { id: 'asc' }], ...pageWindow(paging) });
  }

  get(accountId: string, id: string): Promise<RestApi> {
    return requireRestApi(this.database.prisma, accountId, id);
  }

  /** Reads, lets `change` validate and patch the state, and writes, all inside one transaction. */
  update(accountId: string, id: string, change: (state: RestApiState) => void): Promise<RestApi> {
    return writeTransaction(this.database, async (tx) => {
      const row = await requireRestApi(tx, accountId, id);
      const state: RestApiState = {
        name: row.name,
        description: row.description,
        version: row.version,
        binaryMediaTypes: [...row.binaryMediaTypes],
        minimumCompressionSize: row.minimumCompressionSize,
        apiKeySource: row.apiKeySource,
        endpointConfiguration: row.endpointConfiguration as unknown as RestApiState['endpointConfiguration'],
        policy: row.policy,
        disableExecuteApiEndpoint: row.disableExecuteApiEndpoint,
      };
      change(state);
      return tx.restApi.update({
        where: { id },
        data: { ...state, endpointConfiguration: state.endpointConfiguration as unknown as Prisma.InputJsonValue },
      });
    });
  }

  async delete(accountId: string, id: string): Promise<void> {
    await writeTransaction(this.database, async (tx) => {
      await requireRestApi(tx, accountId, id);
      // Stages reference deployments with RESTRICT: remove them first so the API's cascade can run.
      await tx.stage.deleteMany({ where: { restApiId: id } });
      await tx.restApi.delete({ where: { id } });
    });
  }
}
