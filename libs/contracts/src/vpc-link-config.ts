import { z } from 'zod';

/**
 * A REST VPC link as data planes serve it: the backend targets its `targetArns` resolve to (`host:port` entries, or
 * an NLB ARN's `portico:targets` tag), resolved by the control plane. Data planes health-check every target and
 * send a `VPC_LINK` integration's requests round-robin to the healthy ones.
 */
export const vpcLinkConfigSchema = z.object({
  id: z.string(),
  targets: z.array(z.object({ host: z.string().min(1), port: z.number().int().min(1).max(65535) })),
});
export type VpcLinkConfig = z.infer<typeof vpcLinkConfigSchema>;
