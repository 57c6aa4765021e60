// The workspace's projects as the tooling (Jest, the start script) needs them: name, root, package name.
// Read from each project.json so that Nx stays the one place that lists projects.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const workspaceRoot = fileURLToPath(new URL('..', import.meta.url));

function* projectDirs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (existsSync(join(full, 'project.json'))) yield full;
    else yield* projectDirs(full);
  }
}

export function listProjects() {
  const projects = [];
  for (const top of ['apps', 'libs', 'examples']) {
    const dir = join(workspaceRoot, top);
    if (!existsSync(dir)) continue;
    for (const root of projectDirs(dir)) {
      const project = JSON.parse(readFileSync(join(root, 'project.json'), 'utf8'));
      const pkgFile = join(root, 'package.json');
      const pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : {};
      projects.push({ name: project.name, root: relative(workspaceRoot, root), packageName: pkg.name, exports: pkg.exports });
    }
  }
  return projects.sort((a, b) => a.name.localeCompare(b.name));
}
