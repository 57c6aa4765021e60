import type { IntegrationSnapshot } from '@portico/contracts';
import type { IntegrationCompileContext } from './compile-context.js';
import { compileHttpIntegration } from './http-integration.js';
import { compileHttpProxyIntegration } from './http-proxy-integration.js';
import { compileMockIntegration } from './mock-integration.js';
import type { CompileIntegrationResult } from './types.js';

/**
 * Compiles one method's integration, once per config and stage. A value, never a throw: an integration that
 * cannot be served says why, and the caller keeps serving the rest of the API.
 */
export function compileIntegration(integration: IntegrationSnapshot, context: IntegrationCompileContext): CompileIntegrationResult {
  if (integration.connectionType === 'VPC_LINK' && integration.type !== 'HTTP' && integration.type !== 'HTTP_PROXY') {
    return { ok: false, reason: `VPC_LINK connections are for HTTP and HTTP_PROXY integrations, not ${integration.type}` };
  }
  switch (integration.type) {
    case 'HTTP_PROXY':
      return compileHttpProxyIntegration(integration, context);
    case 'HTTP':
      return compileHttpIntegration(integration, context);
    case 'MOCK':
      return compileMockIntegration(integration, context);
    default:
      return { ok: false, reason: `${integration.type} integrations are not supported yet` };
  }
}
