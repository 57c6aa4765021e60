import type { FastifyRequest } from 'fastify';

/**
 * The admin request as the app's body parser leaves it: the exact bytes received (SigV4 hashes them) and,
 * when the body claimed to be JSON but did not parse, why — so that the error is reported after authentication.
 */
export interface AdminRequest extends FastifyRequest {
  rawBody?: Buffer;
  bodyError?: string;
}
