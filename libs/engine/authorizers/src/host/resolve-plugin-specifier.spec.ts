import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolvePluginSpecifier } from './resolve-plugin-specifier.js';

describe('resolvePluginSpecifier (PORTICO_PLUGINS entries)', () => {
  let root: string;
  const pkg = (name: string, manifest: object | undefined, files: string[]) => {
    const dir = join(root, name);
    for (const file of files) {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), 'export default {};\n');
    }
    mkdirSync(dir, { recursive: true });
    if (manifest) writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
    return dir;
  };
  const url = (path: string) => pathToFileURL(path).href;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'portico-plugin-resolve-'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('passes package names through, for Node to resolve', () => {
    expect(resolvePluginSpecifier('portico-hmac-authorizer')).toBe('portico-hmac-authorizer');
    expect(resolvePluginSpecifier('@acme/portico-plugin')).toBe('@acme/portico-plugin');
  });

  it('resolves a package directory through "exports" with the import conditions, skipping conditions Node does not enable', () => {
    const dir = pkg('conditional', { exports: { '.': { '@portico/source': './src/index.ts', types: './dist/index.d.ts', require: './dist/index.cjs', import: './dist/index.js' }, './testing': './dist/testing.js' } }, [
      'src/index.ts',
      'dist/index.js',
      'dist/index.cjs',
    ]);
    expect(resolvePluginSpecifier(dir)).toBe(url(join(dir, 'dist/index.js')));
    expect(resolvePluginSpecifier(join(root, 'conditional/'))).toBe(url(join(dir, 'dist/index.js')));
    const plain = pkg('plain-exports', { exports: './lib/plugin.js' }, ['lib/plugin.js']);
    expect(resolvePluginSpecifier(plain)).toBe(url(join(plain, 'lib/plugin.js')));
    const fallbacks = pkg('fallbacks', { exports: [{ worker: './w.js' }, { default: './d.js' }] }, ['d.js']);
    expect(resolvePluginSpecifier(fallbacks)).toBe(url(join(fallbacks, 'd.js')));
  });

  it('falls back to "main", then index.js, as Node does for a directory', () => {
    const main = pkg('main', { main: 'lib/entry' }, ['lib/entry.js']);
    expect(resolvePluginSpecifier(main)).toBe(url(join(main, 'lib/entry.js')));
    const index = pkg('index', undefined, ['index.js']);
    expect(resolvePluginSpecifier(index)).toBe(url(join(index, 'index.js')));
  });

  it('resolves relative paths against the working directory, and files and file URLs as they are', () => {
    const dir = pkg('relative', { exports: { default: './dist/index.js' } }, ['dist/index.js']);
    expect(resolvePluginSpecifier('./relative', root)).toBe(url(join(dir, 'dist/index.js')));
    expect(resolvePluginSpecifier('../relative', join(root, 'index'))).toBe(url(join(dir, 'dist/index.js')));
    expect(resolvePluginSpecifier(join(dir, 'dist/index.js'))).toBe(url(join(dir, 'dist/index.js')));
    expect(resolvePluginSpecifier(url(dir))).toBe(url(join(dir, 'dist/index.js')));
  });

  it('says why a path has nothing to load', () => {
    expect(() => resolvePluginSpecifier(join(root, 'missing'))).toThrow(/does not exist/);
    const unbuilt = pkg('unbuilt', { exports: { import: './dist/index.js' } }, []);
    expect(() => resolvePluginSpecifier(unbuilt)).toThrow(/dist\/index\.js, which does not exist \(is the plugin built\?\)/);
    const noDot = pkg('no-dot', { exports: { './other': './other.js' } }, ['other.js']);
    expect(() => resolvePluginSpecifier(noDot)).toThrow(/no "\." entry/);
    const empty = pkg('empty', { name: 'empty' }, []);
    expect(() => resolvePluginSpecifier(empty)).toThrow(/index\.js, which does not exist/);
  });
});
