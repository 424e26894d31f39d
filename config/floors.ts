// The import rule (docs/ARCHITECTURE.md): the code is a house of floors, and an import arrow may
// only run to the importer's own folder or down to a lower floor; never up, and never sideways to
// another folder of the same floor. config/floors.test.ts checks every import of the repository
// against this table; `npx tsx config/floors.ts` prints the arrows that break it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/** The floors, lowest first; each names the folders on it (relative to the repository root). */
export const FLOORS: readonly (readonly string[])[] = [
  ['src/i18n'],
  ['src/crop', 'src/model'],
  ['src/decode'],
  ['src/analysis'],
  ['src/faces', 'src/shared'],
  ['src/report', 'src/node'],
  ['src/eval', 'src/worker', 'src/client'],
  ['src/state'],
  ['src/ui'],
  ['src/classroom'],
  ['src/app', 'src/sw'],
  ['config'],
  ['scripts'],
  ['e2e'],
];

/** The folders whose code the rule covers. */
export const CHECKED_ROOTS = ['src', 'config', 'scripts', 'e2e'];

export interface Arrow {
  /** The importing file and the imported one, relative to the repository root. */
  from: string;
  to: string;
}

export interface Breach extends Arrow {
  why: 'upward' | 'sideways' | 'no floor';
}

/** The folder of the table a file is in, or null (a file outside every checked folder). */
export function folderOf(file: string, floors = FLOORS): string | null {
  let best: string | null = null;
  for (const floor of floors)
    for (const folder of floor) if ((file === folder || file.startsWith(`${folder}/`)) && folder.length > (best?.length ?? -1)) best = folder;
  return best;
}

const floorIndex = (folder: string, floors: typeof FLOORS) => floors.findIndex((f) => f.includes(folder));

/**
 * Tests (`*.test.ts`) and their fixtures (`__fixtures__/`) stand above every floor: they check how
 * the floors fit together and may import any of them; ambient declarations (`.d.ts`) import nothing.
 */
export const isExempt = (file: string) => /\.test\.tsx?$/.test(file) || file.includes('/__fixtures__/') || file.endsWith('.d.ts');

/** The arrows that break the rule. An arrow to a file outside the checked folders (a package, public/, training/) is none of its business. */
export function breaches(arrows: Arrow[], floors = FLOORS): Breach[] {
  const out: Breach[] = [];
  for (const a of arrows) {
    if (isExempt(a.from)) continue;
    const from = folderOf(a.from, floors);
    const to = folderOf(a.to, floors);
    if (!CHECKED_ROOTS.some((r) => a.to === r || a.to.startsWith(`${r}/`))) continue;
    if (isExempt(a.to)) {
      out.push({ ...a, why: 'upward' });
      continue;
    }
    if (from === null || to === null) {
      out.push({ ...a, why: 'no floor' });
      continue;
    }
    if (from === to) continue;
    const [f, t] = [floorIndex(from, floors), floorIndex(to, floors)];
    if (t > f) out.push({ ...a, why: 'upward' });
    else if (t === f) out.push({ ...a, why: 'sideways' });
  }
  return out;
}

/** The relative module specifiers of a TypeScript file: imports, re-exports, dynamic imports, `new URL(…, import.meta.url)` of a worker. */
export function specifiers(source: string): string[] {
  const found = ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
  for (const m of source.matchAll(/new URL\(\s*['"]([^'"]+\.tsx?)['"]\s*,\s*import\.meta\.url/g)) found.push(m[1]);
  return found.filter((s) => s.startsWith('./') || s.startsWith('../'));
}

const CODE = /\.(ts|tsx|js|mjs)$/;

/** Every code file under the checked folders (no node_modules, no build output, no untracked e2e fixtures). */
export function codeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const rel = `${dir}/${name}`;
      if (statSync(join(root, rel)).isDirectory()) walk(rel);
      else if (CODE.test(name)) out.push(rel);
    }
  };
  for (const r of CHECKED_ROOTS) walk(r);
  return out;
}

/** The file a relative specifier names: as written, or with a code extension or /index added. */
function resolveSpecifier(root: string, from: string, spec: string): string {
  const base = relative(root, resolve(root, dirname(from), spec.replace(/\?.*$/, '')));
  for (const candidate of [base, ...['.ts', '.tsx', '.js', '/index.ts'].map((e) => base + e)]) {
    try {
      if (statSync(join(root, candidate)).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return base;
}

/** Every import arrow between files of the repository at `root`. */
export function importArrows(root: string): Arrow[] {
  return codeFiles(root).flatMap((from) =>
    specifiers(readFileSync(join(root, from), 'utf8')).map((spec) => ({ from, to: resolveSpecifier(root, from, spec).split('\\').join('/') })),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const root = resolve(process.argv[2] ?? join(dirname(new URL(import.meta.url).pathname), '..'));
  const found = breaches(importArrows(root));
  for (const b of found) console.log(`${b.why}: ${b.from} -> ${b.to}`);
  console.log(`${found.length} import arrows break the floors (docs/ARCHITECTURE.md)`);
  process.exitCode = found.length ? 1 : 0;
}
