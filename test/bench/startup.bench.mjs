// CLI start-up: wall time of tshelm commands (process start to exit) against a bare `node -e 0` on the same
// machine, median and p90 of 20 runs after 2 warm-up runs. The goal for `--help` and `version` is under 150 ms;
// they take the fast start (src/cli/fast-start.ts), `install --help` and the TSHELM_NO_FAST_START=1 row the full
// command line (commander and every command module).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(root, 'bin', 'tshelm.js');

function measure(args, env = {}, runs = 20) {
  const times = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, TSHELM_NO_FAST_START: undefined, ...env } });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times.push(ms); // two warm-up runs (disk cache)
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p90: times[Math.ceil(times.length * 0.9) - 1] };
}

export default function () {
  const rows = [
    ['node -e 0 (baseline)', measure(['-e', '0'])],
    ['tshelm --help', measure([bin, '--help'])],
    ['tshelm version', measure([bin, 'version'])],
    ['tshelm version --short', measure([bin, 'version', '--short'])],
    ['tshelm install --help', measure([bin, 'install', '--help'])],
    ['tshelm --help (no fast start)', measure([bin, '--help'], { TSHELM_NO_FAST_START: '1' })],
  ];
  for (const [name, { median, p90 }] of rows) console.log(`${name.padEnd(32)} median ${median.toFixed(1)} ms   p90 ${p90.toFixed(1)} ms`);
}
