import type { IamConfig } from '@portico/contracts';
import { compileCidrs, compilePolicy, parsePolicy, type Caller, type CompiledPolicy } from '@portico/engine-policy';
import type { DerivedKeyCredential, SigningCredential } from '@portico/engine-sigv4';

/** An authenticated principal with its identity policies, compiled once per config revision. */
export interface CompiledPrincipal {
  readonly caller: Caller;
  readonly policies: readonly CompiledPolicy[];
  /** Some policy reads condition keys or variables: evaluation needs a request context. */
  readonly usesContext: boolean;
}

/** What a verified SigV4 credential carries back (`credential.principal`). */
export interface IamCredential extends DerivedKeyCredential {
  readonly principal: CompiledPrincipal;
  readonly sessionToken?: string;
  /** Epoch milliseconds; temporary credentials only. */
  readonly expiresAt: number | undefined;
}

/** A Portico VPC endpoint: requests from its CIDR ranges arrive "through" it. */
export interface NetworkSource {
  readonly vpceId: string;
  readonly vpcId: string;
}

interface CompiledEndpoint extends NetworkSource {
  readonly contains: (address: string) => boolean;
}

/**
 * The config document's IAM part, compiled once per revision: access keys → derived signing keys and principal
 * (no secret is ever present), identity policies parsed and compiled, VPC endpoints as CIDR matchers.
 */
export class IamDirectory {
  private constructor(
    private readonly credentials: ReadonlyMap<string, IamCredential>,
    private readonly endpoints: readonly CompiledEndpoint[],
  ) {}

  static compile(config: IamConfig, region: string, warnings: string[]): IamDirectory {
    const principals = new Map<string, CompiledPrincipal>();
    for (const [arn, p] of Object.entries(config.principals)) {
      const policies: CompiledPolicy[] = [];
      for (const document of p.policies) {
        const parsed = parsePolicy(document, 'identity');
        // Security: a policy that no longer parses grants nothing (fail closed); the control plane validated it.
        if (parsed.ok) policies.push(compilePolicy(parsed.policy));
        else warnings.push(`IAM principal ${arn}: an identity policy does not parse (${parsed.message}); it is ignored`);
      }
      const caller: Caller = { arn: p.arn, principalArn: p.principalArn, accountId: p.accountId, userId: p.userId, type: p.type, username: p.username, tags: p.tags };
      principals.set(arn, { caller, policies, usesContext: policies.some((policy) => policy.usesContext) });
    }
    const credentials = new Map<string, IamCredential>();
    for (const c of config.credentials) {
      const principal = principals.get(c.principal);
      if (!principal) continue;
      const keys = new Map(Object.entries(c.signingKeys).map(([day, hex]) => [day, Buffer.from(hex, 'hex')]));
      credentials.set(c.accessKeyId, {
        principal,
        ...(c.sessionToken !== undefined && { sessionToken: c.sessionToken }),
        expiresAt: c.expiration === undefined ? undefined : c.expiration * 1000,
        // Keys exist for execute-api in this region only: anything else fails like a wrong secret.
        signingKey: (day, keyRegion, service) => (keyRegion === region && service === 'execute-api' ? keys.get(day) : undefined),
      });
    }
    const endpoints = config.vpcEndpoints.map((e) => ({ vpceId: e.id, vpcId: e.vpcId, contains: compileCidrs(e.cidrs) }));
    return new IamDirectory(credentials, endpoints);
  }

  lookup = (accessKeyId: string): SigningCredential | undefined => this.credentials.get(accessKeyId);

  /** The VPC endpoint whose networks contain the client address (first match), if any. */
  networkOf(address: string): NetworkSource | undefined {
    for (const endpoint of this.endpoints) if (endpoint.contains(address)) return endpoint;
    return undefined;
  }
}
