import { badRequest } from '@portico/contracts';
import { parse as parseYaml } from 'yaml';

/** The OpenAPI document of ImportApi/ReimportApi's `body`: JSON or YAML text (spec §1.5). */
export function parseOpenApiDocument(text: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    throw badRequest(`Invalid OpenAPI definition: the body is neither JSON nor YAML (${(error as Error).message.split('\n')[0]})`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw badRequest('Invalid OpenAPI definition: the body must be an object');
  const root = document as Record<string, unknown>;
  if (root.swagger !== undefined) throw badRequest('Only OpenAPI 3.0 definitions can be imported into HTTP APIs (found swagger 2.0)');
  if (typeof root.openapi !== 'string' || !root.openapi.startsWith('3.0')) throw badRequest('Invalid OpenAPI definition: openapi must be 3.0.x');
  return root;
}

/** Substitutes `${AWS::AccountId}`, `${AWS::Region}` and `${AWS::Partition}` in every string of the document. */
export function substitutePseudoParameters<T>(value: T, context: { accountId: string; region: string }): T {
  if (typeof value === 'string') {
    return value.replaceAll('${AWS::AccountId}', context.accountId).replaceAll('${AWS::Region}', context.region).replaceAll('${AWS::Partition}', 'aws') as T;
  }
  if (Array.isArray(value)) return value.map((item) => substitutePseudoParameters(item, context)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitutePseudoParameters(v, context)])) as T;
  }
  return value;
}
