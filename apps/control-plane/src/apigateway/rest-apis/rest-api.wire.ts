import type { EndpointConfigurationWire, RestApiWire } from '@portico/admin-wire';
import type { RestApi } from '@portico/db';
import { toEpochSeconds } from '../../common/epoch.js';
import { jsonRecord } from '../../common/lookups.js';

// The wire shapes live in @portico/admin-wire, shared with the console so that the two cannot drift.
export type { EndpointConfigurationWire, RestApiWire };

/** RestApi as AWS sends it (spec §1.3): optional members only when set, dates as epoch seconds. */
export function toRestApiWire(row: RestApi): RestApiWire {
  const endpoint = jsonRecord<unknown>(row.endpointConfiguration) as unknown as EndpointConfigurationWire;
  return {
    id: row.id,
    name: row.name,
    ...(row.description !== null && { description: row.description }),
    createdDate: toEpochSeconds(row.createdDate),
    ...(row.version !== null && { version: row.version }),
    ...(row.binaryMediaTypes.length > 0 && { binaryMediaTypes: row.binaryMediaTypes }),
    ...(row.minimumCompressionSize !== null && { minimumCompressionSize: row.minimumCompressionSize }),
    apiKeySource: row.apiKeySource,
    endpointConfiguration: {
      types: endpoint.types ?? ['EDGE'],
      ...(endpoint.ipAddressType !== undefined && { ipAddressType: endpoint.ipAddressType }),
      ...(endpoint.vpcEndpointIds !== undefined && endpoint.vpcEndpointIds.length > 0 && { vpcEndpointIds: endpoint.vpcEndpointIds }),
    },
    ...(row.policy !== null && { policy: toAwsPolicyString(row.policy) }),
    tags: jsonRecord<string>(row.tags),
    disableExecuteApiEndpoint: row.disableExecuteApiEndpoint,
    rootResourceId: row.rootResourceId,
  };
}

/**
 * The policy as AWS answers it: the minified document, string-escaped once more (`{\"Version\":…}`, with `\/`
 * for `/`). Clients undo exactly that: Terraform reads the value back with `strconv.Unquote` and fails on a plain
 * JSON document ("invalid character 'S' after top-level value").
 */
export function toAwsPolicyString(policy: string): string {
  let document = policy;
  try {
    document = JSON.stringify(JSON.parse(policy));
  } catch {
    // Stored policies were validated on write; one that is not JSON is returned escaped as it is.
  }
  return JSON.stringify(document).slice(1, -1).replace(/\//g, '\\/');
}
