import { badRequest } from '@portico/contracts';
import { LIMITS, checkListSize, checkMaxLength, checkTags } from '../../common/limits.js';
import { InputValidator, bodyObject, read } from '../../common/validation.js';
import { apiKeySources, checkDescription, checkEndpointConfiguration, checkMinimumCompressionSize, checkPolicy, endpointTypes, ipAddressTypes } from './rest-api.rules.js';
import type { EndpointConfigurationWire } from './rest-api.wire.js';
import { ADMIN_ERRORS } from '../../common/admin-errors.js';

export interface CreateRestApiInput {
  name: string;
  description?: string;
  version?: string;
  binaryMediaTypes: string[];
  minimumCompressionSize?: number;
  apiKeySource: string;
  endpointConfiguration: EndpointConfigurationWire;
  policy?: string;
  tags: Record<string, string>;
  disableExecuteApiEndpoint: boolean;
  /** Id of an API whose resources, methods, integrations, authorizers and gateway responses are copied. */
  cloneFrom?: string;
}

/** Validates a CreateRestApi body completely before anything is written; AWS's defaults filled in. */
export function parseCreateRestApi(body: unknown): CreateRestApiInput {
  const obj = bodyObject(body);
  const v = new InputValidator('createRestApiInput');
  const name = v.required(read.string(obj, 'name'), 'name');
  const description = read.string(obj, 'description');
  const version = read.string(obj, 'version');
  const binaryMediaTypes = read.stringList(obj, 'binaryMediaTypes') ?? [];
  const minimumCompressionSize = read.integer(obj, 'minimumCompressionSize');
  const apiKeySource = v.enumValue(read.string(obj, 'apiKeySource'), 'apiKeySource', apiKeySources) ?? 'HEADER';
  const endpoint = read.object(obj, 'endpointConfiguration');
  const types = endpoint ? (read.stringList(endpoint, 'types', 'endpointConfiguration.types') ?? ['EDGE']) : ['EDGE'];
  v.enumList(types, 'endpointConfiguration.types', endpointTypes);
  const ipAddressType = endpoint ? v.enumValue(read.string(endpoint, 'ipAddressType', 'endpointConfiguration.ipAddressType'), 'endpointConfiguration.ipAddressType', ipAddressTypes) : undefined;
  const vpcEndpointIds = endpoint ? read.stringList(endpoint, 'vpcEndpointIds', 'endpointConfiguration.vpcEndpointIds') : undefined;
  const policy = read.string(obj, 'policy');
  const tags = read.stringMap(obj, 'tags') ?? {};
  const disableExecuteApiEndpoint = read.boolean(obj, 'disableExecuteApiEndpoint') ?? false;
  const cloneFrom = read.string(obj, 'cloneFrom');
  v.check();

  if (name === undefined || name.trim() === '') throw badRequest(ADMIN_ERRORS.emptyName);
  checkMaxLength(name, LIMITS.name, 'name');
  checkDescription(description);
  checkMaxLength(description, LIMITS.description, 'description');
  checkMaxLength(version, LIMITS.version, 'version');
  checkListSize(binaryMediaTypes, 'binaryMediaTypes');
  checkTags(tags);
  checkMinimumCompressionSize(minimumCompressionSize);
  checkPolicy(policy);
  const endpointConfiguration = checkEndpointConfiguration({ types, ipAddressType, vpcEndpointIds });
  return { name, description, version, binaryMediaTypes, minimumCompressionSize, apiKeySource, endpointConfiguration, policy, tags, disableExecuteApiEndpoint, cloneFrom };
}
