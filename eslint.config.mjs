import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Two tag axes (STYLE.md §4): `type:` says what a project is, `scope:` which plane it belongs to.
const depConstraints = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:gateway', 'type:engine', 'type:contract', 'type:adapter', 'type:sdk', 'type:util'] },
  {
    // A gateway binding (libs/gateway/rest, …) compiles a protocol's configs into steps over the engine and its
    // adapters; like the engine it is plain TypeScript, which the control plane can run at deploy time too.
    sourceTag: 'type:gateway',
    onlyDependOnLibsWithTags: ['type:gateway', 'type:engine', 'type:adapter', 'type:contract', 'type:sdk', 'type:util'],
    bannedExternalImports: ['@nestjs/*', '@prisma/*', 'prisma', 'ioredis', 'fastify', 'pg', '@electric-sql/*'],
  },
  { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: ['type:engine', 'type:contract', 'type:sdk', 'type:util'] },
  {
    sourceTag: 'type:engine',
    onlyDependOnLibsWithTags: ['type:engine', 'type:contract', 'type:sdk', 'type:util'],
    // Engine code is plain TypeScript: no framework, no database, no Redis client.
    bannedExternalImports: ['@nestjs/*', '@prisma/*', 'prisma', 'ioredis', 'fastify', 'pg', '@electric-sql/*'],
  },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'ioredis'] },
  { sourceTag: 'type:sdk', onlyDependOnLibsWithTags: [], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'ioredis'] },
  { sourceTag: 'type:plugin', onlyDependOnLibsWithTags: ['type:sdk'] },
  { sourceTag: 'scope:control-plane', onlyDependOnLibsWithTags: ['scope:control-plane', 'scope:shared', 'scope:sdk'] },
  {
    sourceTag: 'scope:data-plane',
    onlyDependOnLibsWithTags: ['scope:data-plane', 'scope:shared', 'scope:sdk'],
    // The data plane never reads Postgres: it serves from the config document.
    bannedExternalImports: ['@prisma/*', 'prisma', 'pg', '@electric-sql/*'],
  },
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', 'scope:sdk'] },
  { sourceTag: 'scope:sdk', onlyDependOnLibsWithTags: ['scope:sdk'] },
  { sourceTag: 'scope:examples', onlyDependOnLibsWithTags: ['scope:sdk'] },
  // The console is browser code: it shares the admin wire types and nothing that runs on a server.
  { sourceTag: 'scope:console', onlyDependOnLibsWithTags: ['scope:shared'], bannedExternalImports: ['@nestjs/*', '@prisma/*', 'prisma', 'ioredis', 'fastify', 'pg', 'node:*'] },
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/generated/**', 'reports/**', '.portico/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', performance: 'readonly' } },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: [], enforceBuildableLibDependency: false, depConstraints }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    files: ['apps/console/src/**/*.ts', 'apps/console/src/**/*.tsx'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', sessionStorage: 'readonly', localStorage: 'readonly', HTMLElement: 'readonly' } },
  },
);
