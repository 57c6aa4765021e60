export { RouteDefinitionError, compileRouter, splitRequestPath } from './compile-router.js';
export type { RouteDefinition, RouteMatch, Router } from './compile-router.js';
