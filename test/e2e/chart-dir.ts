// A chart on disk for the e2e suites: a directory NAME in a fresh temporary folder holding the given files.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Writes each file (path inside the chart → text; folders made as needed) and returns the chart's path. */
export function writeChart(name: string, files: Record<string, string>): string {
  const c = join(mkdtempSync(join(tmpdir(), `tshelm-chart-${name}-`)), name);
  mkdirSync(join(c, 'templates'), { recursive: true });
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(dirname(join(c, f)), { recursive: true });
    writeFileSync(join(c, f), text);
  }
  return c;
}

/** Files under a folder of the chart ("templates", "crds"): { 'a.yaml': ... } → { 'templates/a.yaml': ... }. */
export const under = (dir: string, files: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(files).map(([f, t]) => [`${dir}/${f}`, t]));
