import { Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import type { Database, VpcLink } from '@portico/db';
import { checkMaxLength, checkTags, LIMITS } from '../../common/limits.js';
import { newShortId } from '../../common/ids.js';
import type { Db } from '../../common/lookups.js';
import { parsePaging, pageWindow, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { DATABASE } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { VPC_LINK_NOT_FOUND, vpcLinkReferences } from './vpc-link-references.js';
import { checkTargetArns } from './vpc-link-targets.js';
import { toVpcLinkWire, type VpcLinkWire } from './vpc-link.wire.js';


interface VpcLinkPatch {
  name: string;
  description: string | null;
}

const PATCH_RULES: PatchRule<VpcLinkPatch>[] = [
  { ops: ['replace'], path: '/name', apply: (l, c) => void (l.name = patchValue.nonEmpty(c)) },
  { ops: ['replace'], path: '/description', apply: (l, c) => void (l.description = c.value || null) },
  { ops: ['remove'], path: '/description', apply: (l) => void (l.description = null) },
  {
    ops: ['add', 'replace', 'remove'],
    path: '/targetArns',
    apply: () => {
      throw badRequest('Target arns are not allowed to be changed/added.');
    },
  },
];

/**
 * REST VPC links (`/vpclinks`). A self-hosted link names its backend targets in `targetArns` (vpc-link-targets.ts);
 * the config document carries the resolved targets, and data planes health-check them and balance over the healthy
 * ones. Writes go through writeTransaction, which tells data planes.
 */
@Injectable()
export class VpcLinkService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async create(rawBody: unknown): Promise<VpcLinkWire> {
    const body = bodyObject(rawBody);
    const validator = new InputValidator('createVpcLinkInput');
    const name = validator.required(read.string(body, 'name'), 'name');
    const targetArns = validator.required(read.stringList(body, 'targetArns'), 'targetArns');
    const description = read.string(body, 'description');
    const tags = read.stringMap(body, 'tags') ?? {};
    validator.check();
    if (!name) throw badRequest('Vpc link name must be non-empty');
    checkMaxLength(name, LIMITS.name, 'name');
    checkMaxLength(description, LIMITS.description, 'description');
    for (const arn of targetArns as string[]) checkMaxLength(arn, LIMITS.arn, 'target arn');
    checkTargetArns(targetArns as string[]);
    checkTags(tags);
    const row = await writeTransaction(this.db, (tx) =>
      tx.vpcLink.create({ data: { id: newShortId(), name: name as string, description: description || null, targetArns: targetArns as string[], tags } }),
    );
    return toVpcLinkWire(row, true);
  }

  async list(query: Record<string, unknown>): Promise<Page<VpcLinkWire>> {
    const paging = parsePaging(query);
    const rows = await this.db.prisma.vpcLink.findMany({ orderBy: [{ createdDate: 'asc' }, { id: 'asc' }], ...pageWindow(paging) });
    return toPage(rows, paging, (row) => toVpcLinkWire(row));
  }

  async get(id: string): Promise<VpcLinkWire> {
    return toVpcLinkWire(await requireVpcLink(this.db.prisma, id));
  }

  async update(id: string, rawBody: unknown): Promise<VpcLinkWire> {
    const operations = parsePatchOperations(rawBody, 'updateVpcLinkInput');
    const row = await writeTransaction(this.db, async (tx) => {
      const current = await requireVpcLink(tx, id);
      const state: VpcLinkPatch = { name: current.name, description: current.description };
      applyPatchOperations(state, operations, PATCH_RULES);
      checkMaxLength(state.name, LIMITS.name, 'name');
      checkMaxLength(state.description, LIMITS.description, 'description');
      return tx.vpcLink.update({ where: { id: current.id }, data: state });
    });
    return toVpcLinkWire(row);
  }

  /** Refused, as AWS refuses it, while a stage serves an integration through the link. */
  async delete(id: string): Promise<void> {
    await writeTransaction(this.db, async (tx) => {
      const current = await requireVpcLink(tx, id);
      const references = await vpcLinkReferences(tx, current.id);
      if (references.length > 0) {
        throw badRequest(`Cannot delete vpc link. Vpc link '${current.id}', is referenced in [${references.join(', ')}] in format of [RESTApiId:Method:Resource:Stage].`);
      }
      await tx.vpcLink.delete({ where: { id: current.id } });
    });
  }
}

export async function requireVpcLink(db: Db, id: string): Promise<VpcLink> {
  const row = await db.vpcLink.findUnique({ where: { id } });
  if (!row) throw notFound(VPC_LINK_NOT_FOUND);
  return row;
}
