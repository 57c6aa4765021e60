/**
 * Deployment vs stage: a stage is a name with its settings; what it serves is a deployment, compiled for that
 * stage. API Gateway lets a stage send a share of its traffic to a canary deployment (`canarySettings`:
 * `deploymentId`, `percentTraffic`, stage-variable overrides), drawn per request as AWS does; this is the seam
 * for it. A stage without a canary (or at 0 %) costs a field read in `pick`.
 */
export interface CanaryDeployment<D> {
  readonly deployment: D;
  /** 0–100: the share of the stage's requests the canary serves. */
  readonly percentTraffic: number;
}

export class StageDeployments<D> {
  private readonly canaryShare: number;

  constructor(
    readonly primary: D,
    readonly canary?: CanaryDeployment<D>,
  ) {
    this.canaryShare = canary ? Math.min(Math.max(canary.percentTraffic, 0), 100) / 100 : 0;
  }

  /** The deployment one request runs on; `random` is a draw in [0, 1). */
  pick(random: () => number = Math.random): D {
    if (this.canaryShare === 0 || !this.canary) return this.primary;
    return random() < this.canaryShare ? this.canary.deployment : this.primary;
  }

  /** Every deployment of the stage (to close them with the config revision). */
  all(): D[] {
    return this.canary ? [this.primary, this.canary.deployment] : [this.primary];
  }
}
