import { Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound, type AdminError } from '@portico/contracts';
import type { Database, V2VpcLink } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { randomId } from '../../common/ids.js';
import type { Db } from '../../common/lookups.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { checkLength, required, tagsOf } from '../v2-validation.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { v2VpcLinkReferences } from './vpc-link-references.js';
import { toV2VpcLinkWire, type V2VpcLinkWire } from './vpc-link.wire.js';

/** AWS's quotas (spec §0): 10 VPC links per account and region, 10 subnets each. */
const MAX_LINKS = 10;
const MAX_SUBNETS = 10;
const SUBNET_ID = /^subnet-[0-9a-z]{1,64}$/;
const SECURITY_GROUP_ID = /^sg-[0-9a-z]{1,64}$/;

/** The 404 for an unknown v2 link, in the pattern of apigatewayv2's other 404s [I] (v2-errors.ts). */
export function v2VpcLinkNotFound(accountId: string, id: string): AdminError {
  return notFound(`Invalid VpcLink identifier specified ${accountId}:${id}`);
}

function ids(body: Record<string, unknown>, member: string, pattern: RegExp, prefix: string): string[] | undefined {
  const list = read.stringList(body, member);
  if (list === undefined) return undefined;
  for (const id of list) if (!pattern.test(id)) throw badRequest(`Invalid ${member} specified: ${id}. It must start with ${prefix}`);
  return [...new Set(list)];
}

/**
 * apigatewayv2 VPC links (`/v2/vpclinks`, vpcLinkVersion V2). Portico has no VPC: subnets and security groups are
 * kept as given, and the link's backend targets are its `portico:targets` tag (vpc-link.wire.ts); data planes
 * health-check them with the REST links' pool. Writes go through writeTransaction, which tells data planes.
 */
@Injectable()
export class V2VpcLinkService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async create(rawBody: unknown): Promise<V2VpcLinkWire> {
    const body = bodyObject(rawBody);
    const name = required(read.string(body, 'name'), 'name');
    checkLength(name, 1, 128, 'name');
    const subnetIds = required(ids(body, 'subnetIds', SUBNET_ID, 'subnet-'), 'subnetIds');
    if (subnetIds.length === 0) throw badRequest('subnetIds must contain at least one subnet');
    if (subnetIds.length > MAX_SUBNETS) throw badRequest(`Too many subnetIds: a VPC link may have at most ${MAX_SUBNETS}`);
    const securityGroupIds = ids(body, 'securityGroupIds', SECURITY_GROUP_ID, 'sg-') ?? [];
    if (securityGroupIds.length > 5) throw badRequest('Too many securityGroupIds: a VPC link may have at most 5');
    const tags = tagsOf(body) ?? {};
    const row = await writeTransaction(this.db, async (tx) => {
      if ((await tx.v2VpcLink.count()) >= MAX_LINKS) throw badRequest(`Too many VPC links: an account may have at most ${MAX_LINKS} per region`);
      return tx.v2VpcLink.create({ data: { id: await freeId(tx), name, subnetIds, securityGroupIds, tags } });
    });
    return toV2VpcLinkWire(row, true);
  }

  async list(query: Record<string, unknown>): Promise<V2Page<V2VpcLinkWire>> {
    const paging = parseV2Paging(query);
    const rows = await this.db.prisma.v2VpcLink.findMany({ orderBy: [{ createdDate: 'asc' }, { id: 'asc' }] });
    return toV2Page(rows, paging, (row) => toV2VpcLinkWire(row));
  }

  async get(id: string): Promise<V2VpcLinkWire> {
    return toV2VpcLinkWire(await this.require(this.db.prisma, id));
  }

  /** UpdateVpcLink changes the name only (its one member besides the id). */
  async update(id: string, rawBody: unknown): Promise<V2VpcLinkWire> {
    const body = bodyObject(rawBody);
    const name = read.string(body, 'name');
    checkLength(name, 1, 128, 'name');
    const row = await writeTransaction(this.db, async (tx) => {
      const current = await this.require(tx, id);
      return name === undefined ? current : tx.v2VpcLink.update({ where: { id: current.id }, data: { name } });
    });
    return toV2VpcLinkWire(row);
  }

  /** Refused, in AWS's words, while an integration uses the link; gone at once otherwise (AWS: DELETING, then gone). */
  async delete(id: string): Promise<void> {
    await writeTransaction(this.db, async (tx) => {
      const current = await this.require(tx, id);
      const references = await v2VpcLinkReferences(tx, current.id);
      if (references.length > 0) {
        throw badRequest(`Cannot delete vpc link. Vpc link '${current.id}', is referenced in [${references.join(', ')}] in format of [Method:Resource].`);
      }
      await tx.v2VpcLink.delete({ where: { id: current.id } });
    });
  }

  private async require(db: Db, id: string): Promise<V2VpcLink> {
    const row = await db.v2VpcLink.findUnique({ where: { id } });
    if (!row) throw v2VpcLinkNotFound(this.config.accountId, id);
    return row;
  }
}

/** REST and v2 links share the data planes' id space: a new id is one neither kind has. */
async function freeId(db: Db): Promise<string> {
  for (;;) {
    const id = randomId(6);
    const [rest, v2] = await Promise.all([db.vpcLink.count({ where: { id } }), db.v2VpcLink.count({ where: { id } })]);
    if (rest + v2 === 0) return id;
  }
}
