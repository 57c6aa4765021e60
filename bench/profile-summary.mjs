// Reads V8 CPU profiles (`node --cpu-prof`) of bench targets and says where each request's CPU time goes:
// self time inside the load windows (start-up and idle excluded) divided by the requests served then, by
// category (Portico's own files one by one, undici, node's HTTP/stream internals, syscalls, GC) and by function,
// beside the lean proxy's. Used by `node bench/run.mjs --cpu-prof DIR`; also runnable on its own:
//   node bench/profile-summary.mjs PROFILE REQUESTS [PROFILE REQUESTS …]   (whole profile, idle excluded)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function shortUrl(url) {
  return url
    .replace(/^file:\/\//, '')
    .replace(root, '')
    .replace(/^.*node_modules\//, 'npm:');
}

/** What a frame is charged to: a Portico file, an npm package, node internals, or a native bucket. */
function categoryOf(callFrame) {
  const url = shortUrl(callFrame.url);
  if (url === '') {
    const fn = callFrame.functionName;
    if (fn === '(garbage collector)') return 'gc';
    if (fn === '(program)' || fn === '(root)') return '(program)';
    // Native functions without a script: syscalls and V8/node builtins (writev, writeLatin1String, …).
    return `native: ${fn}`;
  }
  if (url.startsWith('npm:')) return url.split('/').slice(0, url.startsWith('npm:@') ? 2 : 1).join('/');
  if (url.startsWith('node:')) {
    if (/^node:(_http|http)/.test(url)) return 'node: http';
    if (/^node:(net|internal\/stream_base_commons|internal\/net)/.test(url)) return 'node: net';
    if (/^node:internal\/streams|^node:stream/.test(url)) return 'node: streams';
    if (/^node:(events|internal\/events)/.test(url)) return 'node: events';
    if (/^node:internal\/(process\/task_queues|timers)|^node:timers/.test(url)) return 'node: ticks & timers';
    return 'node: other';
  }
  if (url.startsWith('wasm:')) return 'npm:undici';
  return url.replace(/\/dist\//, '/');
}

/**
 * µs per request by category and by function for one profile. `windows`: [startUs, endUs] pairs on the
 * profile's clock (CLOCK_MONOTONIC, as process.hrtime); undefined: the whole profile.
 */
export function summarise(path, requests, windows) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const byCategory = new Map();
  const byFunction = new Map();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (windows && !windows.some(([a, b]) => t >= a && t <= b)) continue;
    const { callFrame } = nodes.get(profile.samples[i]);
    if (callFrame.functionName === '(idle)') continue;
    total += delta;
    const category = categoryOf(callFrame);
    byCategory.set(category, (byCategory.get(category) ?? 0) + delta);
    const fn = `${callFrame.functionName || '(anonymous)'} ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  }
  const perRequest = (m) => new Map([...m].map(([k, v]) => [k, v / requests]));
  return { total: total / requests, categories: perRequest(byCategory), functions: perRequest(byFunction) };
}

/** Prints each summary beside the first (the yardstick): µs per request, and the difference. */
export function printSummaries(named, { topCategories = 24, topFunctions = 25 } = {}) {
  const [base, ...others] = named;
  for (const { name, summary } of others) {
    console.log(`\nwhere ${name}'s CPU per request goes (µs, sampled; ${base.name} beside it)`);
    console.log(`  ${'total'.padEnd(52)} ${summary.total.toFixed(1).padStart(7)} ${base.summary.total.toFixed(1).padStart(7)} ${(summary.total - base.summary.total).toFixed(1).padStart(7)}`);
    const keys = new Set([...summary.categories.keys(), ...base.summary.categories.keys()]);
    const rows = [...keys].map((k) => [k, summary.categories.get(k) ?? 0, base.summary.categories.get(k) ?? 0]).sort((a, b) => b[1] - b[2] - (a[1] - a[2]));
    for (const [k, mine, theirs] of rows.slice(0, topCategories)) {
      console.log(`  ${k.slice(0, 52).padEnd(52)} ${mine.toFixed(1).padStart(7)} ${theirs.toFixed(1).padStart(7)} ${(mine - theirs).toFixed(1).padStart(7)}`);
    }
    console.log(`  functions costing most beyond ${base.name}'s (µs, difference):`);
    const fns = new Set([...summary.functions.keys(), ...base.summary.functions.keys()]);
    const diffs = [...fns].map((k) => [k, (summary.functions.get(k) ?? 0) - (base.summary.functions.get(k) ?? 0)]).sort((a, b) => b[1] - a[1]);
    for (const [k, v] of diffs.slice(0, topFunctions)) console.log(`    ${v.toFixed(2).padStart(6)}  ${k}`);
    console.log(`  top functions of ${name}:`);
    for (const [k, v] of [...summary.functions].sort((a, b) => b[1] - a[1]).slice(0, topFunctions)) console.log(`    ${v.toFixed(2).padStart(6)}  ${k}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pairs = process.argv.slice(2);
  const named = [];
  for (let i = 0; i < pairs.length; i += 2) named.push({ name: pairs[i], summary: summarise(pairs[i], Number(pairs[i + 1])) });
  printSummaries(named);
}
