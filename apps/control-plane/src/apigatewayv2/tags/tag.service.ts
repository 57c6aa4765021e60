import { Inject, Injectable } from '@nestjs/common';
import { badRequest, notFound } from '@portico/contracts';
import type { Prisma } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { checkTags } from '../../common/limits.js';
import { jsonRecord } from '../../common/lookups.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { requireDomainName } from '../domain-names/domain-name.service.js';
import { requireV2Api, requireV2Stage } from '../v2-lookups.js';
import { V2Writes } from '../v2-writes.js';

/** A taggable /v2 resource named by its ARN: an API or one of its stages, a VPC link, or a custom domain name. */
type Taggable = { kind: 'api'; apiId: string } | { kind: 'stage'; apiId: string; stageName: string } | { kind: 'vpclink'; id: string } | { kind: 'domain'; domainName: string };

const VPC_LINK_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/vpclinks\/([a-z0-9]{1,64})$/;
const ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/apis\/([A-Za-z0-9]{1,64})(?:\/stages\/(\$default|[A-Za-z0-9_-]{1,128}))?$/;
const DOMAIN_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/domainnames\/([A-Za-z0-9.*-]{1,253})$/;

/** GetTags, TagResource, UntagResource (`/v2/tags/{resource-arn}`). */
@Injectable()
export class TagService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private parse(resourceArn: string): Taggable {
    const link = VPC_LINK_ARN.exec(resourceArn);
    if (link && link[1] === this.config.region) return { kind: 'vpclink', id: link[2]! };
    const domain = DOMAIN_ARN.exec(resourceArn);
    if (domain && domain[1] === this.config.region) return { kind: 'domain', domainName: domain[2]!.toLowerCase() };
    const match = ARN.exec(resourceArn);
    if (!match || match[1] !== this.config.region) throw badRequest(`Invalid resource ARN specified: ${resourceArn}`);
    return match[3] === undefined ? { kind: 'api', apiId: match[2]! } : { kind: 'stage', apiId: match[2]!, stageName: match[3] };
  }

  private async current(tx: Prisma.TransactionClient, target: Taggable): Promise<Record<string, string>> {
    if (target.kind === 'vpclink') {
      const row = await tx.v2VpcLink.findUnique({ where: { id: target.id }, select: { tags: true } });
      if (!row) throw notFound(`Unable to find resource ${target.id}`);
      return jsonRecord<string>(row.tags);
    }
    if (target.kind === 'domain') return jsonRecord<string>((await requireDomainName(tx, target.domainName)).tags);
    const api = await requireV2Api(tx, this.config.accountId, target.apiId).catch(() => {
      throw notFound(`Unable to find resource ${target.apiId}`);
    });
    if (target.kind === 'api') return jsonRecord<string>(api.tags);
    return jsonRecord<string>((await requireV2Stage(tx, this.config.accountId, target.apiId, target.stageName)).tags);
  }

  private async store(tx: Prisma.TransactionClient, target: Taggable, tags: Record<string, string>): Promise<void> {
    checkTags(tags);
    if (target.kind === 'vpclink') await tx.v2VpcLink.update({ where: { id: target.id }, data: { tags } });
    else if (target.kind === 'domain') await tx.domainName.update({ where: { domainName: target.domainName }, data: { tags } });
    else if (target.kind === 'api') await tx.v2Api.update({ where: { id: target.apiId }, data: { tags } });
    else await tx.v2Stage.update({ where: { apiId_stageName: { apiId: target.apiId, stageName: target.stageName } }, data: { tags } });
  }

  async get(resourceArn: string): Promise<{ tags: Record<string, string> }> {
    const target = this.parse(resourceArn);
    return { tags: await this.writes.write(({ tx }) => this.current(tx, target)) };
  }

  async tag(resourceArn: string, rawBody: unknown): Promise<void> {
    const target = this.parse(resourceArn);
    const tags = read.stringMap(bodyObject(rawBody), 'tags') ?? {};
    await this.writes.write(async ({ tx }) => this.store(tx, target, { ...(await this.current(tx, target)), ...tags }));
  }

  async untag(resourceArn: string, tagKeys: unknown): Promise<void> {
    const target = this.parse(resourceArn);
    const keys = tagKeys === undefined ? [] : Array.isArray(tagKeys) ? tagKeys.map(String) : String(tagKeys).split(',');
    if (keys.length === 0) throw badRequest('tagKeys is required');
    await this.writes.write(async ({ tx }) => {
      const tags = await this.current(tx, target);
      for (const key of keys) delete tags[key];
      await this.store(tx, target, tags);
    });
  }
}
