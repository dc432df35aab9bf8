// Whole-chart rendering: the largest charts of the shared conformance corpus (../shared/conformance/charts),
// rendered in-process (loadChart + renderChart through the built library) and through the CLI
// (`tshelm template`, process start-up included), with wall time and peak memory.
// Uses dist/ (run `npx tsc -p .` first). Skips, saying so, when the corpus is absent.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const corpus = resolve(repo, '../shared/conformance/charts');
const bin = join(repo, 'bin', 'tshelm.js');

function dirSize(d) {
  let n = 0;
  for (const e of readdirSync(d)) {
    const p = join(d, e);
    const st = statSync(p);
    n += st.isDirectory() ? dirSize(p) : st.size;
  }
  return n;
}

/** The corpus charts, largest first, each with its first case's arguments. */
function charts() {
  return readdirSync(corpus)
    .filter((d) => existsSync(join(corpus, d, 'cases.json')))
    .map((d) => {
      const cases = JSON.parse(readFileSync(join(corpus, d, 'cases.json'), 'utf8'));
      return { name: d, dir: join(corpus, d), size: dirSize(join(corpus, d, 'chart')), cases };
    })
    .sort((a, b) => b.size - a.size);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** --set/--set-string/... of a case's args, as mergeValues options. */
function valueOpts(args) {
  const group = { '--values': 'valueFiles', '-f': 'valueFiles', '--set': 'values', '--set-string': 'stringValues', '--set-json': 'jsonValues', '--set-file': 'fileValues', '--set-literal': 'literalValues' };
  const o = {};
  for (let i = 0; i < args.length; i++) {
    const g = group[args[i]];
    if (g) (o[g] ??= []).push(args[++i]);
  }
  return o;
}

export default async function run() {
  if (!existsSync(corpus)) {
    console.log(`render bench skipped: conformance corpus not found at ${corpus}`);
    return;
  }
  const lib = await import(pathToFileURL(join(repo, 'dist', 'index.js')).href);
  const list = charts();
  const rows = [];
  for (const c of list) {
    const chartDir = join(c.dir, 'chart');
    const args = c.cases[0].args;
    // in-process: load + render, warm (median of several runs) and cold (first run)
    const vals = lib.mergeValues ? await lib.mergeValues(valueOpts(args)) : {};
    const times = [];
    let templates = 0;
    let bytes = 0;
    const runs = 5;
    let error = '';
    for (let i = 0; i < runs && !error; i++) {
      const t0 = performance.now();
      try {
        const chart = await lib.loadChart(chartDir);
        const out = await lib.renderChart(chart, { releaseName: 'bench', namespace: 'default', values: structuredClone(vals) });
        templates = Object.keys(out).length;
        bytes = Object.values(out).reduce((n, s) => n + s.length, 0);
      } catch (e) {
        error = String(e?.message ?? e).slice(0, 120);
      }
      times.push(performance.now() - t0);
    }
    if (error) console.log(`${c.name}: in-process render failed: ${error}`);
    const rss = process.memoryUsage().rss;
    // CLI: the first case's command line, timed with /usr/bin/time -v for peak RSS
    let cliMs = NaN;
    let cliRssMb = NaN;
    let cliOk = false;
    const hasTime = existsSync('/usr/bin/time');
    const t0 = performance.now();
    const r = hasTime
      ? spawnSync('/usr/bin/time', ['-v', process.execPath, bin, ...args], { cwd: c.dir, encoding: 'utf8', maxBuffer: 1 << 30 })
      : spawnSync(process.execPath, [bin, ...args], { cwd: c.dir, encoding: 'utf8', maxBuffer: 1 << 30 });
    cliMs = performance.now() - t0;
    cliOk = r.status === 0;
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr ?? '');
    if (m) cliRssMb = Number(m[1]) / 1024;
    rows.push({
      chart: c.name,
      kb: Math.round(c.size / 1024),
      templates,
      outKb: Math.round(bytes / 1024),
      coldMs: times[0],
      warmMs: times.length > 1 ? median(times.slice(1)) : NaN,
      rssMb: rss / 1048576,
      cliMs,
      cliRssMb,
      cliOk,
    });
  }
  console.log('chart              size  tmpl  out   cold ms  warm ms  rss MB | CLI ms  CLI peak MB  exit');
  for (const r of rows) {
    console.log(
      `${r.chart.padEnd(17)} ${String(r.kb).padStart(4)}K ${String(r.templates).padStart(5)} ${String(r.outKb).padStart(4)}K ${r.coldMs.toFixed(0).padStart(8)} ${r.warmMs.toFixed(0).padStart(8)} ${r.rssMb.toFixed(0).padStart(7)} | ${r.cliMs.toFixed(0).padStart(6)} ${Number.isNaN(r.cliRssMb) ? '     n/a' : r.cliRssMb.toFixed(0).padStart(8)}     ${r.cliOk ? 'ok' : 'FAIL'}`,
    );
  }
  // start-up alone: `tshelm version`
  const s0 = performance.now();
  spawnSync(process.execPath, [bin, 'version'], { encoding: 'utf8' });
  console.log(`CLI start-up (tshelm version): ${(performance.now() - s0).toFixed(0)} ms; peak RSS of this process ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await run();
