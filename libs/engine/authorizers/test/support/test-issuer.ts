import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** An RSA key pair with a kid, generated in the test. */
export interface TestKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function generateTestKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** Signs a compact JWS. `alg` other than RS256 builds the classic attacks (none, HS256 keyed with the public key). */
export function signToken(payload: Record<string, unknown>, key: TestKey, options: { alg?: string; kid?: string; hmacSecret?: Buffer } = {}): string {
  const alg = options.alg ?? 'RS256';
  const header = { alg, typ: 'JWT', kid: options.kid ?? key.kid };
  const data = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  if (alg === 'none') return `${data}.`;
  if (alg === 'HS256') return `${data}.${b64url(createHmac('sha256', options.hmacSecret ?? Buffer.alloc(32)).update(data).digest())}`;
  return `${data}.${b64url(sign('sha256', Buffer.from(data), key.privateKey))}`;
}

/**
 * A local identity provider on 127.0.0.1: `/{pool}/.well-known/jwks.json` (Cognito's layout) and
 * `/{pool}/.well-known/openid-configuration` (OIDC discovery). Counts key-set fetches.
 */
export class TestIssuer {
  keys: TestKey[] = [];
  jwksFetches = 0;
  available = true;
  private server: Server | undefined;
  private baseUrl = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (!this.available) return void res.writeHead(503).end();
      if (url.endsWith('/.well-known/jwks.json')) {
        this.jwksFetches += 1;
        const keys = this.keys.map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, use: 'sig', alg: 'RS256' }));
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
      }
      if (url.endsWith('/.well-known/openid-configuration')) {
        const issuer = `${this.baseUrl}${url.slice(0, -'/.well-known/openid-configuration'.length)}`;
        return void res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ issuer, jwks_uri: `${issuer}/.well-known/jwks.json` }));
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.baseUrl = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  /** The endpoint to use as PORTICO_COGNITO_IDP_ENDPOINT. */
  get endpoint(): string {
    return this.baseUrl;
  }

  issuer(pool: string): string {
    return `${this.baseUrl}/${pool}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
