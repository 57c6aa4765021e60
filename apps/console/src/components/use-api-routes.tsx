import type { HttpAuthorizerWire, HttpIntegrationWire, HttpRouteWire, V2Page } from '@portico/admin-wire';
import { get, seg } from '../api';
import { RouteTargetSelect } from './route-target-select';
import { useLoad } from './use-load';

export const integrationLabel = (i: HttpIntegrationWire) => `${i.integrationType} ${i.integrationUri ?? ''} (${i.integrationId})`;

/**
 * What the routes tabs of HTTP and WebSocket APIs both load: a /v2 API's routes (each extended by `withRoute`,
 * e.g. with its route responses), its integrations as route targets, and its authorizers.
 */
export function useApiRoutes<R extends HttpRouteWire>(apiId: string, withRoute: (route: HttpRouteWire, routePath: string) => Promise<R>) {
  const base = `/v2/apis/${seg(apiId)}`;
  const routePath = (r: HttpRouteWire) => `${base}/routes/${seg(r.routeId)}`;
  const data = useLoad(async () => {
    const [routes, integrations, authorizers] = await Promise.all([
      get<V2Page<HttpRouteWire>>(`${base}/routes?maxResults=500`),
      get<V2Page<HttpIntegrationWire>>(`${base}/integrations?maxResults=500`),
      get<V2Page<HttpAuthorizerWire>>(`${base}/authorizers?maxResults=500`),
    ]);
    const rows = await Promise.all(routes.items.map((r) => withRoute(r, routePath(r))));
    return { routes: rows, integrations: integrations.items, authorizers: authorizers.items };
  }, [apiId]);
  const targets = (data.value?.integrations ?? []).map((i) => ({ value: `integrations/${i.integrationId}`, label: integrationLabel(i) }));
  /** The route key and target columns every routes table starts with (the target changed in place). */
  const leadingColumns = (run: (action: () => Promise<unknown>) => Promise<boolean>, width: number) => [
    { header: 'Route key', cell: (r: R) => <code>{r.routeKey}</code> },
    { header: 'Target', cell: (r: R) => <RouteTargetSelect route={r} routePath={routePath(r)} targets={targets} run={run} reload={data.reload} width={width} /> },
  ];
  return { base, routePath, data, targets, leadingColumns };
}
