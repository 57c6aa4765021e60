import { Inject, Injectable } from '@nestjs/common';
import { badRequest, conflict, notFound } from '@portico/contracts';
import { Prisma, type Database, type DomainName } from '@portico/db';
import type { ControlPlaneConfig } from '../../config.js';
import { checkMaxLength, checkTags, LIMITS } from '../../common/limits.js';
import { parsePaging, pageWindow, toPage, type Page } from '../../common/paging.js';
import { applyPatchOperations, parsePatchOperations, patchValue, type PatchRule } from '../../common/patch-operations.js';
import { CONTROL_PLANE_CONFIG, DATABASE } from '../../common/tokens.js';
import { bodyObject, InputValidator, read } from '../../common/validation.js';
import { writeTransaction } from '../../common/write-transaction.js';
import { checkProtocolMix } from './api-mapping-rules.js';
import { NO_BASE_PATH, toBasePathMappingWire, toDomainNameWire, type BasePathMappingWire, type DomainNameWire } from './domain-name.wire.js';

export const DOMAIN_NAME_NOT_FOUND = 'Invalid domain name identifier specified';
export const DOMAIN_NAME_EXISTS = 'The domain name you provided already exists.';
const MAPPING_NOT_FOUND = 'Invalid base path mapping identifier specified';
/** In AWS's order, as its enum errors list them. */
const ENDPOINT_TYPES = ['PRIVATE', 'EDGE', 'REGIONAL'] as const;
const SECURITY_POLICIES = ['TLS_1_0', 'TLS_1_2'] as const;
/** A DNS name (shared with apigatewayv2's CreateDomainName): labels of letters, digits and hyphens, or a leading wildcard label. */
export const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;
/** One or more segments of URL-safe characters: AWS allows multi-level base paths (`v1/orders`). */
const BASE_PATH = /^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/;

interface DomainNamePatch {
  certificateName: string | null;
  certificateArn: string | null;
  regionalCertificateName: string | null;
  regionalCertificateArn: string | null;
  types: string[];
  securityPolicy: string;
}

const DOMAIN_PATCH_RULES: PatchRule<DomainNamePatch>[] = [
  { ops: ['replace'], path: '/certificateName', apply: (d, c) => void (d.certificateName = c.value || null) },
  { ops: ['replace'], path: '/certificateArn', apply: (d, c) => void (d.certificateArn = c.value || null) },
  { ops: ['replace'], path: '/regionalCertificateName', apply: (d, c) => void (d.regionalCertificateName = c.value || null) },
  { ops: ['replace'], path: '/regionalCertificateArn', apply: (d, c) => void (d.regionalCertificateArn = c.value || null) },
  {
    ops: ['replace'],
    path: '/endpointConfiguration/types/0',
    apply: (d, c) => {
      const type = patchValue.required(c);
      if (!(ENDPOINT_TYPES as readonly string[]).includes(type)) throw badRequest('Invalid EndpointTypes specified. Valid options are REGIONAL,EDGE,PRIVATE');
      d.types = [type];
    },
  },
  {
    ops: ['replace'],
    path: '/securityPolicy',
    apply: (d, c) => {
      const policy = patchValue.required(c);
      if (!(SECURITY_POLICIES as readonly string[]).includes(policy)) throw badRequest(`Invalid security policy specified: ${policy}`);
      d.securityPolicy = policy;
    },
  },
];

interface MappingPatch {
  basePath: string;
  apiId: string;
  stage: string | null;
}

const MAPPING_PATCH_RULES: PatchRule<MappingPatch>[] = [
  { ops: ['replace'], path: '/basePath', apply: (m, c) => void (m.basePath = normaliseBasePath(c.value)) },
  { ops: ['replace'], path: '/restapiId', apply: (m, c) => void (m.apiId = patchValue.nonEmpty(c)) },
  { ops: ['replace'], path: '/stage', apply: (m, c) => void (m.stage = c.value || null) },
];

/** `(none)`, `""` and absent are the same empty base path; anything else must be segments of URL-safe characters. */
function normaliseBasePath(value: string | undefined): string {
  if (value === undefined || value === '' || value === NO_BASE_PATH) return '';
  const path = value.replace(/^\/+|\/+$/g, '');
  if (!BASE_PATH.test(path) || path.length > LIMITS.resourcePath) throw badRequest(`Invalid base path specified: ${value}`);
  return path;
}

/**
 * Custom domain names and their base path mappings. Certificates are kept as data (TLS is terminated in front of
 * Portico); the data planes route a request by its Host header through these mappings. Mappings live in the API
 * mapping store shared with the v2 `apimappings`. Writes go through writeTransaction, which tells data planes.
 */
