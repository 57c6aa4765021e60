import { Gauge, type Registry } from 'prom-client';
import type { VpcLinkHealthChecker } from './vpc-link-health.js';

/**
 * `portico_vpc_link_target_healthy{vpc_link_id,target}`: 1 while a VPC link target passes its health checks, 0 while
 * it is marked down; read from the checker at scrape time, so that links gone from the config leave no series.
 */
export function registerVpcLinkMetrics(registry: Registry, checker: VpcLinkHealthChecker): void {
  const gauge: Gauge<'vpc_link_id' | 'target'> = new Gauge({
    name: 'portico_vpc_link_target_healthy',
    help: 'VPC link targets: 1 while the target passes its health checks (requests are sent to it), 0 while marked down.',
    labelNames: ['vpc_link_id', 'target'],
    registers: [registry],
    collect() {
      gauge.reset();
      for (const { vpcLinkId, target, healthy } of checker.targets()) gauge.labels(vpcLinkId, target).set(healthy ? 1 : 0);
    },
  });
}
