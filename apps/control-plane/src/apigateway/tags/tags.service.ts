import { Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import type { Database } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { checkTags } from '../../common/limits.js';
import { jsonRecord, type Db } from '../../common/lookups.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { writeTransaction } from '../../common/write-transaction.js';

type Taggable =
  | { kind: 'restapi'; restApiId: string }
  | { kind: 'stage'; restApiId: string; stageName: string }
  | { kind: 'apikey'; id: string }
  | { kind: 'usageplan'; id: string }
  | { kind: 'domainname'; domainName: string }
  | { kind: 'vpclink'; id: string };

/** `arn:aws:apigateway:{region}::/{resource path}`: AWS's tag ARNs carry no account. */
const ARN = /^arn:aws:apigateway:([a-z0-9-]+)::(\/.+)$/;

/**
 * TagResource, UntagResource and GetTags (`/tags/{resource_arn}`) for every taggable resource Portico has: REST
 * APIs, stages, API keys, usage plans and domain names. Tags live on the resource's row (its `tags` map), so that
 * create and get answers show the same tags.
 */
@Injectable()
export class TagsService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  async get(arn: string): Promise<{ tags: Record<string, string> }> {
    return { tags: await this.read(this.parse(arn)) };
  }

  async tag(arn: string, rawBody: unknown): Promise<void> {
    const body = bodyObject(rawBody);
    const tags = read.stringMap(body, 'tags');
    if (tags === undefined) throw badRequest('Tags must be provided');
    const target = this.parse(arn);
    await writeTransaction(this.db, async (tx) => {
      const merged = { ...(await this.read(target, tx)), ...tags };
      checkTags(merged);
      await this.write(target, merged, tx);
    });
  }

  async untag(arn: string, tagKeys: unknown): Promise<void> {
    const keys = (Array.isArray(tagKeys) ? tagKeys : tagKeys === undefined ? [] : [tagKeys]).map(String);
    const target = this.parse(arn);
    await writeTransaction(this.db, async (tx) => {
      const tags = await this.read(target, tx);
      for (const key of keys) delete tags[key];
      await this.write(target, tags, tx);
    });
  }

  private parse(arn: string): Taggable {
    const m = ARN.exec(arn);
    if (!m || m[1] !== this.config.region) throw badRequest('Invalid ARN specified in the request');
    const parts = m[2].slice(1).split('/');
    if (parts[0] === 'restapis' && parts.length === 2) return { kind: 'restapi', restApiId: parts[1] };
    if (parts[0] === 'restapis' && parts.length === 4 && parts[2] === 'stages') return { kind: 'stage', restApiId: parts[1], stageName: parts[3] };
    if (parts[0] === 'apikeys' && parts.length === 2) return { kind: 'apikey', id: parts[1] };
    if (parts[0] === 'usageplans' && parts.length === 2) return { kind: 'usageplan', id: parts[1] };
    if (parts[0] === 'vpclinks' && parts.length === 2) return { kind: 'vpclink', id: parts[1] };
    if (parts[0] === 'domainnames' && parts.length === 2) return { kind: 'domainname', domainName: parts[1].toLowerCase() };
    throw badRequest('Invalid ARN specified in the request');
  }

  private async read(target: Taggable, prisma: Db = this.db.prisma): Promise<Record<string, string>> {
    const row =
      target.kind === 'restapi'
        ? await prisma.restApi.findUnique({ where: { id: target.restApiId }, select: { tags: true } })
        : target.kind === 'stage'
          ? await prisma.stage.findUnique({ where: { restApiId_stageName: { restApiId: target.restApiId, stageName: target.stageName } }, select: { tags: true } })
          : target.kind === 'apikey'
            ? await prisma.apiKey.findUnique({ where: { id: target.id }, select: { tags: true } })
            : target.kind === 'usageplan'
              ? await prisma.usagePlan.findUnique({ where: { id: target.id }, select: { tags: true } })
              : target.kind === 'vpclink'
                ? await prisma.vpcLink.findUnique({ where: { id: target.id }, select: { tags: true } })
                : await prisma.domainName.findUnique({ where: { domainName: target.domainName }, select: { tags: true } });
    if (!row) throw notFound('Invalid resource identifier specified');
    return { ...jsonRecord<string>(row.tags) };
  }

  private async write(target: Taggable, tags: Record<string, string>, prisma: Db): Promise<void> {
    if (target.kind === 'restapi') await prisma.restApi.update({ where: { id: target.restApiId }, data: { tags } });
    else if (target.kind === 'stage') await prisma.stage.update({ where: { restApiId_stageName: { restApiId: target.restApiId, stageName: target.stageName } }, data: { tags } });
    else if (target.kind === 'apikey') await prisma.apiKey.update({ where: { id: target.id }, data: { tags } });
    else if (target.kind === 'usageplan') await prisma.usagePlan.update({ where: { id: target.id }, data: { tags } });
    else if (target.kind === 'vpclink') await prisma.vpcLink.update({ where: { id: target.id }, data: { tags } });
    else await prisma.domainName.update({ where: { domainName: target.domainName }, data: { tags } });
  }
}
