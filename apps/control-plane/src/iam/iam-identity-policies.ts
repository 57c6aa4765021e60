import { compilePolicy, parsePolicy, type CompiledPolicy } from '@portico/engine-policy';
import type { Db } from '../common/lookups.js';
import { identityPolicyDocuments } from './iam-principals.js';
import type { QueryCaller } from './query-caller.js';

/** The caller's identity policies, compiled (control-plane calls are rare: compiled per call). */
export async function callerIdentityPolicies(prisma: Db, caller: QueryCaller): Promise<CompiledPolicy[]> {
  let documents: string[] = [];
  if (caller.userKey) documents = await identityPolicyDocuments(prisma, caller.accountId, 'user', caller.userKey);
  else if (caller.roleKey) documents = await identityPolicyDocuments(prisma, caller.accountId, 'role', caller.roleKey);
  const compiled: CompiledPolicy[] = [];
  for (const document of documents) {
    const parsed = parsePolicy(document, 'identity');
    if (parsed.ok) compiled.push(compilePolicy(parsed.policy));
  }
  return compiled;
}
