import type { DeploymentSnapshot } from '@portico/contracts';
import { checkDeployment, type DeploymentCheckOptions } from '@portico/gateway-rest';

/** At most this many problems are named in the answer (the rest are counted). */
const SHOWN = 5;

/**
 * CreateDeployment's last check: the snapshot compiled by @portico/gateway-rest, the compiler data planes serve it
 * with. Undefined when every method would be served; else the BadRequestException message naming what a data
 * plane would refuse (it would answer those methods with a 500).
 */
export function checkWithServingCompiler(snapshot: DeploymentSnapshot, options: DeploymentCheckOptions): string | undefined {
  const problems = checkDeployment(snapshot, options);
  if (problems.length === 0) return undefined;
  const more = problems.length > SHOWN ? ` (and ${problems.length - SHOWN} more)` : '';
  return `Invalid deployment content specified. A data plane would refuse to serve it: ${problems.slice(0, SHOWN).join('; ')}${more}`;
}
