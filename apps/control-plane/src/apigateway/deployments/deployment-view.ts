import type { Deployment } from '@portico/db';
import { toEpochSeconds } from '../../common/epoch.js';

/** A Deployment as the admin API returns it (spec §1.3); `apiSummary` only with `embed=apisummary`. */
export interface DeploymentView {
  id: string;
  description?: string;
  createdDate: number;
  apiSummary?: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>>;
}

export function toDeploymentView(deployment: Pick<Deployment, 'id' | 'description' | 'createdDate'>): DeploymentView {
  const view: DeploymentView = { id: deployment.id, createdDate: toEpochSeconds(deployment.createdDate) };
  if (deployment.description !== null) view.description = deployment.description;
  return view;
}
