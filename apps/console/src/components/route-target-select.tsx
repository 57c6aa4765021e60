import { Select } from '@mantine/core';
import type { HttpRouteWire } from '@portico/admin-wire';
import { send } from '../api';

/**
 * A /v2 route's target, changed in place (UpdateRoute `target`, `''` to clear it): the routes tables of HTTP and
 * WebSocket APIs both use it. `run` is the page's action (its progress and error), `reload` refreshes the list.
 */
export function RouteTargetSelect({
  route,
  routePath,
  targets,
  run,
  reload,
  width,
}: {
  route: HttpRouteWire;
  routePath: string;
  targets: { value: string; label: string }[];
  run: (action: () => Promise<unknown>) => Promise<boolean>;
  reload: () => void;
  width: number;
}) {
  return (
    <Select
      aria-label={`Target of ${route.routeKey}`}
      data={targets}
      value={route.target ?? null}
      placeholder="none"
      clearable
      onChange={(v) =>
        void run(async () => {
          await send('PATCH', routePath, { target: v ?? '' });
          reload();
        })
      }
      w={width}
    />
  );
}