@Injectable()
export class DomainNameService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONTROL_PLANE_CONFIG) private readonly config: ControlPlaneConfig,
  ) {}

  private wire = (row: DomainName): DomainNameWire => toDomainNameWire(row, this.config.region);

  async create(rawBody: unknown): Promise<DomainNameWire> {
    const body = bodyObject(rawBody);
    const validator = new InputValidator('createDomainNameInput');
    const domainName = validator.required(read.string(body, 'domainName'), 'domainName');
    const endpoint = read.object(body, 'endpointConfiguration');
    const types = endpoint ? (read.stringList(endpoint, 'types', 'endpointConfiguration.types') ?? ['EDGE']) : ['EDGE'];
    validator.enumList(types, 'endpointConfiguration.types', ENDPOINT_TYPES);
    const securityPolicy = validator.enumValue(read.string(body, 'securityPolicy'), 'securityPolicy', SECURITY_POLICIES) ?? 'TLS_1_2';
    const certificateName = read.string(body, 'certificateName');
    const certificateArn = read.string(body, 'certificateArn');
    const regionalCertificateName = read.string(body, 'regionalCertificateName');
    const regionalCertificateArn = read.string(body, 'regionalCertificateArn');
    // Uploaded certificates (certificateBody, …) are accepted as data and not kept: TLS ends in front of Portico.
    read.string(body, 'certificateBody');
    read.string(body, 'certificatePrivateKey');
    read.string(body, 'certificateChain');
    const tags = read.stringMap(body, 'tags');
    validator.check();
    const name = (domainName as string).toLowerCase();
    if (!DOMAIN.test(name) || name.length > 253) throw badRequest(`Invalid domain name specified: ${domainName}`);
    if (types.length !== 1) throw badRequest('Cannot create a domain name with multiple Endpoint Types.');
    if (types[0] === 'REGIONAL' && !regionalCertificateArn && !read.string(body, 'certificateBody')) {
      throw badRequest('A regional certificate is required for a REGIONAL domain name: set regionalCertificateArn');
    }
    if (types[0] === 'EDGE' && !certificateArn && !read.string(body, 'certificateBody')) {
      throw badRequest('A certificate is required for an EDGE domain name: set certificateArn');
    }
    for (const [value, what] of [[certificateArn, 'certificate ARN'], [regionalCertificateArn, 'regional certificate ARN']] as const) {
      checkMaxLength(value, LIMITS.arn, what);
      if (value && !value.startsWith('arn:')) throw badRequest(`Invalid ${what} specified: ${value}`);
    }
    checkMaxLength(certificateName, LIMITS.name, 'certificate name');
    checkMaxLength(regionalCertificateName, LIMITS.name, 'regional certificate name');
    if (tags) checkTags(tags);
    try {
      const row = await writeTransaction(this.db, (tx) => tx.domainName.create({
        data: {
          domainName: name,
          certificateName: certificateName ?? null,
          certificateArn: certificateArn ?? null,
          regionalCertificateName: regionalCertificateName ?? null,
          regionalCertificateArn: regionalCertificateArn ?? null,
          endpointConfiguration: { types },
          securityPolicy,
          tags: tags ?? {},
        },
      }));
      return this.wire(row);
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw conflict(DOMAIN_NAME_EXISTS);
      throw error;
    }
  }

  async list(query: Record<string, unknown>): Promise<Page<DomainNameWire>> {
    const paging = parsePaging(query);
    const rows = await this.db.prisma.domainName.findMany({ orderBy: { domainName: 'asc' }, ...pageWindow(paging) });
    return toPage(rows, paging, this.wire);
  }

  async get(domainName: string): Promise<DomainNameWire> {
    return this.wire(await this.require(domainName));
  }

  async update(domainName: string, rawBody: unknown): Promise<DomainNameWire> {
    const operations = parsePatchOperations(rawBody, 'updateDomainNameInput');
    const row = await writeTransaction(this.db, async (tx) => {
      const current = await this.require(domainName, tx);
      const endpoint = current.endpointConfiguration as { types?: string[] };
      const state: DomainNamePatch = {
        certificateName: current.certificateName,
        certificateArn: current.certificateArn,
        regionalCertificateName: current.regionalCertificateName,
        regionalCertificateArn: current.regionalCertificateArn,
        types: endpoint.types ?? ['EDGE'],
        securityPolicy: current.securityPolicy,
      };
      applyPatchOperations(state, operations, DOMAIN_PATCH_RULES);
      const { types, ...fields } = state;
      return tx.domainName.update({ where: { domainName: current.domainName }, data: { ...fields, endpointConfiguration: { types } } });
    });
    return this.wire(row);
  }

  async delete(domainName: string): Promise<void> {
    const current = await this.require(domainName);
    // Mappings go with the domain (ON DELETE CASCADE), as on AWS.
    await writeTransaction(this.db, (tx) => tx.domainName.deleteMany({ where: { domainName: current.domainName } }));
  }

  async createMapping(domainName: string, rawBody: unknown): Promise<BasePathMappingWire> {
    const body = bodyObject(rawBody);
    const validator = new InputValidator('createBasePathMappingInput');
    const restApiId = validator.required(read.string(body, 'restApiId'), 'restApiId');
    const basePath = read.string(body, 'basePath');
    const stage = read.string(body, 'stage');
    validator.check();
    const row = await writeTransaction(this.db, async (tx) => {
      const domain = await this.require(domainName, tx);
      const path = normaliseBasePath(basePath);
      await this.checkTarget(tx, restApiId as string, stage ?? null);
      await checkProtocolMix(tx, domain.domainName, 'REST');
      if (await tx.apiMapping.findUnique({ where: { domainName_basePath: { domainName: domain.domainName, basePath: path } } })) {
        throw conflict('Base path already exists for this domain name');
      }
      return tx.apiMapping.create({ data: { domainName: domain.domainName, basePath: path, apiId: restApiId as string, stage: stage || null } });
    });
    return toBasePathMappingWire(row);
  }

  async listMappings(domainName: string, query: Record<string, unknown>): Promise<Page<BasePathMappingWire>> {
    const paging = parsePaging(query);
    const domain = await this.require(domainName);
    const rows = await this.db.prisma.apiMapping.findMany({ where: { domainName: domain.domainName }, orderBy: { basePath: 'asc' }, ...pageWindow(paging) });
    return toPage(rows, paging, toBasePathMappingWire);
  }

  async getMapping(domainName: string, basePath: string): Promise<BasePathMappingWire> {
    return toBasePathMappingWire(await this.requireMapping(this.db.prisma, domainName, basePath));
  }

  async updateMapping(domainName: string, basePath: string, rawBody: unknown): Promise<BasePathMappingWire> {
    const operations = parsePatchOperations(rawBody, 'updateBasePathMappingInput');
    const row = await writeTransaction(this.db, async (tx) => {
      const current = await this.requireMapping(tx, domainName, basePath);
      const state: MappingPatch = { basePath: current.basePath, apiId: current.apiId, stage: current.stage };
      applyPatchOperations(state, operations, MAPPING_PATCH_RULES);
      await this.checkTarget(tx, state.apiId, state.stage);
      await checkProtocolMix(tx, current.domainName, 'REST', current.basePath);
      if (state.basePath !== current.basePath && (await tx.apiMapping.findUnique({ where: { domainName_basePath: { domainName: current.domainName, basePath: state.basePath } } }))) {
        throw conflict('Base path already exists for this domain name');
      }
      return tx.apiMapping.update({ where: { domainName_basePath: { domainName: current.domainName, basePath: current.basePath } }, data: state });
    });
    return toBasePathMappingWire(row);
  }

  async deleteMapping(domainName: string, basePath: string): Promise<void> {
    const current = await this.requireMapping(this.db.prisma, domainName, basePath);
    await writeTransaction(this.db, (tx) => tx.apiMapping.deleteMany({ where: { domainName: current.domainName, basePath: current.basePath } }));
  }

  private async require(domainName: string, tx: Prisma.TransactionClient | Database['prisma'] = this.db.prisma): Promise<DomainName> {
    const row = await tx.domainName.findUnique({ where: { domainName: domainName.toLowerCase() } });
    if (!row) throw notFound(DOMAIN_NAME_NOT_FOUND);
    return row;
  }

  private async requireMapping(tx: Prisma.TransactionClient | Database['prisma'], domainName: string, basePath: string) {
    const domain = await this.require(domainName, tx);
    const path = basePath === NO_BASE_PATH || basePath === '' ? '' : basePath.replace(/^\/+|\/+$/g, '');
    const row = await tx.apiMapping.findUnique({ where: { domainName_basePath: { domainName: domain.domainName, basePath: path } } });
    if (!row) throw notFound(MAPPING_NOT_FOUND);
    return row;
  }

  /** The API must exist, and so must the stage when one is named (AWS: 400s, not 404s, for a mapping's target). */
  private async checkTarget(tx: Prisma.TransactionClient, restApiId: string, stage: string | null): Promise<void> {
    const api = await tx.restApi.findUnique({ where: { id: restApiId } });
    if (!api) throw badRequest('Invalid REST API identifier specified');
    if (stage && !(await tx.stage.findUnique({ where: { restApiId_stageName: { restApiId, stageName: stage } } }))) {
      throw badRequest('Invalid stage identifier specified');
    }
  }
}
