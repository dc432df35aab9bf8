// Bad kustomizations: one line `Error: ...` naming what is wrong, exit 1, nothing on stdout, no file written;
// kubectl kustomize fails on the same input (checked when kubectl is installed).
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const FIX = resolve(__dirname, '../../fixtures/kustomize-errors');
const BIN = resolve(__dirname, '../../../bin/tshelm.js');
const haveKubectl = spawnSync('kubectl', ['version', '--client']).status === 0;

const expected: Record<string, RegExp> = {
  'missing-resource': /nope\.yaml.*no such file or directory/,
  cycle: /cycle detected/,
  'patch-nothing': /no resource matches strategic merge patch "Deployment\.v1\.apps\/missing\.\[noNs\]"/,
  'bad-yaml': /bad-yaml\/r\.yaml: yaml: line 4: did not find expected key/,
  'unknown-field': /unknown field "resource"/,
  remote: /remote resource.*offline/,
  'bad-type': /invalid Kustomization in .*bad-type\/kustomization\.yaml: replicas\.0\.count: Invalid type\. Expected: integer, given: string/,
  outside: /security; file '.*outside\/app\.yaml' is not in or below/,
};

describe('kustomize build errors', () => {
  it('covers every fixture', () => {
    expect(readdirSync(FIX).sort()).toEqual(Object.keys(expected).sort());
  });
  for (const [c, re] of Object.entries(expected)) {
    it(c, () => {
      const out = mkdtempSync(join(tmpdir(), 'tshelm-kerr-'));
      const target = join(out, 'out.yaml');
      const r = spawnSync(process.execPath, [BIN, 'kustomize', 'build', join(FIX, c), '-o', target], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n').filter((l) => !l.startsWith('# Warning'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Error: /);
      expect(lines[0]).toMatch(re);
      expect(existsSync(target)).toBe(false);
      if (haveKubectl) expect(spawnSync('kubectl', ['kustomize', join(FIX, c)]).status).not.toBe(0);
    });
  }
  it('the load restrictor can be lifted, as kubectl allows', () => {
    const r = spawnSync(process.execPath, [BIN, 'kustomize', 'build', join(FIX, 'outside'), '--load-restrictor', 'LoadRestrictionsNone'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('kind: Deployment');
  });
  it('an unknown restrictor is a flag error', () => {
    const r = spawnSync(process.execPath, [BIN, 'kustomize', 'build', join(FIX, 'outside'), '--load-restrictor', 'Nope'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Error: invalid argument "Nope" for "--load-restrictor" flag/);
  });
});
