/**
 * Reads the integer `statusCode` of a MOCK request template's output. AWS accepts JSON and also the non-JSON
 * `{statusCode: 200}` that CDK emits (LocalStack added the same leniency), so this looks for the key rather than
 * parsing JSON. Undefined when no valid status is present.
 */
export function parseMockStatusCode(text: string): number | undefined {
  const match = /["']?statusCode["']?\s*:\s*["']?(\d{3})(?!\d)/.exec(text);
  if (!match) return undefined;
  const status = Number(match[1]);
  return status >= 100 && status <= 599 ? status : undefined;
}
