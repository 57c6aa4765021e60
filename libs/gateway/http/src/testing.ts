// Test helpers for suites of other projects (`@portico/gateway-http/testing`); not part of the build.
export { TestIssuer } from './test-issuer.js';
