import { badRequest } from '@portico/contracts';
import type { Prisma } from '@portico/db';

/** The kind of API a mapping targets: a REST API (v1) or an apigatewayv2 API of either protocol. */
export type MappedProtocol = 'REST' | 'HTTP' | 'WEBSOCKET';

/** The protocol of `apiId`, undefined when no API has that id. REST and /v2 ids share one id space. */
export async function mappedProtocolOf(tx: Prisma.TransactionClient, apiId: string): Promise<MappedProtocol | undefined> {
  if (await tx.restApi.findUnique({ where: { id: apiId }, select: { id: true } })) return 'REST';
  const api = await tx.v2Api.findUnique({ where: { id: apiId }, select: { protocolType: true } });
  return api ? (api.protocolType as MappedProtocol) : undefined;
}

/**
 * AWS's rule for a domain's mappings (http-api-mappings, websocket-api-mappings): REST and HTTP APIs may share a
 * custom domain, WebSocket APIs may not share one with either. Checked on every mapping write, by either API
 * family, against the other mappings of the domain (`except` is the mapping being replaced).
 */
export async function checkProtocolMix(tx: Prisma.TransactionClient, domainName: string, protocol: MappedProtocol, except?: string): Promise<void> {
  const others = await tx.apiMapping.findMany({ where: { domainName, ...(except !== undefined && { basePath: { not: except } }) }, select: { apiId: true } });
  for (const other of others) {
    const otherProtocol = await mappedProtocolOf(tx, other.apiId);
    if (otherProtocol === undefined) continue;
    if ((protocol === 'WEBSOCKET') !== (otherProtocol === 'WEBSOCKET')) {
      throw badRequest("WebSocket APIs can't be mapped to the same custom domain name as an HTTP API or a REST API");
    }
  }
}
