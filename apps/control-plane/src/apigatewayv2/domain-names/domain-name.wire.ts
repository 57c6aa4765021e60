import type { ApiMapping, DomainName } from '@portico/db';
import { jsonRecord } from '../../common/lookups.js';
import { EDGE_HOSTED_ZONE_ID, REGIONAL_HOSTED_ZONE_ID, regionalDomainNameOf, targetLabel } from '../../apigateway/domain-names/domain-name.wire.js';
import { compact, isoTimestamp } from '../v2-wire.js';

/**
 * apigatewayv2's view of a row of the domain store shared with REST's DomainName: one `domainNameConfigurations`
 * entry built from the REST columns (the regional certificate for REGIONAL, the edge one for EDGE), so that a
 * domain created by either API reads the same through both.
 */
export function toV2DomainNameWire(row: DomainName, region: string): Record<string, unknown> {
  const endpoint = jsonRecord<unknown>(row.endpointConfiguration) as { types?: string[]; ipAddressType?: string };
  const edge = (endpoint.types ?? ['EDGE']).includes('EDGE');
  const configuration = compact({
    apiGatewayDomainName: edge ? `d${targetLabel(row.domainName)}.cloudfront.net` : regionalDomainNameOf(row.domainName, region),
    certificateArn: (edge ? row.certificateArn : row.regionalCertificateArn) ?? undefined,
    certificateName: (edge ? row.certificateName : row.regionalCertificateName) ?? undefined,
    certificateUploadDate: isoTimestamp(row.createdDate),
    domainNameStatus: 'AVAILABLE',
    endpointType: edge ? 'EDGE' : 'REGIONAL',
    hostedZoneId: edge ? EDGE_HOSTED_ZONE_ID : REGIONAL_HOSTED_ZONE_ID,
    ipAddressType: endpoint.ipAddressType ?? 'ipv4',
    ownershipVerificationCertificateArn: row.ownershipVerificationCertificateArn ?? undefined,
    securityPolicy: row.securityPolicy,
  });
  return compact({
    apiMappingSelectionExpression: '$request.basepath',
    domainName: row.domainName,
    domainNameArn: `arn:aws:apigateway:${region}::/domainnames/${row.domainName}`,
    domainNameConfigurations: [configuration],
    mutualTlsAuthentication: row.mutualTlsAuthentication ?? undefined,
    routingMode: 'API_MAPPING_ONLY',
    tags: jsonRecord<string>(row.tags),
  });
}

/** An ApiMapping: the mapping key is the base path (`""` for the empty one, which REST names `(none)`). */
export function toApiMappingWire(row: ApiMapping): Record<string, unknown> {
  return compact({ apiId: row.apiId, apiMappingId: row.id, apiMappingKey: row.basePath, stage: row.stage ?? undefined });
}
