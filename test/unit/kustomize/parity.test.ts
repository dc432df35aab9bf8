// `tshelm kustomize build` against `kubectl kustomize` (kustomize v5.5 inside kubectl), byte for byte, for every
// fixture under test/fixtures/kustomize (one directory a case; bases and components live inside the case).
// Each case also runs through the CLI once so the command path is covered. Skips when kubectl is missing.
import { describe, it, expect } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from '../../../src/kustomize/index.js';

const FIX = resolve(__dirname, '../../fixtures/kustomize');
const BIN = resolve(__dirname, '../../../bin/tshelm.js');
const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
const haveKubectl = kubectl.status === 0;
if (!haveKubectl) console.warn('kustomize parity tests skipped: kubectl is not installed (apt-get install kubectl, or put it on PATH)');

const cases = readdirSync(FIX).filter((d) => existsSync(join(FIX, d, 'kustomization.yaml')));

function kubectlKustomize(dir: string, extra: string[] = []): string {
  return execFileSync('kubectl', ['kustomize', ...extra, dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

describe.skipIf(!haveKubectl)('kustomize build = kubectl kustomize', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(10);
  });
  for (const c of cases) {
    it(c, () => {
      const dir = join(FIX, c);
      const extra = c.startsWith('norestrict-') ? ['--load-restrictor', 'LoadRestrictionsNone'] : [];
      const want = kubectlKustomize(dir, extra);
      const got = build(dir, { loadRestrictor: extra.length ? 'LoadRestrictionsNone' : undefined }).yaml;
      expect(got).toBe(want);
    });
  }
  // kustomization files kubectl accepts that are not in the schema's canonical form (field names in other case)
  const VARIANTS = resolve(__dirname, '../../fixtures/kustomize-variants');
  for (const c of readdirSync(VARIANTS)) {
    it(`variant: ${c}`, () => {
      const dir = join(VARIANTS, c);
      expect(build(dir).yaml).toBe(kubectlKustomize(dir));
    });
  }
  it('-o DIR writes one file per object, named and filled as kubectl names and fills them', () => {
    const theirs = mkdtempSync(join(tmpdir(), 'kz-theirs-'));
    const ours = mkdtempSync(join(tmpdir(), 'kz-ours-'));
    execFileSync('kubectl', ['kustomize', join(FIX, 'basic'), '-o', theirs], { stdio: 'ignore' });
    execFileSync(process.execPath, [BIN, 'kustomize', 'build', join(FIX, 'basic'), '-o', ours], { stdio: 'ignore' });
    const names = readdirSync(theirs).sort();
    expect(readdirSync(ours).sort()).toEqual(names);
    for (const n of names) expect(readFileSync(join(ours, n), 'utf8')).toBe(readFileSync(join(theirs, n), 'utf8'));
    const file = join(ours, 'all.yaml');
    execFileSync(process.execPath, [BIN, 'kustomize', 'build', join(FIX, 'basic'), '-o', file], { stdio: 'ignore' });
    expect(readFileSync(file, 'utf8')).toBe(kubectlKustomize(join(FIX, 'basic')));
  });
  it('the CLI prints the same as the library (metallb)', () => {
    const dir = join(FIX, 'metallb');
    const out = execFileSync(process.execPath, [BIN, 'kustomize', 'build', dir], { encoding: 'utf8' });
    expect(out).toBe(kubectlKustomize(dir));
    expect(out).toContain('image: metallb/controller:v0.8.2');
    expect(out).toContain('image: metallb/speaker:v0.8.2');
  });
});

// Real charts (the conformance corpus, when present): `tshelm template`, then an overlay with namespace,
// prefix, suffix, selector labels, annotations, images and a generator, built by both.
const CORPUS = resolve(__dirname, '../../../../shared/conformance/charts');
const corpusCharts = existsSync(CORPUS) ? readdirSync(CORPUS).filter((c) => existsSync(join(CORPUS, c, 'chart', 'Chart.yaml'))) : [];
if (!existsSync(CORPUS)) console.warn('real-chart kustomize parity skipped: ../shared/conformance is absent');
describe.skipIf(!haveKubectl || corpusCharts.length === 0)('real charts through kustomize = kubectl kustomize', () => {
  for (const c of corpusCharts) {
    it(c, () => {
      const dir = mkdtempSync(join(tmpdir(), `kz-chart-${c}-`));
      const rendered = execFileSync(process.execPath, [BIN, 'template', 'rel', join(CORPUS, c, 'chart'), '-n', 'ns1'], { encoding: 'utf8', maxBuffer: 1 << 28 });
      writeFileSync(join(dir, 'all.yaml'), rendered);
      writeFileSync(
        join(dir, 'kustomization.yaml'),
        'resources: [all.yaml]\nnamespace: team\nnamePrefix: t-\nnameSuffix: -x\nlabels:\n- pairs: {team: a}\n  includeSelectors: true\ncommonAnnotations: {owner: ops}\nimages:\n- name: nginx\n  newTag: "9"\nconfigMapGenerator:\n- name: extra\n  literals: [a=b]\n',
      );
      expect(build(dir).yaml).toBe(kubectlKustomize(dir));
    });
  }
});
