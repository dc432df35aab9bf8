// Where the shared conformance corpus lives (../shared/conformance beside the repository) and whether it exists.
// The suites skip, saying so, when it is absent; the corpus is read in place, never copied into the project.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusDir = resolve(repoRoot, '../shared/conformance');
export const haveCorpus = existsSync(resolve(corpusDir, 'README.md'));
export const missingCorpusNote = `conformance corpus not found at ${corpusDir}: suite skipped`;
if (!haveCorpus) console.warn(missingCorpusNote);

/** sameOutput as the corpus checker compares (volatileLines: only the text before the first ':' must match). */
export function sameOutput(got: string, want: string, volatileLines?: number[] | 'all'): boolean {
  if (!volatileLines) return got === want;
  if (volatileLines === 'all') return got.split('\n').length === want.split('\n').length;
  const g = got.split('\n');
  const w = want.split('\n');
  if (g.length !== w.length) return false;
  const vol = new Set(volatileLines);
  return w.every((line, i) => (vol.has(i + 1) ? g[i].split(':')[0] === line.split(':')[0] : g[i] === line));
}

/** The first differing line, for a readable failure. */
export function firstDiff(got: string, want: string): string {
  const g = got.split('\n');
  const w = want.split('\n');
  for (let i = 0; i < Math.max(g.length, w.length); i++) {
    if (g[i] !== w[i]) return `line ${i + 1}: got ${JSON.stringify(g[i] ?? '<eof>')} want ${JSON.stringify(w[i] ?? '<eof>')}`;
  }
  return 'identical';
}

/** Corpus cases known not to pass yet, as `suite/case` (suite: templates, strvals, charts). Each runs with
 *  `it.fails`: it must still fail, so a fixed case turns the suite red until it is taken off this list. The list
 *  lives in known-failures.json so the work in progress is visible in one place. */
import { readFileSync as _readKnown } from 'node:fs';
const knownFile = resolve(repoRoot, 'test/conformance/known-failures.json');
export const knownFailures: Set<string> = new Set(
  existsSync(knownFile) ? (JSON.parse(_readKnown(knownFile, 'utf8')) as string[]) : [],
);
