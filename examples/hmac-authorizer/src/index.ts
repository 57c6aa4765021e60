import { timingSafeEqual } from 'node:crypto';
import { allow, defineAuthorizer, deny, schema } from '@portico/plugin-sdk';
import { canonicalRequest, HEADERS, signature } from './canonical-request.js';

export { signRequest, canonicalRequest, HEADERS } from './canonical-request.js';

export const configSchema = schema.object({
  description: 'Accepts requests signed with HMAC over verb, path, date and key id',
  properties: {
    secret: schema.string({ description: 'Shared signing secret (at least 32 characters); put it in a stage variable', minLength: 32, writeOnly: true }),
    algorithm: schema.string({ description: 'HMAC digest', enum: ['sha256', 'sha512'], default: 'sha256' }),
    maxSkewSeconds: schema.integer({ description: 'How far the signed date may be from the gateway clock, in seconds', minimum: 1, maximum: 3600, default: 300 }),
    keyIdPattern: schema.string({ description: 'Regular expression key ids must match', format: 'regex', default: '^[A-Za-z0-9._-]{1,64}$' }),
  },
  required: ['secret'],
});

export default defineAuthorizer({
  name: 'hmac-authorizer',
  version: '1.0.0',
  sdk: '^1.0.0',
  description: 'HMAC-signed requests (x-portico-key-id, x-portico-date, x-portico-signature)',
  configSchema,
  create(config) {
    const keyIdPattern = new RegExp(config.keyIdPattern);
    const skewMs = config.maxSkewSeconds * 1000;
    return {
      authorize(request, ctx) {
        const keyId = request.headers[HEADERS.keyId];
        const date = request.headers[HEADERS.date];
        const given = request.headers[HEADERS.signature];
        if (!keyId || !date || !given) return deny(401, 'unsigned request');
        if (!keyIdPattern.test(keyId)) return deny(401, 'malformed key id');
        const signedAt = Date.parse(date);
        if (Number.isNaN(signedAt) || Math.abs(ctx.clock.now() - signedAt) > skewMs) return deny(401, 'signature date outside the allowed skew');

        const expected = Buffer.from(signature(config.secret, config.algorithm, canonicalRequest(request.httpMethod, request.path, date, keyId)), 'hex');
        const presented = Buffer.from(/^[0-9a-f]+$/i.test(given) ? given : '', 'hex');
        // Security: constant-time comparison, and lengths checked first (timingSafeEqual throws on a mismatch).
        if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return deny(401, 'bad signature');

        return allow({ principalId: keyId, context: { keyId, signedAt: new Date(signedAt).toISOString() } });
      },
    };
  },
});
