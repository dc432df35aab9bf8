// chartutil.Expand: unpack a chart archive into DIR/<chart name>/ from the files the loader accepted (names
// relative to the chart's top directory, `..`, absolute paths and outward links already refused), so nothing
// is ever written outside that directory, and nothing at all when the archive is refused.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { decodeMetadata } from './decode.js';
import { loadArchiveFiles, type BufferedFile } from './load.js';

export interface ArchiveToExpand {
  /** The name in the archive's Chart.yaml: the directory the files go to. */
  chartName: string;
  files: BufferedFile[];
}

/** Expand's first half: the loader's files of the archive and the chart's name (nothing written yet). */
export async function readArchiveToExpand(data: Uint8Array): Promise<ArchiveToExpand> {
  const files = await loadArchiveFiles(data);
  let chartName = '';
  for (const f of files) {
    if (f.name !== 'Chart.yaml') continue;
    try {
      chartName = decodeMetadata(new TextDecoder().decode(f.data)).name ?? '';
    } catch (e) {
      throw new Error(`cannot load Chart.yaml: ${(e as Error).message}`);
    }
  }
  if (chartName === '') throw new Error('chart name not specified');
  return { chartName, files };
}

/** Expand's second half: every file written under DIR/<chart name>/ (refused before anything is written if one
 *  would land outside it). Returns that directory. */
export function writeExpanded({ chartName, files }: ArchiveToExpand, dir: string): string {
  const base = resolve(dir);
  const chartDir = resolve(base, chartName);
  if (chartDir === base || !chartDir.startsWith(base + sep)) throw new Error(`chart name ${JSON.stringify(chartName)} is not a valid directory name`);
  const outs = files.map((f) => {
    const out = resolve(chartDir, f.name);
    if (!out.startsWith(chartDir + sep)) throw new Error(`chart illegally contains content outside the base directory: ${JSON.stringify(f.name)}`);
    return { out, data: f.data };
  });
  for (const { out, data } of outs) {
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, data, { mode: 0o644 });
  }
  return join(dir, chartName);
}

export async function expandArchive(data: Uint8Array, dir: string): Promise<string> {
  return writeExpanded(await readArchiveToExpand(data), dir);
}
