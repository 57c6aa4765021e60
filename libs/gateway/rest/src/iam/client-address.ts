import { compileCidrs } from '@portico/engine-policy';

/**
 * The client's address. The TCP peer, unless it is one of the configured trusted proxies: then the rightmost
 * X-Forwarded-For entry that is not a trusted proxy (entries left of it could be forged by the client).
 * Security: without trusted proxies X-Forwarded-For is ignored, as AWS's aws:SourceIp is the TCP peer.
 */
export function compileClientAddress(trustedProxies: readonly string[]): (peer: string, forwardedFor: string | string[] | undefined) => string {
  if (trustedProxies.length === 0) return (peer) => peer;
  const trusted = compileCidrs(trustedProxies);
  return (peer, forwardedFor) => {
    if (!trusted(peer) || forwardedFor === undefined) return peer;
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor).split(',').map((h) => h.trim()).filter((h) => h !== '');
    for (let i = hops.length - 1; i >= 0; i--) {
      if (!trusted(hops[i])) return hops[i];
    }
    return hops[0] ?? peer;
  };
}
