// Templates that recurse forever end with Helm's own errors (Helm's 1000-include limit, Go's 100000-depth
// limit), never a JavaScript stack trace or a hang: the CLI re-runs the render on a deep-stack thread.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

function chartWith(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-rec-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: rec\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'templates', 'x.yaml'), template);
  return dir;
}

describe.skipIf(!built)('cli: endless template recursion', () => {
  it('include recursion stops at Helm\'s limit with Helm\'s message', () => {
    const dir = chartWith('{{ define "a" }}{{ include "a" . }}{{ end }}{{ include "a" . }}\n');
    const r = spawnSync(process.execPath, [bin, 'template', dir], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0];
    expect(first.startsWith('Error: template: rec/templates/x.yaml:1:47: executing "rec/templates/x.yaml" at <include "a" .>: error calling include: ')).toBe(true);
    expect(first.endsWith('error calling include: rendering template has a nested reference name: a: unable to execute template')).toBe(true);
    // Helm's chain: one "error calling include" per level, 1001 levels.
    expect(first.split('error calling include: ').length - 1).toBe(1002);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('template recursion stops with Go\'s depth error', () => {
    const dir = chartWith('{{ define "a" }}{{ template "a" . }}{{ end }}{{ template "a" . }}\n');
    const r = spawnSync(process.execPath, [bin, 'template', dir], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Error: template: rec/templates/x.yaml:1:28: executing "a" at <{{template "a" .}}>: exceeded maximum template depth (100000)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
