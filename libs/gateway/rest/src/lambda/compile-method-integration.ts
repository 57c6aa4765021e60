import type { MethodSnapshot } from '@portico/contracts';
import { compileIntegration, type CompileIntegrationResult } from '@portico/engine-integrations';
import type { LambdaCompileContext } from './lambda-compile-context.js';
import { compileLambdaIntegration } from './lambda-integration.js';
import { compileLambdaProxyIntegration } from './lambda-proxy-integration.js';

/**
 * One method's integration: Lambda types (AWS_PROXY, AWS) here, where the function runner is wired; the HTTP
 * types and MOCK in @portico/engine-integrations.
 */
export function compileMethodIntegration(method: MethodSnapshot, context: LambdaCompileContext): CompileIntegrationResult {
  const integration = method.methodIntegration;
  if (integration.connectionType === 'VPC_LINK') return compileIntegration(integration, context);
  switch (integration.type) {
    case 'AWS_PROXY':
      return compileLambdaProxyIntegration(integration, context, method.operationName);
    case 'AWS':
      return compileLambdaIntegration(integration, context);
    default:
      return compileIntegration(integration, context);
  }
}
