import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';

/**
 * The console's headers. Security: scripts only from this origin (no inline script, no eval), requests only to
 * this origin (the admin API), no framing (clickjacking), no referrer leaking API ids. Styles allow inline because
 * the component library sets CSS variables at run time; styles cannot run code.
 */
export const CONSOLE_SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** Where `npm run build` puts the console, seen from this file (src/ in tests, dist/ when built). */
export function defaultConsoleDir(): string {
  return fileURLToPath(new URL('../../../../console/dist', import.meta.url));
}

/**
 * Serves the built console under `/console/` from memory (read once at start-up: a few files, a few hundred KB).
 * Unknown paths under /console/ get index.html, so a reload on any console URL works. Without a build, /console
 * says how to make one. These routes sit outside the admin guard: static files carry no data; every call the
 * console makes goes through the guard with its session token.
 */
export function registerConsole(fastify: FastifyInstance, dir: string): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  if (existsSync(join(dir, 'index.html'))) {
    const walk = (folder: string): void => {
      for (const name of readdirSync(folder)) {
        const full = join(folder, name);
        if (statSync(full).isDirectory()) walk(full);
        else files.set(relative(dir, full).split(sep).join('/'), { body: readFileSync(full), type: TYPES[extname(name)] ?? 'application/octet-stream' });
      }
    };
    walk(dir);
  }
  const send = (reply: FastifyReply, path: string): FastifyReply => {
    const file = files.get(path) ?? files.get('index.html');
    if (!file) {
      return reply.status(404).header('content-type', 'text/plain; charset=utf-8').send(`The console is not built (looked in ${dir}): run \`npm run build\`.\n`);
    }
    const hashed = path.startsWith('assets/') && files.has(path);
    return reply
      .headers(CONSOLE_SECURITY_HEADERS)
      .header('content-type', file.type)
      .header('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      .send(file.body);
  };
  fastify.get('/console', (_request, reply) => reply.redirect('/console/', 302));
  fastify.get('/console/', (_request, reply) => send(reply, 'index.html'));
  fastify.get('/console/*', (request, reply) => send(reply, (request.params as { '*': string })['*']));
}
