import { badRequest } from '@portico/contracts';
import { parsePolicy } from '@portico/engine-policy';
import type { EndpointConfigurationWire } from './rest-api.wire.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export const endpointTypes = ['PRIVATE', 'EDGE', 'REGIONAL'] as const;
export const ipAddressTypes = ['ipv4', 'dualstack'] as const;
export const apiKeySources = ['HEADER', 'AUTHORIZER'] as const;
export const MAX_COMPRESSION_SIZE = 10_485_760;
export const MAX_POLICY_LENGTH = 8192;

/** AWS's endpoint rules (spec §1.4): one type; PRIVATE is dualstack only; the others default to ipv4. */
export function checkEndpointConfiguration(config: EndpointConfigurationWire): EndpointConfigurationWire {
  if (config.types.length === 0) throw badRequest('REGIONAL Configuration and EDGE Configuration cannot be both DISABLED.');
  if (config.types.length > 1) throw badRequest('Cannot create an api with multiple Endpoint Types.');
  const isPrivate = config.types[0] === 'PRIVATE';
  const ipAddressType = config.ipAddressType ?? (isPrivate ? 'dualstack' : 'ipv4');
  if (isPrivate && ipAddressType !== 'dualstack') throw badRequest('Only dualstack ipAddressType is supported for Private APIs.');
  if (!isPrivate && config.vpcEndpointIds && config.vpcEndpointIds.length > 0) {
    throw badRequest('VPC endpoint IDs are only supported for PRIVATE APIs.');
  }
  return { types: [...config.types], ipAddressType, ...(config.vpcEndpointIds && config.vpcEndpointIds.length > 0 && { vpcEndpointIds: config.vpcEndpointIds }) };
}

export function checkMinimumCompressionSize(size: number | undefined | null): void {
  if (size !== undefined && size !== null && (size < 0 || size > MAX_COMPRESSION_SIZE)) {
    throw badRequest(`Invalid minimum compression size, must be between 0 and ${MAX_COMPRESSION_SIZE}`);
  }
}

export function checkDescription(description: string | undefined | null): void {
  if (description === '') throw badRequest('Description cannot be an empty string');
}

export function checkPolicy(policy: string | undefined | null): void {
  if (policy === undefined || policy === null || policy === '') return;
  if (policy.length > MAX_POLICY_LENGTH) throw badRequest(`Policy exceeds the maximum length of ${MAX_POLICY_LENGTH} characters`);
  try {
    const parsed: unknown = JSON.parse(policy);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
  } catch {
    throw badRequest(ADMIN_ERRORS.invalidPolicyDocument);
  }
  // The same validator the data plane compiles with: what is stored is what will be enforced.
  if (!parsePolicy(policy, 'resource').ok) throw badRequest(ADMIN_ERRORS.invalidPolicyDocument);
}
