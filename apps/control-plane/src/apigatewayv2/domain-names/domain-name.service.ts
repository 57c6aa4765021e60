import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '@portico/contracts';
import { Prisma, type DomainName } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { jsonRecord, type Db } from '../../common/lookups.js';
import { DOMAIN, DOMAIN_NAME_EXISTS, DOMAIN_NAME_NOT_FOUND } from '../../apigateway/domain-names/domain-name.service.js';
import { required, tagsOf } from '../v2-validation.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { V2Writes } from '../v2-writes.js';
import { HTTP_NEEDS_TLS_1_2, MULTI_LEVEL_NEEDS_TLS_1_2, ONLY_REGIONAL, parseDomainNameConfigurations, parseMutualTls, parseRoutingMode } from './domain-name.input.js';
import { toV2DomainNameWire } from './domain-name.wire.js';

/** A row of the shared domain store by its name (DNS names are case-insensitive), or AWS's 404. */
export async function requireDomainName(db: Db, domainName: string): Promise<DomainName> {
  const row = await db.domainName.findUnique({ where: { domainName: domainName.toLowerCase() } });
  if (!row) throw notFound(DOMAIN_NAME_NOT_FOUND);
  return row;
}

/** EDGE domains are REST's: /v2 reads them but does not change them or map to them. */
export function isEdge(row: DomainName): boolean {
  return (jsonRecord<unknown>(row.endpointConfiguration).types as string[] | undefined)?.includes('EDGE') ?? true;
}

/**
 * apigatewayv2's CreateDomainName, GetDomainNames, GetDomainName, UpdateDomainName, DeleteDomainName on the store
 * REST's domain names use (apigateway/domain-names): a domain created by either API shows in both, as on AWS.
 * Certificates and the mutual TLS truststore are kept as data; TLS is terminated in front of Portico.
 */
@Injectable()
export class V2DomainNameService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private wire = (row: DomainName): Record<string, unknown> => toV2DomainNameWire(row, this.config.region);

  async create(rawBody: unknown): Promise<Record<string, unknown>> {
    const body = bodyObject(rawBody);
    const domainName = required(read.string(body, 'domainName'), 'domainName');
    const name = domainName.toLowerCase();
    if (!DOMAIN.test(name) || name.length > 253) throw badRequest(`Invalid domain name specified: ${domainName}`);
    const configuration = parseDomainNameConfigurations(body);
    if (!configuration) throw badRequest('domainNameConfigurations is required');
    const mutualTls = parseMutualTls(body);
    if (mutualTls && configuration.securityPolicy !== 'TLS_1_2') throw badRequest('Mutual TLS authentication requires the TLS_1_2 security policy');
    parseRoutingMode(body);
    const tags = tagsOf(body) ?? {};
    try {
      const row = await this.writes.write(({ tx }) =>
        tx.domainName.create({ data: { domainName: name, ...configuration, mutualTlsAuthentication: mutualTls ?? Prisma.DbNull, tags } }),
      );
      return this.wire(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(DOMAIN_NAME_EXISTS);
      throw error;
    }
  }

  async list(query: Record<string, unknown>): Promise<V2Page<Record<string, unknown>>> {
    const paging = parseV2Paging(query);
    const rows = await this.writes.prisma.domainName.findMany({ orderBy: { domainName: 'asc' } });
    return toV2Page(rows, paging, this.wire);
  }

  async get(domainName: string): Promise<Record<string, unknown>> {
    return this.wire(await requireDomainName(this.writes.prisma, domainName));
  }

  /** A partial body: the configuration is replaced when sent, mutual TLS removed by an empty truststoreUri. */
  update(domainName: string, rawBody: unknown): Promise<Record<string, unknown>> {
    const body = bodyObject(rawBody);
    const configuration = parseDomainNameConfigurations(body);
    const mutualTls = parseMutualTls(body);
    parseRoutingMode(body);
    return this.writes.write(async ({ tx }) => {
      const current = await requireDomainName(tx, domainName);
      if (isEdge(current)) throw badRequest(ONLY_REGIONAL);
      const securityPolicy = configuration?.securityPolicy ?? current.securityPolicy;
      const keepsMutualTls = mutualTls === undefined ? current.mutualTlsAuthentication !== null : mutualTls !== null;
      if (keepsMutualTls && securityPolicy !== 'TLS_1_2') throw badRequest('Mutual TLS authentication requires the TLS_1_2 security policy');
      if (securityPolicy !== 'TLS_1_2') await checkTls12Mappings(tx, current.domainName);
      const row = await tx.domainName.update({
        where: { domainName: current.domainName },
        data: { ...configuration, ...(mutualTls !== undefined && { mutualTlsAuthentication: mutualTls ?? Prisma.DbNull }) },
      });
      return this.wire(row);
    });
  }

  delete(domainName: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      const current = await requireDomainName(tx, domainName);
      // Its API mappings go with it (ON DELETE CASCADE), as on AWS.
      await tx.domainName.delete({ where: { domainName: current.domainName } });
    });
  }
}

/** HTTP APIs and multi-level mapping keys need the TLS_1_2 policy: a domain that has them keeps it. */
async function checkTls12Mappings(tx: Prisma.TransactionClient, domainName: string): Promise<void> {
  const mappings = await tx.apiMapping.findMany({ where: { domainName }, select: { apiId: true, basePath: true } });
  if (mappings.some((m) => m.basePath.includes('/'))) throw badRequest(MULTI_LEVEL_NEEDS_TLS_1_2);
  const http = await tx.v2Api.count({ where: { id: { in: mappings.map((m) => m.apiId) }, protocolType: 'HTTP' } });
  if (http > 0) throw badRequest(HTTP_NEEDS_TLS_1_2);
}
