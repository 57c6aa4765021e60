import type { PluginHttpClient } from '@portico/plugin-sdk';

// arn:aws:cognito-idp:{region}:{account}:userpool/{region}_{id}
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9A-Za-z]+)$/;

/** Where an identity provider's tokens come from and where its keys are. */
export interface IssuerSource {
  /** The exact `iss` claim its tokens carry. */
  readonly issuer: string;
  /** Finds the JWKS URL: fixed for Cognito pools, through OIDC discovery for other issuers. */
  readonly jwksUri: () => Promise<string>;
}

export type ResolveIssuerResult = { readonly ok: true; readonly source: IssuerSource } | { readonly ok: false; readonly reason: string };

/**
 * A provider is a Cognito user pool ARN or an OIDC issuer URL (Keycloak, Auth0, Dex, …).
 * - Pool ARN: issuer `https://cognito-idp.{region}.amazonaws.com/{poolId}`, or `{cognitoEndpoint}/{poolId}` when a
 *   self-hosted Cognito-compatible endpoint is configured (PORTICO_COGNITO_IDP_ENDPOINT); keys at
 *   `{issuer}/.well-known/jwks.json`.
 * - Issuer URL: keys at the `jwks_uri` of `{issuer}/.well-known/openid-configuration`.
 */
export function resolveIssuer(provider: string, http: PluginHttpClient, cognitoEndpoint?: string, discoveryTimeoutMs = 5000): ResolveIssuerResult {
  const pool = USER_POOL_ARN.exec(provider);
  if (pool) {
    const base = (cognitoEndpoint ?? `https://cognito-idp.${pool[1]}.amazonaws.com`).replace(/\/+$/, '');
    const issuer = `${base}/${pool[3]}`;
    const jwks = `${issuer}/.well-known/jwks.json`;
    return { ok: true, source: { issuer, jwksUri: async () => jwks } };
  }
  if (/^https?:\/\//.test(provider) && URL.canParse(provider)) {
    const issuer = provider.replace(/\/+$/, '');
    const discovery = `${issuer}/.well-known/openid-configuration`;
    return {
      ok: true,
      source: {
        issuer,
        async jwksUri() {
          const response = await http.request(discovery, { timeoutMs: discoveryTimeoutMs, headers: { accept: 'application/json' } });
          if (response.status !== 200) throw new Error(`OIDC discovery ${discovery} answered ${response.status}`);
          const document = (await response.json()) as { jwks_uri?: unknown };
          if (typeof document.jwks_uri !== 'string' || !URL.canParse(document.jwks_uri)) throw new Error(`OIDC discovery ${discovery} has no jwks_uri`);
          return document.jwks_uri;
        },
      },
    };
  }
  return { ok: false, reason: `provider ${JSON.stringify(provider)} is neither a Cognito user pool ARN nor an issuer URL` };
}
