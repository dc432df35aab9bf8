// The fast start (src/cli/fast-start.ts): `tshelm version [--short]` and the root help answered without commander,
// byte for byte what the full command line prints (TSHELM_NO_FAST_START=1), for any terminal width and colour setting.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'fast-start.js'));
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const FAST_ARGV = [[], ['--help'], ['-h'], ['help'], ['version'], ['version', '--short']];
const ENVS: Record<string, string | undefined>[] = [
  { NO_COLOR: undefined, FORCE_COLOR: undefined, CLICOLOR_FORCE: undefined },
  { NO_COLOR: '1', FORCE_COLOR: undefined, CLICOLOR_FORCE: undefined },
  { NO_COLOR: undefined, FORCE_COLOR: '1', CLICOLOR_FORCE: undefined },
];

let preload = '';
function run(args: string[], env: Record<string, string | undefined>, slow: boolean) {
  const r = spawnSync(process.execPath, ['--require', preload, bin, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, TSHELM_NO_FAST_START: slow ? '1' : undefined },
  });
  // The preload adds a last stderr line: whether commander was loaded.
  const errLines = r.stderr.split('\n');
  const loaded = errLines[errLines.length - 2];
  return { code: r.status, out: r.stdout, err: errLines.slice(0, -2).join('\n'), commander: loaded === 'commander:yes' };
}

describe.skipIf(!built)('cli: fast start (dist/ built by npm test)', () => {
  beforeAll(async () => {
    // A bare `tsc` leaves the snapshot stale (the fast start then declines the help): write it, as `npm run build` does.
    const fast = await import(pathToFileURL(join(root, 'dist', 'cli', 'fast-start.js')).href);
    if (fast.rootHelp(undefined) === undefined) {
      const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-help.mjs')], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const dir = mkdtempSync(join(tmpdir(), 'tshelm-startup-'));
    preload = join(dir, 'preload.cjs');
    writeFileSync(
      preload,
      "process.on('exit', () => require('fs').writeSync(2, 'commander:' + (Object.keys(require.cache).some((k) => /[\\\\/]commander[\\\\/]/.test(k)) ? 'yes' : 'no') + '\\n'));\n",
    );
  });

  it('the help snapshot is current once `npm run build` (or its last step) ran', async () => {
    const fast = await import(pathToFileURL(join(root, 'dist', 'cli', 'fast-start.js')).href);
    expect(fast.rootHelp(undefined), 'dist/cli/help-root.json is missing or stale after scripts/build-help.mjs').toBeTypeOf('string');
  });

  it('prints what the full command line prints, same exit code, without loading commander', () => {
    for (const env of ENVS)
      for (const args of FAST_ARGV) {
        const fast = run(args, env, false);
        const slow = run(args, env, true);
        const what = `tshelm ${args.join(' ')} ${JSON.stringify(env)}`;
        expect(slow.commander, what).toBe(true);
        expect(fast.commander, what).toBe(false);
        expect(fast.out, what).toBe(slow.out);
        expect(fast.err, what).toBe(slow.err);
        expect(fast.code, what).toBe(slow.code);
        expect(fast.code, what).toBe(0);
        expect(fast.err, what).toBe('');
      }
    expect(run([], {}, false).out).toMatch(/^Usage: tshelm \[options\] \[command\]\n/);
    expect(run(['version', '--short'], {}, false).out).toMatch(/^v3\.13\.3\+tshelm\.[\d.]+\n$/);
  });

  it('other arguments go to the full command line', () => {
    for (const args of [['version', '--template', '{{ .Version }}'], ['--debug', 'version'], ['version', '--shrt'], ['install', '--help']])
      expect(run(args, {}, false).commander, args.join(' ')).toBe(true);
  });

  it.skipIf(!hasScript)('on a terminal, the help is wrapped to its width as commander wraps it', () => {
    const tty = (cols: number, args: string, slow: boolean) =>
      spawnSync('script', ['-qec', `stty cols ${cols}; exec "${process.execPath}" "${bin}" ${args}`, '/dev/null'], {
        encoding: 'utf8',
        env: { ...process.env, TSHELM_NO_FAST_START: slow ? '1' : undefined },
      }).stdout;
    const seen = new Set<string>();
    for (const cols of [20, 45, 79, 80, 81, 100, 120, 150, 400]) {
      const fast = tty(cols, '--help', false);
      expect(fast, `${cols} columns`).toBe(tty(cols, '--help', true));
      seen.add(fast);
    }
    expect(seen.size).toBeGreaterThan(3); // the widths really changed the wrapping
  });
});
