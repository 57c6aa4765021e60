import type { IncomingMessage, ServerResponse } from 'node:http';
import { rawHeader, type CompiledGateway, type CustomDomains } from '@portico/gateway-core';

/**
 * The invoke path's custom domains: a request whose Host is one is resolved once, here, to the API and stage its
 * mapping names, and dispatched by that API's id to the protocol that serves it (REST, HTTP, or the @connections
 * API of a WebSocket API; WebSocket handshakes resolve through the same table in the WebSocket runtime). Any other
 * request, and one to a domain whose mappings do not match, goes on as before (the execute-api forms; 403).
 */
export function serveCustomDomains(inner: CompiledGateway, domains: CustomDomains): CompiledGateway {
  if (domains.size === 0) return inner;
  return {
    revision: inner.revision,
    warnings: inner.warnings,
    handle(req: IncomingMessage, res: ServerResponse) {
      const target = domains.resolve(rawHeader(req.rawHeaders, 'host'), req.url ?? '/');
      if (!target || !inner.serveMapped?.(target, req, res)) inner.handle(req, res);
    },
    close: () => inner.close(),
  };
}
