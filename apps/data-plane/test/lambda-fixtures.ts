import { fileURLToPath } from 'node:url';
import type { ConfigDocument } from '@portico/contracts';
import type { MethodSpec } from './support/pipeline-fixtures.js';

/** The example functions (examples/functions), served as local functions. */
export const functionsDir = fileURLToPath(new URL('../../../examples/functions', import.meta.url));

export function lambdaUri(functionRef: string): string {
  return `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${functionRef}/invocations`;
}

/** An AWS_PROXY method invoking `functionRef` (`name`, `name:alias`, `${stageVariables.fn}`). */
export function lambdaProxy(functionRef: string, extra: Record<string, unknown> = {}): MethodSpec {
  return { methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri(functionRef), ...extra } };
}

/** An AWS (non-proxy) method invoking `functionRef`, with its templates and integration responses. */
export function lambdaAws(functionRef: string, extra: Record<string, unknown> = {}): MethodSpec {
  return {
    methodIntegration: {
      type: 'AWS',
      httpMethod: 'POST',
      uri: lambdaUri(functionRef),
      integrationResponses: { '200': { statusCode: '200' } },
      ...extra,
    },
  };
}

/** Sets API-level fields the compact fixture builder leaves at their defaults. */
export function withApiSettings(doc: ConfigDocument, settings: { binaryMediaTypes?: string[]; operationNames?: Record<string, string> }): ConfigDocument {
  for (const snapshot of Object.values(doc.deployments)) {
    if (settings.binaryMediaTypes) snapshot.api.binaryMediaTypes = settings.binaryMediaTypes;
    for (const resource of snapshot.resources) {
      for (const [verb, method] of Object.entries(resource.resourceMethods)) {
        const name = settings.operationNames?.[`${verb} ${resource.path}`];
        if (name) method.operationName = name;
      }
    }
  }
  return doc;
}
