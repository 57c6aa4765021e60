import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict } from '@portico/contracts';
import type { ApiMapping, DomainName, Prisma } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { newShortId } from '../../common/ids.js';
import { CONTROL_PLANE_CONFIG } from '../../common/tokens.js';
import { bodyObject, read } from '../../common/validation.js';
import { checkProtocolMix, mappedProtocolOf, type MappedProtocol } from '../../apigateway/domain-names/api-mapping-rules.js';
import { v2NotFound } from '../v2-errors.js';
import { required } from '../v2-validation.js';
import { parseV2Paging, toV2Page, type V2Page } from '../v2-wire.js';
import { V2Writes } from '../v2-writes.js';
import { HTTP_NEEDS_TLS_1_2, MULTI_LEVEL_NEEDS_TLS_1_2, ONLY_REGIONAL } from './domain-name.input.js';
import { isEdge, requireDomainName } from './domain-name.service.js';
import { toApiMappingWire } from './domain-name.wire.js';

/** Letters, digits and `$-_.+!*'()`, in `/`-separated levels for REST and HTTP APIs (one level for WebSocket). */
const MAPPING_KEY = /^[A-Za-z0-9$\-_.+!*'()]+(\/[A-Za-z0-9$\-_.+!*'()]+)*$/;
const WEBSOCKET_MAPPING_KEY = /^[A-Za-z0-9$\-_.+!*'()]+$/;
const MAX_MAPPING_KEY = 300;

interface MappingTarget {
  apiId: string;
  stage: string;
  apiMappingKey: string;
}

function checkMappingKey(key: string, protocol: MappedProtocol, domain: DomainName): void {
  if (key === '') return;
  const websocket = protocol === 'WEBSOCKET';
  if (key.length > MAX_MAPPING_KEY || !(websocket ? WEBSOCKET_MAPPING_KEY : MAPPING_KEY).test(key)) {
    throw badRequest(`Invalid API mapping key specified: ${key}. It may contain only letters, numbers and ${websocket ? "$-_.+!*'()" : "$-_.+!*'()/"}, at most ${MAX_MAPPING_KEY} characters`);
  }
  if (key.includes('/') && domain.securityPolicy !== 'TLS_1_2') throw badRequest(MULTI_LEVEL_NEEDS_TLS_1_2);
}

async function stageExists(tx: Prisma.TransactionClient, protocol: MappedProtocol, apiId: string, stageName: string): Promise<boolean> {
  if (protocol === 'REST') return (await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId: apiId, stageName } }, select: { stageName: true } })) !== null;
  return (await tx.v2Stage.findUnique({ where: { apiId_stageName: { apiId, stageName } }, select: { stageName: true } })) !== null;
}

/**
 * apigatewayv2's CreateApiMapping, GetApiMappings, GetApiMapping, UpdateApiMapping, DeleteApiMapping: the rows
 * REST reads as base path mappings (the mapping key is the base path). A mapping may target a REST, HTTP or
 * WebSocket API stage, under AWS's rules: REGIONAL domains only, HTTP APIs and multi-level keys need TLS_1_2,
 * WebSocket APIs never share a domain with the others, a key is unique in its domain.
 */
