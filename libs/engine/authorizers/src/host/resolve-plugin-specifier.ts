import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

// The conditions Node enables when it `import`s a package, in the order Node lists them; an `exports` object is
// read key by key and the first key that is one of these wins (Node's PACKAGE_EXPORTS_RESOLVE). Custom
// conditions such as `@portico/source` are not enabled at run time, so they are skipped as Node skips them.
const IMPORT_CONDITIONS = new Set(['node', 'import', 'default', 'module-sync']);

/**
 * What `import()` should load for one PORTICO_PLUGINS entry. Package names pass through unchanged (Node resolves
 * them). A path — absolute, `./…`/`../…` (against `cwd`, where the operator started the process) or a `file:`
 * URL — becomes a file URL; a path to a directory is resolved as Node resolves a package directory: its
 * package.json `exports` ("." entry, import conditions), else `main`, else `index.js`. Throws with the reason
 * when a directory has nothing to load.
 */
export function resolvePluginSpecifier(specifier: string, cwd: string = process.cwd()): string {
  const path = specifier.startsWith('file:') ? fileURLToPath(specifier) : isPath(specifier) ? resolve(cwd, specifier) : undefined;
  if (path === undefined) return specifier;
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) throw new Error(`${path} does not exist`);
  return pathToFileURL(stat.isDirectory() ? packageEntry(path) : path).href;
}

function isPath(specifier: string): boolean {
  return isAbsolute(specifier) || specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}

function packageEntry(dir: string): string {
  const manifestPath = join(dir, 'package.json');
  if (existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { exports?: unknown; main?: unknown };
    if (manifest.exports !== undefined) {
      const target = exportsTarget(manifest.exports);
      if (target === undefined) throw new Error(`${manifestPath}: "exports" has no "." entry for import`);
      return existing(join(dir, target), manifestPath);
    }
    if (typeof manifest.main === 'string') {
      const main = join(dir, manifest.main);
      // `main` may omit the extension or name a folder, as CommonJS allows.
      for (const candidate of [main, `${main}.js`, join(main, 'index.js')]) if (isFile(candidate)) return candidate;
      throw new Error(`${manifestPath}: "main" (${manifest.main}) does not exist`);
    }
  }
  return existing(join(dir, 'index.js'), `${dir} (no package.json "exports" or "main")`);
}

/** The "." target of an `exports` field: a string, a conditions object, an array of fallbacks, or a subpath map. */
function exportsTarget(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (Array.isArray(exports)) {
    for (const entry of exports) {
      const target = exportsTarget(entry);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (exports === null || typeof exports !== 'object') return undefined;
  const map = exports as Record<string, unknown>;
  const keys = Object.keys(map);
  // Subpath map ({".": …, "./testing": …}) or conditions ({"import": …, "default": …}); Node forbids mixing them.
  if (keys.some((key) => key.startsWith('.'))) return map['.'] === undefined ? undefined : exportsTarget(map['.']);
  for (const key of keys) {
    if (!IMPORT_CONDITIONS.has(key)) continue;
    const target = exportsTarget(map[key]);
    if (target !== undefined) return target;
  }
  return undefined;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
}

function existing(path: string, from: string): string {
  if (!isFile(path)) throw new Error(`${from} points at ${path}, which does not exist (is the plugin built?)`);
  return path;
}
