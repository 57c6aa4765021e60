/* global WebAssembly */
// Loads Prisma's schema engine from its WebAssembly build (@prisma/schema-engine-wasm). The package is built for
// bundlers (it imports the .wasm file as an ES module), so in plain Node we instantiate the .wasm ourselves
// against the package's JS glue. The native engine behind `prisma migrate` cannot be downloaded on our machines.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

const require = createRequire(import.meta.url);

let gluePromise;

async function loadGlue() {
  const glue = await import('@prisma/schema-engine-wasm/schema_engine_bg');
  // The package exports no path to its .wasm file; it sits beside the glue module.
  const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
  const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

/**
 * Opens a schema engine over a migration-aware driver-adapter factory (PrismaPg, PrismaPGlite).
 * @param {{ schemaPath: string, schema: string, adapterFactory: import('@prisma/driver-adapter-utils').SqlMigrationAwareDriverAdapterFactory, log?: (line: string) => void }} options
 */
export async function openSchemaEngine({ schemaPath, schema, adapterFactory, log }) {
  gluePromise ??= loadGlue();
  const glue = await gluePromise;
  return glue.SchemaEngine.new(
    { datamodels: [[schemaPath, schema]] },
    (line) => log?.(String(line)),
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
}
