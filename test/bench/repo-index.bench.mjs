// Repository index: load/get/search on a generated bitnami-sized index.yaml (250 charts × 200 versions,
// ~35 MB, with annotations, maintainers, sources, dependencies and multi-line descriptions), each case in its
// own process so peak RSS (maxRSS) is the case's own; a full js-yaml parse of the same file for comparison.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function generateIndex(charts = 250, versions = 200) {
  const parts = ['apiVersion: v1\nentries:\n'];
  for (let c = 0; c < charts; c++) {
    const name = `chart-${String(c).padStart(3, '0')}${c % 7 === 0 ? '-database' : ''}`;
    parts.push(`  ${name}:\n`);
    for (let v = versions - 1; v >= 0; v--) {
      const ver = `${Math.floor(v / 20)}.${v % 20}.${c % 3}`;
      parts.push(
        `  - annotations:\n      category: Database\n      licenses: Apache-2.0\n      images: |\n        - name: ${name}\n          image: docker.io/bitnami/${name}:${ver}-debian-11-r${v}\n` +
          `    apiVersion: v2\n    appVersion: ${v % 30}.${v % 10}.0\n    created: "2023-0${1 + (v % 9)}-1${v % 10}T10:2${v % 10}:33.${100000 + v}Z"\n` +
          `    dependencies:\n    - name: common\n      repository: oci://registry-1.docker.io/bitnamicharts\n      tags:\n      - bitnami-common\n      version: 2.x.x\n` +
          `    description: ${name} is an open source, high performance, scalable system for the ${c} workload, version ${ver}.\n` +
          `    digest: ${(c * 1000003 + v).toString(16).padStart(64, 'a')}\n    home: https://bitnami.com\n    icon: https://bitnami.com/assets/stacks/${name}/img/${name}-stack-220x234.png\n` +
          `    keywords:\n    - ${name}\n    - database\n    - nosql\n    maintainers:\n    - name: VMware, Inc.\n      url: https://github.com/bitnami/charts\n    name: ${name}\n` +
          `    sources:\n    - https://github.com/bitnami/charts/tree/main/bitnami/${name}\n    urls:\n    - https://charts.bitnami.com/bitnami/${name}-${ver}.tgz\n    version: ${ver}\n`,
      );
    }
  }
  parts.push('generated: "2023-10-01T00:00:00.000000000Z"\n');
  return parts.join('');
}

const CASES = {
  load: `const { IndexFile } = await import(D + '/repo/index-file.js'); const t = performance.now(); const idx = IndexFile.load(F); const n = idx.names().length; R({ ms: performance.now() - t, charts: n });`,
  get: `const { IndexFile } = await import(D + '/repo/index-file.js'); const t = performance.now(); const idx = IndexFile.load(F); const v = idx.get('chart-100', '^5.0.0').version; R({ ms: performance.now() - t, got: v });`,
  search: `const { IndexFile } = await import(D + '/repo/index-file.js'); const S = await import(D + '/repo/search.js'); const t = performance.now(); const idx = IndexFile.load(F); const s = new S.SearchIndex(); s.addRepo('bitnami', idx, true); let res = s.search('database', 25, false); S.sortScore(res); res = S.applyConstraint(res, '>0.0.0', false); R({ ms: performance.now() - t, results: res.length });`,
  'search --versions': `const { IndexFile } = await import(D + '/repo/index-file.js'); const S = await import(D + '/repo/search.js'); const t = performance.now(); const idx = IndexFile.load(F); const s = new S.SearchIndex(); s.addRepo('bitnami', idx, true); let res = s.search('database', 25, false); S.sortScore(res); res = S.applyConstraint(res, '>0.0.0', true); R({ ms: performance.now() - t, results: res.length });`,
  'js-yaml full parse (baseline)': `const yaml = (await import('js-yaml')).default; const fs = await import('node:fs'); const t = performance.now(); const d = yaml.load(fs.readFileSync(F, 'utf8')); R({ ms: performance.now() - t, charts: Object.keys(d.entries).length });`,
};

export default function () {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-bench-index-'));
  const file = join(dir, 'index.yaml');
  try {
    writeFileSync(file, generateIndex());
    console.log(`index: ${(statSync(file).size / 1048576).toFixed(1)} MB, 250 charts × 200 versions`);
    for (const [name, body] of Object.entries(CASES)) {
      const script = `const D = ${JSON.stringify(pathToFileURL(join(root, 'dist')).href)}; const F = ${JSON.stringify(file)}; const R = (o) => console.log(JSON.stringify({ ...o, rssMB: process.resourceUsage().maxRSS / 1024 })); ${body}`;
      const times = [];
      let last;
      for (let i = 0; i < 3; i++) {
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
        last = JSON.parse(r.stdout.trim().split('\n').pop());
        times.push(last.ms);
      }
      times.sort((a, b) => a - b);
      const { ms, rssMB, ...rest } = last;
      console.log(`${name.padEnd(32)} median ${times[1].toFixed(0).padStart(5)} ms   peak RSS ${rssMB.toFixed(0).padStart(4)} MB   ${JSON.stringify(rest)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

