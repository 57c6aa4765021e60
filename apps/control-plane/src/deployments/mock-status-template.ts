/**
 * The one mapping template Portico runs before VTL arrives: a MOCK integration's request template whose whole
 * output is a JSON object with an integer `statusCode` (`{"statusCode": 200}`). CDK writes it without quotes
 * (`{statusCode: 200}`) and AWS accepts that too, so the unquoted key is accepted as well.
 * Returns the status code, or undefined when the template is anything else (VTL directives, variables, no status).
 */
export function mockStatusFromTemplate(template: string): number | undefined {
  const text = template.trim();
  if (!isStaticTemplate(text)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const lenient = /^\{\s*statusCode\s*:\s*(\d+)\s*\}$/.exec(text);
    return lenient ? validStatus(Number(lenient[1])) : undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  return validStatus((parsed as { statusCode?: unknown }).statusCode);
}

function validStatus(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 100 && value <= 599 ? value : undefined;
}

/** `$` and `#` start VTL references and directives; a template with neither renders as itself. */
export function isStaticTemplate(template: string): boolean {
  return !template.includes('$') && !template.includes('#');
}
