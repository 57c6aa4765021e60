import { badRequest } from '@portico/contracts';
import { checkLength } from './v2-validation.js';

/**
 * WebSocket selection expressions (spec aws-apigatewayv2-websocket.md §2): static text with variables `$a.b` or
 * `${a.b}`; `\$` escapes a literal dollar. `sources` are the variable prefixes the member accepts (e.g.
 * `request.body` for a route selection). `$default` alone is always allowed. Unknown variables are refused at
 * configuration time [I], so that a typo is not a silently empty selection on the data plane.
 */
export function checkSelectionExpression(expression: string, member: string, sources: readonly string[]): void {
  checkLength(expression, 1, 1024, member);
  if (expression === '$default') return;
  const unescaped = expression.replace(/\\\$/g, '');
  const variables = [...unescaped.matchAll(/\$\{([^}]*)\}|\$([A-Za-z0-9_.\-[\]'"*]+)/g)].map((m) => m[1] ?? m[2] ?? '');
  if (unescaped.replace(/\$\{[^}]*\}|\$[A-Za-z0-9_.\-[\]'"*]+/g, '').includes('$')) throw badRequest(`Invalid ${member} specified: ${expression}`);
  for (const variable of variables) {
    if (!sources.some((source) => variable === source || variable.startsWith(`${source}.`) || variable.startsWith(`${source}[`))) {
      throw badRequest(`Invalid ${member} specified: ${expression}. Supported variables: ${sources.map((s) => `$${s}`).join(', ')}`);
    }
  }
}

/** `Api.routeSelectionExpression` selects on the message body (spec §2). */
export const ROUTE_SELECTION_SOURCES = ['request.body'] as const;
/** `Integration.templateSelectionExpression` and `Route.modelSelectionExpression`. */
export const REQUEST_BODY_SOURCES = ['request.body'] as const;
/** `IntegrationResponse.templateSelectionExpression`. */
export const INTEGRATION_RESPONSE_TEMPLATE_SOURCES = ['request.body', 'integration.response.statuscode', 'integration.response.header', 'integration.response.multivalueheader'] as const;
