import { createHash } from 'node:crypto';
import type { ApiMapping, DomainName } from '@portico/db';
import { toEpochSeconds } from '../../common/epoch.js';
import { jsonRecord } from '../../common/lookups.js';

export interface DomainNameWire {
  domainName: string;
  certificateName?: string;
  certificateArn?: string;
  certificateUploadDate?: number;
  distributionDomainName?: string;
  distributionHostedZoneId?: string;
  regionalDomainName?: string;
  regionalHostedZoneId?: string;
  regionalCertificateName?: string;
  regionalCertificateArn?: string;
  endpointConfiguration: { types: string[]; ipAddressType?: string };
  domainNameStatus: 'AVAILABLE';
  securityPolicy: string;
  tags: Record<string, string>;
}

export interface BasePathMappingWire {
  basePath: string;
  restApiId: string;
  stage?: string;
}

/** AWS's name for the empty base path, on the wire and in URLs. */
export const NO_BASE_PATH = '(none)';

/**
 * The target names AWS would give the domain (a CloudFront distribution for EDGE, a regional name for REGIONAL),
 * derived from the domain so that they are stable across reads; in Portico DNS points the domain at the data
 * planes instead, and these are informational.
 */
export function targetLabel(domainName: string): string {
  return createHash('sha256').update(domainName).digest('hex').slice(0, 13);
}

/** The hosted zones AWS names for CloudFront (EDGE) and for us-east-1's regional endpoints: informational here. */
export const EDGE_HOSTED_ZONE_ID = 'Z2FDTNDATAQYW2';
export const REGIONAL_HOSTED_ZONE_ID = 'Z1UJRXOUMOOFQ8';

export function regionalDomainNameOf(domainName: string, region: string): string {
  return `d-${targetLabel(domainName).slice(0, 10)}.execute-api.${region}.amazonaws.com`;
}

/** DomainName as AWS sends it: EDGE fields or REGIONAL fields by endpoint type, `tags` always (`{}` when none). */
export function toDomainNameWire(row: DomainName, region: string): DomainNameWire {
  const endpoint = jsonRecord<unknown>(row.endpointConfiguration) as { types?: string[]; ipAddressType?: string };
  const types = endpoint.types ?? ['EDGE'];
  const edge = types.includes('EDGE');
  const label = targetLabel(row.domainName);
  return {
    domainName: row.domainName,
    ...(row.certificateName !== null && { certificateName: row.certificateName }),
    ...(row.certificateArn !== null && { certificateArn: row.certificateArn }),
    ...(edge && { certificateUploadDate: toEpochSeconds(row.createdDate) }),
    ...(edge && { distributionDomainName: `d${label}.cloudfront.net`, distributionHostedZoneId: EDGE_HOSTED_ZONE_ID }),
    ...(!edge && { regionalDomainName: regionalDomainNameOf(row.domainName, region), regionalHostedZoneId: REGIONAL_HOSTED_ZONE_ID }),
    ...(row.regionalCertificateName !== null && { regionalCertificateName: row.regionalCertificateName }),
    ...(row.regionalCertificateArn !== null && { regionalCertificateArn: row.regionalCertificateArn }),
    endpointConfiguration: { types, ...(endpoint.ipAddressType !== undefined && { ipAddressType: endpoint.ipAddressType }) },
    domainNameStatus: 'AVAILABLE',
    securityPolicy: row.securityPolicy,
    tags: jsonRecord<string>(row.tags),
  };
}

export function toBasePathMappingWire(row: ApiMapping): BasePathMappingWire {
  return { basePath: row.basePath === '' ? NO_BASE_PATH : row.basePath, restApiId: row.apiId, ...(row.stage !== null && { stage: row.stage }) };
}
