// Every case of the corpus' charts/*/cases.json through the built CLI (bin/tshelm.js → dist/), run with the
// chart folder as working directory, compared as ../shared/conformance/check.mjs compares them.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { corpusDir, haveCorpus, missingCorpusNote, repoRoot, sameOutput, firstDiff } from './corpus.js';
import { knownFailures } from './corpus.js';

interface Case {
  name: string;
  args: string[];
  exitCode: number;
  stdout: string;
  stderr?: string;
  volatileLines?: number[] | 'all';
}

const bin = join(repoRoot, 'bin', 'tshelm.js');
const built = existsSync(join(repoRoot, 'dist', 'cli', 'main.js'));
const chartsDir = join(corpusDir, 'charts');
const charts = haveCorpus && existsSync(chartsDir) ? readdirSync(chartsDir).sort().filter((d) => existsSync(join(chartsDir, d, 'cases.json'))) : [];
const why = !haveCorpus ? ` (${missingCorpusNote})` : !built ? ' (dist/ not built: run `npm run build` first; suite skipped)' : '';

describe.skipIf(!haveCorpus || !built)(`conformance: charts${why}`, () => {
  for (const chart of charts) {
    const dir = join(chartsDir, chart);
    const cases: Case[] = JSON.parse(readFileSync(join(dir, 'cases.json'), 'utf8'));
    for (const c of cases) {
      (knownFailures.has(`charts/${chart}/${c.name}`) ? it.fails : it)(`${chart}/${c.name}`, () => {
        const r = spawnSync(process.execPath, [bin, ...c.args], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, timeout: 300000 });
        if (c.exitCode !== 0) {
          expect(r.status).toBe(c.exitCode);
          expect(r.stderr).toContain((c.stderr ?? '').replace(/^Error: /, ''));
          return;
        }
        expect(r.stderr && r.status !== 0 ? r.stderr : '').toBe('');
        expect(r.status).toBe(0);
        const want = readFileSync(join(dir, c.stdout), 'utf8');
        const ok = sameOutput(r.stdout, want, c.volatileLines);
        expect(ok ? 'same' : firstDiff(r.stdout, want)).toBe('same');
      });
    }
  }
});
