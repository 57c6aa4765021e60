import { badRequest } from '@portico/contracts';

// Limits from the service model and the developer guide (spec §0 "Stage name", "Stage variables").
const STAGE_NAME = /^[A-Za-z0-9_-]+$/;
const MAX_STAGE_NAME = 128;
const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;
const MAX_VARIABLE_NAME = 64;
const VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]+$/;
const MAX_VARIABLE_VALUE = 512;
export const MAX_STAGE_VARIABLES = 100;

/** Throws 400 BadRequestException unless `name` is a valid stage name. */
export function assertStageName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') throw badRequest('Stage name must be non-empty');
  if (name.length > MAX_STAGE_NAME) throw badRequest(`Stage name must be at most ${MAX_STAGE_NAME} characters`);
  if (!STAGE_NAME.test(name)) throw badRequest('Stage name only allows a-zA-Z0-9_-');
}

export function assertVariableName(name: string): void {
  if (name.length > MAX_VARIABLE_NAME || !VARIABLE_NAME.test(name)) {
    throw badRequest(`Invalid stage variable name '${name}': names may contain only A-Za-z0-9_ and be 1 to ${MAX_VARIABLE_NAME} characters`);
  }
}

export function assertVariableValue(name: string, value: unknown): asserts value is string {
  if (typeof value !== 'string' || value.length > MAX_VARIABLE_VALUE || !VARIABLE_VALUE.test(value)) {
    throw badRequest(
      `Invalid stage variable value for '${name}': values may contain only A-Za-z0-9-._~:/?#&=, and be 1 to ${MAX_VARIABLE_VALUE} characters`,
    );
  }
}

/** Validates a whole stage-variable map (CreateStage, CreateDeployment) and returns it typed. */
export function validateVariables(variables: unknown): Record<string, string> {
  if (variables === undefined || variables === null) return {};
  if (typeof variables !== 'object' || Array.isArray(variables)) throw badRequest('Stage variables must be a map of names to values');
  const entries = Object.entries(variables);
  assertVariableCount(entries.length);
  for (const [name, value] of entries) {
    assertVariableName(name);
    assertVariableValue(name, value);
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

export function assertVariableCount(count: number): void {
  if (count > MAX_STAGE_VARIABLES) throw badRequest(`A stage can have at most ${MAX_STAGE_VARIABLES} stage variables`);
}

export const CACHE_CLUSTER_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'] as const;

export function assertCacheClusterSize(size: unknown): asserts size is string {
  if (typeof size !== 'string' || !(CACHE_CLUSTER_SIZES as readonly string[]).includes(size)) {
    throw badRequest(`Invalid cache cluster size specified. Valid options are ${CACHE_CLUSTER_SIZES.join(',')}`);
  }
}
