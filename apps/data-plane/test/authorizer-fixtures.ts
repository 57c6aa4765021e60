import { createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthorizerSnapshot, ConfigDocument } from '@portico/contracts';

const b64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

export interface SigningKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export function signingKey(kid: string): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

/** A compact JWS signed in the test; `alg` none / HS256 (keyed with `hmacSecret`) build the classic attacks. */
export function jwt(claims: Record<string, unknown>, key: SigningKey, options: { alg?: string; kid?: string; hmacSecret?: Buffer } = {}): string {
  const alg = options.alg ?? 'RS256';
  const data = `${b64url(JSON.stringify({ alg, typ: 'JWT', kid: options.kid ?? key.kid }))}.${b64url(JSON.stringify(claims))}`;
  if (alg === 'none') return `${data}.`;
  if (alg === 'HS256') return `${data}.${b64url(createHmac('sha256', options.hmacSecret ?? Buffer.alloc(32)).update(data).digest())}`;
  return `${data}.${b64url(sign('sha256', Buffer.from(data), key.privateKey))}`;
}

/** A Cognito-shaped identity provider on 127.0.0.1 serving `/{pool}/.well-known/jwks.json`; counts fetches. */
export class JwksServer {
  keys: SigningKey[] = [];
  fetches = 0;
  private server: Server | undefined;
  endpoint = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (!req.url?.endsWith('/.well-known/jwks.json')) return void res.writeHead(404).end();
      this.fetches += 1;
      const keys = this.keys.map((k) => ({ ...k.publicKey.export({ format: 'jwk' }), kid: k.kid, use: 'sig', alg: 'RS256' }));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.endpoint = `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** How one method is protected: `VERB /path` → authorizer and scopes. */
export type MethodAuthorization = Record<string, { authorizationType: 'CUSTOM' | 'COGNITO_USER_POOLS'; authorizerId: string; authorizationScopes?: string[] }>;

/** Adds authorizers to every deployment of a document built by `configDocument`, and points methods at them. */
export function withAuthorizers(doc: ConfigDocument, authorizers: Array<Partial<AuthorizerSnapshot> & { id: string; type: AuthorizerSnapshot['type'] }>, methods: MethodAuthorization): ConfigDocument {
  for (const snapshot of Object.values(doc.deployments)) {
    snapshot.authorizers = authorizers.map((a) => ({ name: a.id, providerARNs: [], authorizerResultTtlInSeconds: 300, ...a }));
    for (const resource of snapshot.resources) {
      for (const [verb, method] of Object.entries(resource.resourceMethods)) {
        const auth = methods[`${verb} ${resource.path}`];
        if (!auth) continue;
        method.authorizationType = auth.authorizationType;
        method.authorizerId = auth.authorizerId;
        method.authorizationScopes = auth.authorizationScopes ?? [];
      }
    }
  }
  return doc;
}

/** An HTTP_PROXY method to `url` that forwards `$context.authorizer.<name>` values as `x-auth-<name>` headers. */
export function proxyWithAuthorizerHeaders(url: string, names: string[]) {
  return {
    methodIntegration: {
      type: 'HTTP_PROXY',
      httpMethod: 'GET',
      uri: url,
      requestParameters: Object.fromEntries(names.map((name) => [`integration.request.header.x-auth-${name.replace(/[^a-zA-Z0-9]/g, '-')}`, `context.authorizer.${name}`])),
    },
  };
}
