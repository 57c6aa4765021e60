import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { badRequest } from '@portico/contracts';
import { VpcEndpointRepository } from './vpc-endpoint.repository.js';
import { LIMITS, checkMaxLength } from '../../common/limits.js';

export interface VpcEndpointWire {
  vpcEndpointId: string;
  vpcId: string;
  name?: string;
  cidrs: string[];
  createdDate: number;
}

const VPCE_ID = /^vpce-[0-9a-z]{1,32}$/;
const VPC_ID = /^vpc-[0-9a-z]{1,32}$/;

function checkCidr(value: unknown): string {
  if (typeof value !== 'string') throw badRequest('cidrs must be a list of CIDR blocks');
  const [address, prefix] = value.split('/');
  const family = isIP(address);
  const max = family === 4 ? 32 : 128;
  if (family === 0 || (prefix !== undefined && (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max))) throw badRequest(`Invalid CIDR block: ${value}`);
  return value;
}

/**
 * Portico's "VPC endpoints": named network sources standing in for AWS interface endpoints. A request whose
 * client address lies in an endpoint's CIDR ranges arrives "through" it: `aws:SourceVpce` = its id,
 * `aws:SourceVpc` = its VPC id, and a PRIVATE API listing it in `vpcEndpointIds` admits the request.
 */
@Injectable()
export class VpcEndpointsService {
  constructor(private readonly repository: VpcEndpointRepository) {}

  async create(body: unknown): Promise<VpcEndpointWire> {
    const input = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const id = input.vpcEndpointId ?? `vpce-${randomBytes(9).toString('hex').slice(0, 17)}`;
    if (typeof id !== 'string' || !VPCE_ID.test(id)) throw badRequest('vpcEndpointId must look like vpce-0123456789abcdef0');
    if (typeof input.vpcId !== 'string' || !VPC_ID.test(input.vpcId)) throw badRequest('vpcId must look like vpc-0123456789abcdef0');
    if (!Array.isArray(input.cidrs) || input.cidrs.length === 0) throw badRequest('cidrs must list at least one CIDR block');
    const cidrs = input.cidrs.map(checkCidr);
    if (input.name !== undefined && typeof input.name !== 'string') throw badRequest('name must be a string');
    checkMaxLength(input.name as string | undefined, LIMITS.name, 'name');
    return toWire(await this.repository.create({ id, vpcId: input.vpcId, name: (input.name as string | undefined) ?? null, cidrs }));
  }

  async list(): Promise<{ item: VpcEndpointWire[] }> {
    return { item: (await this.repository.list()).map(toWire) };
  }

  async get(id: string): Promise<VpcEndpointWire> {
    return toWire(await this.repository.get(id));
  }

  delete(id: string): Promise<void> {
    return this.repository.delete(id);
  }
}

function toWire(row: { id: string; vpcId: string; name: string | null; cidrs: string[]; createdDate: Date }): VpcEndpointWire {
  return { vpcEndpointId: row.id, vpcId: row.vpcId, ...(row.name !== null && { name: row.name }), cidrs: row.cidrs, createdDate: Math.floor(row.createdDate.getTime() / 1000) };
}