@Injectable()
export class ApiMappingService {
  constructor(
    private readonly writes: V2Writes,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  create(domainName: string, rawBody: unknown): Promise<Record<string, unknown>> {
    const body = bodyObject(rawBody);
    const target: MappingTarget = {
      apiId: required(read.string(body, 'apiId'), 'apiId'),
      stage: required(read.string(body, 'stage'), 'stage'),
      apiMappingKey: normaliseKey(read.string(body, 'apiMappingKey')),
    };
    return this.writes.write(async ({ tx }) => {
      const domain = await requireDomainName(tx, domainName);
      await this.check(tx, domain, target);
      await checkKeyFree(tx, domain.domainName, target.apiMappingKey);
      const row = await tx.apiMapping.create({ data: { domainName: domain.domainName, basePath: target.apiMappingKey, id: newShortId(), apiId: target.apiId, stage: target.stage } });
      return toApiMappingWire(row);
    });
  }

  async list(domainName: string, query: Record<string, unknown>): Promise<V2Page<Record<string, unknown>>> {
    const paging = parseV2Paging(query);
    const domain = await requireDomainName(this.writes.prisma, domainName);
    const rows = await this.writes.prisma.apiMapping.findMany({ where: { domainName: domain.domainName }, orderBy: { basePath: 'asc' } });
    return toV2Page(rows, paging, toApiMappingWire);
  }

  async get(domainName: string, apiMappingId: string): Promise<Record<string, unknown>> {
    return toApiMappingWire(await this.requireMapping(this.writes.prisma, domainName, apiMappingId));
  }

  /** A partial body (apiId is required by AWS's model); the result is checked as a new mapping would be. */
  update(domainName: string, apiMappingId: string, rawBody: unknown): Promise<Record<string, unknown>> {
    const body = bodyObject(rawBody);
    const apiId = required(read.string(body, 'apiId'), 'apiId');
    const stage = read.string(body, 'stage');
    const key = read.string(body, 'apiMappingKey');
    return this.writes.write(async ({ tx }) => {
      const current = await this.requireMapping(tx, domainName, apiMappingId);
      const domain = await requireDomainName(tx, current.domainName);
      const target: MappingTarget = { apiId, stage: stage ?? current.stage ?? '', apiMappingKey: key === undefined ? current.basePath : normaliseKey(key) };
      if (target.stage === '') throw badRequest('stage is required');
      await this.check(tx, domain, target, current.basePath);
      if (target.apiMappingKey !== current.basePath) await checkKeyFree(tx, domain.domainName, target.apiMappingKey);
      const row = await tx.apiMapping.update({ where: { id: current.id }, data: { basePath: target.apiMappingKey, apiId: target.apiId, stage: target.stage } });
      return toApiMappingWire(row);
    });
  }

  delete(domainName: string, apiMappingId: string): Promise<void> {
    return this.writes.write(async ({ tx }) => {
      const current = await this.requireMapping(tx, domainName, apiMappingId);
      await tx.apiMapping.delete({ where: { id: current.id } });
    });
  }

  private async requireMapping(db: Prisma.TransactionClient | V2Writes['prisma'], domainName: string, apiMappingId: string): Promise<ApiMapping> {
    const domain = await requireDomainName(db, domainName);
    const row = await db.apiMapping.findUnique({ where: { id: apiMappingId } });
    if (!row || row.domainName !== domain.domainName) throw v2NotFound.apiMapping(this.config.accountId, apiMappingId);
    return row;
  }

  /** The target API and stage exist, and AWS's rules for the domain hold (`except`: the mapping being replaced). */
  private async check(tx: Prisma.TransactionClient, domain: DomainName, target: MappingTarget, except?: string): Promise<void> {
    if (isEdge(domain)) throw badRequest(ONLY_REGIONAL);
    const protocol = await mappedProtocolOf(tx, target.apiId);
    if (protocol === undefined) throw v2NotFound.api(this.config.accountId, target.apiId);
    checkMappingKey(target.apiMappingKey, protocol, domain);
    if (protocol === 'HTTP' && domain.securityPolicy !== 'TLS_1_2') throw badRequest(HTTP_NEEDS_TLS_1_2);
    if (!(await stageExists(tx, protocol, target.apiId, target.stage))) throw v2NotFound.stage(this.config.accountId, target.stage);
    await checkProtocolMix(tx, domain.domainName, protocol, except);
  }
}

/** AWS's key is a path without its outer slashes; `(none)` (REST's name for the empty base path) is the empty key. */
function normaliseKey(key: string | undefined): string {
  if (key === undefined || key === '(none)') return '';
  return key.replace(/^\/+|\/+$/g, '');
}

async function checkKeyFree(tx: Prisma.TransactionClient, domainName: string, key: string): Promise<void> {
  if (await tx.apiMapping.findUnique({ where: { domainName_basePath: { domainName, basePath: key } }, select: { id: true } })) {
    throw conflict(`An API mapping with the key '${key === '' ? '(none)' : key}' already exists for this domain name`);
  }
}
