// Generates the Prisma client into libs/db/src/generated/prisma. Prisma's CLI wants to download its native
// schema engine before doing anything, and that download host is unreachable on our machines; generating needs
// no native engine, so point the CLI at any existing file to stop the download (see README "Database").
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const dbRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const prismaCli = join(dirname(require.resolve('prisma/package.json')), 'build', 'index.js');
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const result = spawnSync(process.execPath, [prismaCli, 'generate'], { cwd: dbRoot, env, stdio: 'inherit' });
process.exit(result.status ?? 1);
