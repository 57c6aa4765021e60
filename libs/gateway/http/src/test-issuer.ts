import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A real local OpenID Connect issuer for tests: discovery document and JWKS over http, RS256 keys made by jose,
 * tokens signed with them. `rotate()` replaces the signing key (the old one leaves the JWKS).
 */
export class TestIssuer {
  private server: Server | undefined;
  private key!: { kid: string; privateKey: CryptoKey; jwk: JWK };
  private counter = 0;
  issuer = '';
  jwksFetches = 0;

  static async start(): Promise<TestIssuer> {
    const issuer = new TestIssuer();
    await issuer.rotate();
    issuer.server = createServer((req, res) => {
      if (req.url === '/.well-known/openid-configuration') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: issuer.issuer, jwks_uri: `${issuer.issuer}/jwks.json` }));
      } else if (req.url === '/jwks.json') {
        issuer.jwksFetches++;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [issuer.key.jwk] }));
      } else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => issuer.server!.listen(0, '127.0.0.1', resolve));
    issuer.issuer = `http://127.0.0.1:${(issuer.server.address() as { port: number }).port}`;
    return issuer;
  }

  async rotate(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    const kid = `key-${++this.counter}`;
    this.key = { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  }

  /** A token of this issuer; `claims` override the defaults (aud `client-1`, one hour of validity). */
  sign(claims: Record<string, unknown> = {}, options: { issuer?: string; expiresIn?: number | string } = {}): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: 'user-1', aud: 'client-1', iat: now, ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: this.key.kid })
      .setIssuer(options.issuer ?? this.issuer)
      .setExpirationTime(options.expiresIn ?? now + 3600)
      .sign(this.key.privateKey);
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
