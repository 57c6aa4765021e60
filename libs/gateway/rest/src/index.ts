export { compileGateway } from './compile-gateway.js';
export type { CompiledGateway, GatewayOptions, RequestRecord } from './types.js';
export { resolveInvokeTarget } from './resolve-invoke-target.js';
export type { InvokeTarget } from './resolve-invoke-target.js';
export type { AuthorizerOptions } from './authorization-step.js';
export type { IamGatewayOptions } from './iam/access-guard.js';
export { RequestTracer } from './request-trace.js';
export { IamDirectory } from './iam/iam-directory.js';
export type { CompiledPrincipal, IamCredential } from './iam/iam-directory.js';
