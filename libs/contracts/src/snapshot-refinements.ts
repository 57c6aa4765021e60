import type { z } from 'zod';

/**
 * Checks the HTTP and WebSocket API snapshots share. The control plane refuses dangling references at write time;
 * a snapshot that still has one was not built by it, and a data plane must not half-serve it.
 */

/** Route keys are unique and every target names an integration of the snapshot; `each` adds a route's own checks. */
export function refineRoutes<R extends { routeKey: string; target?: string }>(
  routes: readonly R[],
  integrationIds: ReadonlySet<string>,
  ctx: z.RefinementCtx,
  each: (route: R, index: number) => void,
): void {
  const routeKeys = new Set<string>();
  routes.forEach((route, index) => {
    if (routeKeys.has(route.routeKey)) {
      ctx.addIssue({ code: 'custom', path: ['routes', index, 'routeKey'], message: `duplicate route key ${route.routeKey}` });
    }
    routeKeys.add(route.routeKey);
    if (route.target !== undefined && !integrationIds.has(route.target.slice('integrations/'.length))) {
      ctx.addIssue({ code: 'custom', path: ['routes', index, 'target'], message: `no integration ${route.target}` });
    }
    each(route, index);
  });
}

/** An API's per-stage snapshots name each stage once. */
export function refineUniqueStageNames(stages: readonly { stage: { stageName: string } }[], ctx: z.RefinementCtx): void {
  const names = new Set<string>();
  stages.forEach((snapshot, i) => {
    if (names.has(snapshot.stage.stageName)) ctx.addIssue({ code: 'custom', path: ['stages', i, 'stage', 'stageName'], message: `duplicate stage ${snapshot.stage.stageName}` });
    names.add(snapshot.stage.stageName);
  });
}
