// Every command's --help (issue 9): usage, an Options section and an Examples section of tshelm command lines
// drawn from the textbook (src/cli/examples.ts). The whole command tree, built as src/cli/main.ts builds it.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../../src/cli/main.js';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));

/** Every visible command under the root, with its path (`get values`, `kustomize edit set image`). */
function walk(c: Command, path: string[] = []): [string, Command][] {
  const out: [string, Command][] = [];
  for (const s of c.commands) {
    if ((s as any)._hidden) continue;
    const p = [...path, s.name()];
    out.push([p.join(' '), s], ...walk(s, p));
  }
  return out;
}

/** What `tshelm PATH --help` prints: commander's help plus the addHelpText blocks, at a fixed width. */
function helpOf(c: Command): string {
  let text = '';
  for (let x: Command | null = c; x; x = x.parent)
    x.configureOutput({ writeOut: (s) => void (text += s), writeErr: (s) => void (text += s), getOutHelpWidth: () => 100, getOutHasColors: () => false });
  c.outputHelp();
  return text;
}

/** The lines of the Examples: section (up to the next blank line). */
function examplesOf(help: string): string[] | undefined {
  const m = help.match(/\nExamples:\n((?: {2}.*\n?)+)/);
  return m?.[1].split('\n').filter((l) => l.trim() !== '').map((l) => l.trim());
}

describe('cli: every command has usage, options and textbook examples in --help', () => {
  const commands = walk(buildProgram());

  it('the tree is the whole command line (subcommands included)', () => {
    const names = commands.map(([p]) => p);
    for (const p of ['install', 'upgrade', 'rollback', 'uninstall', 'history', 'status', 'list', 'get values', 'template', 'lint', 'package', 'pull', 'create', 'show values', 'dependency update', 'repo add', 'repo update', 'repo index', 'search repo', 'search hub', 'verify', 'test', 'registry login', 'registry logout', 'push', 'serve', 'kustomize create', 'kustomize edit set image', 'completion bash', 'plugin', 'plugin install', 'plugin list', 'plugin uninstall', 'plugin update'])
      expect(names, p).toContain(p);
    expect(names).not.toContain('__complete');
    expect(commands.length).toBeGreaterThan(70);
  });

  it('each has Usage, Options and an Examples section of tshelm command lines', () => {
    const missing: string[] = [];
    for (const [path, c] of commands) {
      const help = helpOf(c);
      const problems: string[] = [];
      // `Usage: tshelm get values [options] ...`; commander adds a command's first alias (`Usage: tshelm show|inspect`)
      if (!new RegExp(`^Usage: tshelm ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\|\\S+)? \\S`).test(help)) problems.push('usage');
      if (!/\nOptions:\n/.test(help)) problems.push('Options');
      const ex = examplesOf(help);
      if (!ex || ex.length === 0) problems.push('Examples');
      else {
        // comment lines (`# ...`) may introduce an example; the first command line is a tshelm one, and every line runs tshelm
        const lines = ex.filter((l) => !l.startsWith('#'));
        if (!lines[0]?.startsWith(`tshelm ${path.split(' ')[0]}`)) problems.push(`first example "${lines[0]}"`);
        for (const l of lines) if (!/(^|[|(<]\s*)tshelm /.test(l)) problems.push(`example "${l}"`);
      }
      if (problems.length) missing.push(`${path}: ${problems.join(', ')}`);
    }
    expect(missing).toEqual([]);
  });

  it('the textbook lines are there', () => {
    const all = commands.map(([, c]) => helpOf(c)).join('\n');
    for (const line of [
      'tshelm repo add edu https://iac-source.github.io/helm-charts',
      'tshelm repo update',
      'tshelm search repo edu',
      'tshelm install metallb edu/metallb -n metallb-system --create-namespace --set controller.tag=v0.8.3 --set configmap.ipRange=172.31.0.100-172.31.0.110',
      'tshelm upgrade metallb edu/metallb -n metallb-system --reuse-values --set controller.tag=v0.8.4',
      'tshelm history metallb -n metallb-system',
      'tshelm rollback metallb 1 -n metallb-system',
      'tshelm uninstall metallb -n metallb-system',
      'tshelm get values metallb -n metallb-system',
      'tshelm pull edu/metallb --untar',
      'tshelm show values edu/metallb',
    ])
      expect(all, line).toContain(`  ${line}\n`);
  });

  it.skipIf(!built)('the built command line prints them (tshelm install --help, tshelm repo update --help)', () => {
    for (const args of [['install', '--help'], ['repo', 'update', '--help'], ['get', 'values', '-h'], ['kustomize', 'edit', 'set', 'image', '--help']]) {
      const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage: tshelm /);
      expect(r.stdout, args.join(' ')).toMatch(/\nOptions:\n[\s\S]*\nExamples:\n {2}tshelm /);
    }
  });
});
