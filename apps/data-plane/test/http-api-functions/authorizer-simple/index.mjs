import { randomUUID } from 'node:crypto';

// A payload 2.0 Lambda authorizer with simple responses: allows the token "allow"; `nonce` shows cache hits
// (a cached result carries the nonce of the invocation that made it).
export const handler = async (event) => ({
  isAuthorized: event.identitySource?.[0] === 'allow',
  context: { nonce: randomUUID(), routeArn: event.routeArn, version: event.version, count: 1, flag: true },
});
