export { compileGateway } from './compile-gateway.js';
export type { CompiledGateway, GatewayOptions, RequestRecord } from './types.js';
export { resolveInvokeTarget } from './resolve-invoke-target.js';
export type { InvokeTarget } from './resolve-invoke-target.js';
export { formatRequestTime } from './request-time.js';
export type { AuthorizerOptions } from './authorization-step.js';
export { RequestTracer } from './request-trace.js';
