/**
 * Verified tokens by verification settings (issuer and audience, or an authorizer instance), then token; bounded,
 * oldest out first. An entry lives until its `expiresAt`. Two levels so that a lookup hashes the token once,
 * with no key string built per request. Used by the REST Cognito authorizer and HTTP APIs' JWT authorizers.
 */
export class VerifiedTokenCache<T extends { readonly expiresAt: number }> {
  private readonly bySettings = new Map<string, Map<string, T>>();
  private size = 0;

  constructor(private readonly maxEntries = 10_000) {}

  get(settings: string, token: string, now: number): T | undefined {
    const tokens = this.bySettings.get(settings);
    const entry = tokens?.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      tokens!.delete(token);
      this.size--;
      return undefined;
    }
    return entry;
  }

  set(settings: string, token: string, entry: T): void {
    let tokens = this.bySettings.get(settings);
    if (!tokens) this.bySettings.set(settings, (tokens = new Map()));
    if (this.size >= this.maxEntries) {
      // Map keeps insertion order: the oldest entry of the first settings goes.
      for (const [key, map] of this.bySettings) {
        const oldest = map.keys().next();
        if (!oldest.done) {
          map.delete(oldest.value);
          this.size--;
          break;
        }
        this.bySettings.delete(key);
      }
    }
    if (!tokens.has(token)) this.size++;
    tokens.set(token, entry);
  }
}
