import { badRequest } from '@portico/contracts';

/**
 * Size limits for free-form input, so that an oversized member is a 400 and never reaches the database.
 * AWS documents the template (300 KB), resource policy (8,192), stage variable and tag limits, and IAM's ARN
 * limit (2,048); the others are Portico's [I] and generous. Resource paths are bounded so that the
 * `(restApiId, path)` index row always fits PostgreSQL's B-tree limit (~2,700 bytes).
 */
export const LIMITS = {
  name: 1024,
  description: 4096,
  version: 1024,
  uri: 2048,
  arn: 2048,
  customerId: 1024,
  pathPart: 1024,
  resourcePath: 2048,
  expression: 1024,
  email: 254,
  templateBytes: 300 * 1024,
  /** Any one string in a JSON body: nothing AWS accepts is longer than a mapping template. */
  jsonString: 300 * 1024,
  tags: 50,
  tagKey: 128,
  tagValue: 256,
  listEntries: 100,
} as const;

export function checkMaxLength(value: string | null | undefined, max: number, what: string): void {
  if (value !== null && value !== undefined && value.length > max) throw badRequest(`Invalid ${what} specified: must be at most ${max} characters`);
}

export function checkTemplates(templates: Record<string, string>): void {
  for (const [contentType, template] of Object.entries(templates)) {
    if (Buffer.byteLength(template, 'utf8') > LIMITS.templateBytes) {
      throw badRequest(`Mapping template for ${contentType} exceeds the maximum size of ${LIMITS.templateBytes / 1024} KB`);
    }
  }
}

export function checkTags(tags: Record<string, string>): void {
  const entries = Object.entries(tags);
  if (entries.length > LIMITS.tags) throw badRequest(`Too many tags: at most ${LIMITS.tags} tags are allowed`);
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > LIMITS.tagKey) throw badRequest(`Invalid tag key specified: must be 1-${LIMITS.tagKey} characters`);
    if (key.startsWith('aws:')) throw badRequest('Invalid tag key specified: the aws: prefix is reserved');
    if (value.length > LIMITS.tagValue) throw badRequest(`Invalid tag value specified: must be at most ${LIMITS.tagValue} characters`);
  }
}

export function checkListSize(list: readonly unknown[], what: string): void {
  if (list.length > LIMITS.listEntries) throw badRequest(`Too many ${what}: at most ${LIMITS.listEntries} are allowed`);
}
