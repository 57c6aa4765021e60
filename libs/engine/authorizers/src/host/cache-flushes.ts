/**
 * FlushStageAuthorizersCache on the data plane: compiled stages register how to drop their cached authorizer
 * results, and the flush signal (a Redis message from the control plane) reaches them by API and stage.
 */
export class AuthorizerCacheFlushes {
  private readonly listeners = new Map<string, Set<() => void>>();

  /** Registers `flush` for a stage; returns the unregister function (call it when the config revision retires). */
  on(apiId: string, stageName: string, flush: () => void): () => void {
    const key = `${apiId}\u0000${stageName}`;
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(flush);
    return () => {
      set.delete(flush);
      if (set.size === 0) this.listeners.delete(key);
    };
  }

  /** Drops the stage's cached results in every live config revision; returns how many authorizer sets were flushed. */
  flush(apiId: string, stageName: string): number {
    const set = this.listeners.get(`${apiId}\u0000${stageName}`);
    for (const flush of set ?? []) flush();
    return set?.size ?? 0;
  }
}
