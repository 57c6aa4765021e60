import { badRequest } from '@portico/contracts';
import type { Prisma } from '@portico/db';
import { LIMITS } from '../../common/limits.js';
import { read, serializationError } from '../../common/validation.js';
import { checkLength, oneOf } from '../v2-validation.js';

/** AWS's answer to a /v2 write on an EDGE domain (or one asking for EDGE): those belong to the REST API. */
export const ONLY_REGIONAL = 'Only REGIONAL domain names can be managed through the API Gateway V2 API. For EDGE domain names, please use the API Gateway V1 API. Also note that only REST APIs can be attached to EDGE domain names.';

/** AWS's rules for what a domain's security policy allows (http-api-mappings, rest-api-mappings). */
export const MULTI_LEVEL_NEEDS_TLS_1_2 = 'Multi-level API mappings require a REGIONAL domain name with the TLS_1_2 security policy';
export const HTTP_NEEDS_TLS_1_2 = 'HTTP APIs can only be mapped to a REGIONAL domain name with the TLS_1_2 security policy';

const ENDPOINT_TYPES = ['REGIONAL', 'EDGE'] as const;
const SECURITY_POLICIES = ['TLS_1_0', 'TLS_1_2'] as const;
const IP_ADDRESS_TYPES = ['ipv4', 'dualstack'] as const;

/** The DomainName columns a /v2 domain configuration and mutual TLS setting write. */
export interface DomainConfigurationColumns {
  regionalCertificateArn: string;
  regionalCertificateName: string | null;
  securityPolicy: string;
  endpointConfiguration: { types: string[]; ipAddressType?: string };
  ownershipVerificationCertificateArn: string | null;
}

function checkArn(value: string | undefined, member: string): void {
  if (value === undefined) return;
  checkLength(value, 1, LIMITS.arn, member);
  if (!value.startsWith('arn:')) throw badRequest(`Invalid ${member} specified: ${value}`);
}

/**
 * `domainNameConfigurations`: exactly one REGIONAL configuration with a certificate (AWS keeps one per domain;
 * EDGE ones are REST's). The output members AWS's shape shares with the input (apiGatewayDomainName, hostedZoneId,
 * domainNameStatus…) are accepted and ignored, as AWS computes them.
 */
export function parseDomainNameConfigurations(body: Record<string, unknown>): DomainConfigurationColumns | undefined {
  const raw = body.domainNameConfigurations;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw serializationError(raw, 'List', 'domainNameConfigurations');
  if (raw.length !== 1) throw badRequest('Exactly one domain name configuration is supported: domainNameConfigurations must have one member');
  const entry: unknown = raw[0];
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw serializationError(entry, 'Structure', 'domainNameConfigurations.member');
  const configuration = entry as Record<string, unknown>;
  const endpointType = oneOf(read.string(configuration, 'endpointType'), ENDPOINT_TYPES, 'endpointType') ?? 'REGIONAL';
  if (endpointType === 'EDGE') throw badRequest(ONLY_REGIONAL);
  const certificateArn = read.string(configuration, 'certificateArn');
  if (certificateArn === undefined || certificateArn === '') throw badRequest('A certificate is required for a REGIONAL domain name: set certificateArn');
  checkArn(certificateArn, 'certificateArn');
  const certificateName = read.string(configuration, 'certificateName');
  checkLength(certificateName, 1, LIMITS.name, 'certificateName');
  const securityPolicy = oneOf(read.string(configuration, 'securityPolicy'), SECURITY_POLICIES, 'securityPolicy') ?? 'TLS_1_2';
  const ipAddressType = oneOf(read.string(configuration, 'ipAddressType'), IP_ADDRESS_TYPES, 'ipAddressType');
  const ownership = read.string(configuration, 'ownershipVerificationCertificateArn');
  checkArn(ownership, 'ownershipVerificationCertificateArn');
  for (const computed of ['apiGatewayDomainName', 'hostedZoneId', 'domainNameStatus', 'domainNameStatusMessage', 'certificateUploadDate']) read.string(configuration, computed);
  return {
    regionalCertificateArn: certificateArn,
    regionalCertificateName: certificateName ?? null,
    securityPolicy,
    endpointConfiguration: { types: ['REGIONAL'], ...(ipAddressType !== undefined && { ipAddressType }) },
    ownershipVerificationCertificateArn: ownership ?? null,
  };
}

/**
 * `mutualTlsAuthentication` {truststoreUri, truststoreVersion}, kept as data (TLS ends in front of Portico).
 * Undefined when absent; null when it removes mutual TLS (`truststoreUri: ""`, what Terraform sends to disable it).
 */
export function parseMutualTls(body: Record<string, unknown>): Prisma.InputJsonObject | null | undefined {
  const mtls = read.object(body, 'mutualTlsAuthentication');
  if (mtls === undefined) return undefined;
  const truststoreUri = read.string(mtls, 'truststoreUri', 'mutualTlsAuthentication.truststoreUri');
  const truststoreVersion = read.string(mtls, 'truststoreVersion', 'mutualTlsAuthentication.truststoreVersion');
  if (truststoreUri === undefined || truststoreUri === '') return null;
  if (!/^s3:\/\/[a-z0-9.-]{3,63}\/.+/.test(truststoreUri)) throw badRequest(`Invalid truststoreUri specified: ${truststoreUri}. It must be an S3 URI (s3://bucket-name/key-name)`);
  checkLength(truststoreUri, 1, 2048, 'truststoreUri');
  return { truststoreUri, ...(truststoreVersion !== undefined && truststoreVersion !== '' && { truststoreVersion }) };
}

/** `routingMode`: only API_MAPPING_ONLY (routing rules are not built). */
export function parseRoutingMode(body: Record<string, unknown>): void {
  const mode = read.string(body, 'routingMode');
  if (mode !== undefined && mode.toUpperCase() !== 'API_MAPPING_ONLY') {
    throw badRequest(`Invalid routingMode specified: ${mode}. Routing rules are not supported here; the valid value is API_MAPPING_ONLY`);
  }
}
