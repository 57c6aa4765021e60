export { buildRequest, buildTokenRequest } from './request-builders.js';
export type { RequestOptions } from './request-builders.js';
export { createTestContext, staticHttpClient, hangingHttpClient } from './test-context.js';
export type { LogEntry, StaticResponse, TestContext, TestContextOptions } from './test-context.js';
export { expectConfigAccepted, expectConfigRejected } from './config-assertions.js';
export { createInstance, runAuthorize } from './run-authorize.js';
export { checkConformance, conformanceSuite } from './conformance.js';
export type { ConformanceOptions, ConformanceResult, TestRunner } from './conformance.js';
