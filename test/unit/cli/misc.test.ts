// The CLI's own commands (version, env, completion, docs) and its error lines, through the built bin.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe.skipIf(!built)('cli: misc commands (dist/ built by npm test)', () => {
  it('version: Helm shape, --short, --template with Go template syntax', () => {
    expect(run(['version']).out).toMatch(/^version\.BuildInfo\{Version:"v3\.13\.3", GitCommit:"", GitTreeState:"clean", GoVersion:"node[\d.]+", Tshelm:"[\d.]+"\}\n$/);
    expect(run(['version', '--short']).out).toMatch(/^v3\.13\.3\+tshelm\.[\d.]+\n$/);
    expect(run(['version', '--template', '{{ .Version }}|{{ printf "%q" .GitTreeState }}']).out).toBe('v3.13.3|"clean"');
    const bad = run(['version', '--template', '{{ .Nope }}']);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('Error: template: _:1:3: executing "_" at <.Nope>: can\'t evaluate field Nope in type version.BuildInfo\n');
  });

  it('env: every setting, TSHELM_ winning over HELM_, flags over both, namespace from the kubeconfig', () => {
    const home = mkdtempSync(join(tmpdir(), 'tshelm-env-'));
    const kc = join(home, 'kc');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\ncurrent-context: k3s\ncontexts:\n- context:\n    cluster: c\n    namespace: metallb-system\n    user: u\n  name: k3s\n');
    const base = { HOME: home, XDG_CONFIG_HOME: '', XDG_CACHE_HOME: '', XDG_DATA_HOME: '', TSHELM_NAMESPACE: undefined, HELM_NAMESPACE: undefined, KUBECONFIG: kc };
    const all = run(['env'], base).out;
    expect(all).toContain(`TSHELM_REPOSITORY_CONFIG="${home}/.config/tshelm/repositories.yaml"`);
    expect(all).toContain(`TSHELM_NAMESPACE="metallb-system"`);
    expect(run(['--use-helm-config', 'env', 'TSHELM_REPOSITORY_CONFIG'], base).out).toBe(`${home}/.config/helm/repositories.yaml\n`);
    const keys = all.trim().split('\n').map((l) => l.split('=')[0]);
    expect(keys).toEqual([...keys].sort());
    expect(run(['env', 'HELM_MAX_HISTORY'], { ...base, HELM_MAX_HISTORY: '3' }).out).toBe('3\n');
    expect(run(['env', 'TSHELM_MAX_HISTORY'], { ...base, HELM_MAX_HISTORY: '3', TSHELM_MAX_HISTORY: '7' }).out).toBe('7\n');
    expect(run(['-n', 'web', 'env', 'TSHELM_NAMESPACE'], { ...base, TSHELM_NAMESPACE: 'x' }).out).toBe('web\n');
  });

  it('usage errors: one line, Helm wording, nearest-name hint, exit 1', () => {
    const a = run(['templat']);
    expect(a.code).toBe(1);
    expect(a.err).toBe('Error: unknown command "templat" for "tshelm" (did you mean template?)\n');
    const b = run(['version', '--shrt']);
    expect(b.code).toBe(1);
    expect(b.err).toBe('Error: unknown flag: --shrt (did you mean --short?)\n');
  });

  it('tshelm with no arguments prints the help and succeeds', () => {
    const r = run([]);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: tshelm');
    expect(r.out).toContain('tshelm repo add edu https://iac-source.github.io/helm-charts');
  });

  it('completion candidates: subcommands, flags, flag values, repository names from repositories.yaml', () => {
    expect(run(['__complete', 'comp']).out).toBe('completion\n');
    expect(run(['__complete', 'completion', '']).out).toBe('bash\nfish\npowershell\nzsh\n');
    expect(run(['__complete', 'version', '--sh']).out).toBe('--short\n');
    expect(run(['__complete', 'version', '--output', 'y']).out).toBe('');
    const cfg = mkdtempSync(join(tmpdir(), 'tshelm-comp-'));
    writeFileSync(join(cfg, 'repositories.yaml'), 'apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: edu\n  url: https://iac-source.github.io/helm-charts\n- name: bitnami\n  url: https://charts.bitnami.com/bitnami\n');
    mkdirSync(join(cfg, 'cache'));
    writeFileSync(join(cfg, 'cache', 'edu-charts.txt'), 'metallb\nprometheus\n');
    const env = { TSHELM_REPOSITORY_CONFIG: join(cfg, 'repositories.yaml'), TSHELM_REPOSITORY_CACHE: join(cfg, 'cache') };
    expect(run(['__complete', 'repo', 'remove', ''], env).out).toBe('bitnami\nedu\n');
    expect(run(['__complete', 'install', 'metallb', 'edu/m'], env).out).toBe('edu/metallb\n');
    expect(run(['__complete', 'install', '-n', 'x', 'metallb', 'edu/'], env).out).toBe('edu/metallb\nedu/prometheus\n');
  });

  it.skipIf(spawnSync('bash', ['--version']).status !== 0)('completion bash: the script completes in a real bash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshelm-bash-'));
    const shim = join(dir, 'tshelm');
    writeFileSync(shim, `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
    chmodSync(shim, 0o755);
    const script = run(['completion', 'bash']).out;
    writeFileSync(join(dir, 'c.bash'), script);
    const r = spawnSync('bash', ['-c', `source ${dir}/c.bash; COMP_WORDS=(tshelm compl); COMP_CWORD=1; _tshelm_complete; echo "\${COMPREPLY[@]}"; COMP_WORDS=(tshelm completion z); COMP_CWORD=2; _tshelm_complete; echo "\${COMPREPLY[@]}"`], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}` },
    });
    expect(r.stdout).toBe('completion\nzsh\n');
  });

  it('completion scripts exist for every shell and name the binary', () => {
    for (const sh of ['bash', 'zsh', 'fish', 'powershell']) {
      const r = run(['completion', sh]);
      expect(r.code).toBe(0);
      expect(r.out).toContain('tshelm __complete');
    }
  });

  it('docs: a markdown file per command (and man pages) from the definitions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshelm-docs-'));
    expect(run(['docs', '--dir', dir]).code).toBe(0);
    const files = readdirSync(dir);
    expect(files).toContain('tshelm.md');
    expect(files).toContain('tshelm_version.md');
    expect(files).not.toContain('tshelm___complete.md');
    const md = readFileSync(join(dir, 'tshelm_version.md'), 'utf8');
    expect(md).toMatch(/^## tshelm version\n/);
    expect(md).toContain('--short');
    expect(md).toContain('[tshelm](tshelm.md)');
    const man = mkdtempSync(join(tmpdir(), 'tshelm-man-'));
    expect(run(['docs', '--type', 'man', '--dir', man]).code).toBe(0);
    expect(readFileSync(join(man, 'tshelm-version.1'), 'utf8')).toMatch(/^\.TH "TSHELM-VERSION" "1"/);
    const bad = run(['docs', '--type', 'pdf', '--dir', man]);
    expect(bad.code).toBe(1);
    expect(bad.err).toBe('Error: unknown doc type "pdf". Try "markdown" or "man"\n');
  });
});
