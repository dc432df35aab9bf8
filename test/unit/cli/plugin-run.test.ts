// Running installed plugins as `tshelm NAME [args...]` (src/cli/plugins.ts, src/plugin/plugin.ts): a plugin made
// in a temporary plugins directory (a small shell script), run through the built bin.
import { describe, it, expect, beforeAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expandEnv, goarch, goos, prepareCommand, type Plugin } from '../../../src/plugin/plugin.js';
import { splitPluginArgs } from '../../../src/cli/plugins.js';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'plugin', 'plugin.js'));

function makePlugin(plugins: string, dir: string, yaml: string, script?: string): string {
  const d = join(plugins, dir);
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'plugin.yaml'), yaml);
  if (script !== undefined) {
    writeFileSync(join(d, 'run.sh'), script);
    chmodSync(join(d, 'run.sh'), 0o755);
  }
  return d;
}

const SCRIPT = `#!/bin/sh
for a in "$@"; do echo "arg=$a"; done
for v in HELM_PLUGIN_NAME HELM_PLUGIN_DIR HELM_BIN HELM_DEBUG HELM_NAMESPACE HELM_KUBECONTEXT HELM_PLUGINS HELM_REPOSITORY_CONFIG KUBECONFIG TSHELM_NAMESPACE TSHELM_PLUGIN_DIR TSHELM_DEBUG; do
  eval "echo $v=\\$$v"
done
if [ -n "$READ_STDIN" ]; then echo "stdin=$(cat)"; fi
if [ -n "$CALL_BIN" ]; then "$HELM_BIN" version --short; fi
echo "to stderr" >&2
exit \${EXIT:-0}
`;

let home = '';
let plugins = '';
let helloDir = '';

function run(args: string[], opts: { env?: Record<string, string | undefined>; input?: string; fast?: boolean } = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input: opts.input ?? '',
    env: {
      ...process.env,
      TSHELM_PLUGINS: plugins,
      HELM_PLUGINS: undefined,
      TSHELM_NAMESPACE: undefined,
      HELM_NAMESPACE: undefined,
      TSHELM_DEBUG: undefined,
      HELM_DEBUG: undefined,
      TSHELM_KUBECONTEXT: undefined,
      HELM_KUBECONTEXT: undefined,
      HELM_NO_PLUGINS: undefined,
      TSHELM_NO_PLUGINS: undefined,
      KUBECONFIG: join(home, 'no-kubeconfig'),
      TSHELM_CONFIG_HOME: join(home, 'config'),
      TSHELM_CACHE_HOME: join(home, 'cache'),
      TSHELM_DATA_HOME: join(home, 'data'),
      TSHELM_NO_FAST_START: opts.fast ? undefined : '1',
      ...opts.env,
    },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The NAME=value lines of the script's output. */
function vars(out: string): Record<string, string> {
  const o: Record<string, string> = {};
  for (const l of out.split('\n')) {
    const m = l.match(/^([A-Z_]+)=(.*)$/);
    if (m) o[m[1]] = m[2];
  }
  return o;
}
const argsOf = (out: string) => out.split('\n').filter((l) => l.startsWith('arg=')).map((l) => l.slice(4));

describe('plugin commands: pieces', () => {
  it('os.ExpandEnv as Go expands', () => {
    const env = { A: 'x', B_1: 'y' };
    expect(expandEnv('$A/${B_1}/$C/end', env)).toBe('x/y//end');
    expect(expandEnv('cost $ 5 and $', env)).toBe('cost $ 5 and $');
    expect(expandEnv('${}z${A', env)).toBe('zA');
  });

  it("Helm's manuallyProcessArgs: the global flags it knows become settings, the rest stays in order", () => {
    expect(splitPluginArgs(['a', '--debug', '-n', 'ns', '--kube-context=c1', '--other', 'x', '--kube-as-group', 'g1', '--kube-as-group=g2', '--burst-limit', '5'])).toEqual({
      flags: { debug: true, namespace: 'ns', kubeContext: 'c1', kubeAsGroup: ['g1', 'g2'] },
      rest: ['a', '--other', 'x', '--burst-limit', '5'],
    });
  });

  it('platformCommand for this OS and architecture first, then this OS, else command; ignoreFlags drops the arguments', () => {
    const p = (md: Partial<Plugin['metadata']>): Plugin => ({
      dir: '/p',
      metadata: { name: 'x', version: '', usage: '', description: '', command: '', platformCommand: [], ignoreFlags: false, hooks: {}, downloaders: [], ...md },
    });
    const env = { HELM_PLUGIN_DIR: '/p' };
    expect(prepareCommand(p({ command: '$HELM_PLUGIN_DIR/bin a' }), ['b'], env)).toEqual({ main: '/p/bin', args: ['a', 'b'] });
    const platformCommand = [
      { os: 'plan9', arch: '', command: 'no' },
      { os: goos().toUpperCase(), arch: 'other', command: 'os-only' },
      { os: goos(), arch: goarch(), command: 'exact x' },
    ];
    expect(prepareCommand(p({ command: 'default', platformCommand }), ['b'], env)).toEqual({ main: 'exact', args: ['x', 'b'] });
    expect(prepareCommand(p({ command: 'default', platformCommand: platformCommand.slice(0, 2) }), [], env).main).toBe('os-only');
    expect(prepareCommand(p({ command: 'default', platformCommand: platformCommand.slice(0, 1) }), [], env).main).toBe('default');
    expect(prepareCommand(p({ command: 'c a', ignoreFlags: true }), ['b'], env)).toEqual({ main: 'c', args: ['a'] });
    expect(() => prepareCommand(p({}), [], env)).toThrow('no plugin command is applicable');
  });
});

describe.skipIf(!built)('cli: running plugins (dist/ built by npm test)', () => {
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'tshelm-plugin-run-'));
    plugins = join(home, 'plugins');
    helloDir = makePlugin(
      plugins,
      'hello-dir',
      'name: hello\nversion: 0.1.0\nusage: say hello from a plugin\ndescription: |\n  A test plugin that prints its arguments and environment.\ncommand: "$HELM_PLUGIN_DIR/run.sh --from-yaml ${HELM_PLUGIN_NAME}"\n',
      SCRIPT,
    );
    makePlugin(plugins, 'quiet', 'name: quiet\ncommand: "$HELM_PLUGIN_DIR/run.sh fixed"\nignoreFlags: true\n', SCRIPT);
  });

  it('runs the command with $HELM_PLUGIN_DIR expanded, the arguments after it, global flags taken out as settings', () => {
    const r = run(['--debug', 'hello', 'a b', '-n', 'ns1', '--flag', '--kube-context=ctx1', 'c', '--help']);
    expect(r.code, r.err).toBe(0);
    expect(argsOf(r.out)).toEqual(['--from-yaml', 'hello', 'a b', '--flag', 'c', '--help']);
    const v = vars(r.out);
    expect(v).toMatchObject({
      HELM_PLUGIN_NAME: 'hello',
      HELM_PLUGIN_DIR: helloDir,
      TSHELM_PLUGIN_DIR: helloDir,
      HELM_BIN: bin,
      HELM_DEBUG: 'true',
      TSHELM_DEBUG: 'true',
      HELM_NAMESPACE: 'ns1',
      TSHELM_NAMESPACE: 'ns1',
      HELM_KUBECONTEXT: 'ctx1',
      HELM_PLUGINS: plugins,
      HELM_REPOSITORY_CONFIG: join(home, 'config', 'repositories.yaml'),
    });
    expect(r.err).toBe('to stderr\n');
  });

  it('the defaults: HELM_DEBUG=false, the namespace from the kubeconfig (default), --kubeconfig as KUBECONFIG', () => {
    const kc = join(home, 'kubeconfig');
    writeFileSync(kc, 'apiVersion: v1\nkind: Config\ncurrent-context: c\ncontexts:\n- context:\n    cluster: x\n    namespace: from-kc\n  name: c\n');
    expect(vars(run(['hello']).out)).toMatchObject({ HELM_DEBUG: 'false', HELM_NAMESPACE: 'default', HELM_KUBECONTEXT: '' });
    expect(vars(run(['hello', '--kubeconfig', kc]).out)).toMatchObject({ HELM_NAMESPACE: 'from-kc', KUBECONFIG: kc });
    // a stale TSHELM_ twin in the environment is overwritten, so `$HELM_BIN ...` inside sees the same settings
    expect(vars(run(['hello', '-n', 'x'], { env: { TSHELM_NAMESPACE: 'old' } }).out)).toMatchObject({ HELM_NAMESPACE: 'x', TSHELM_NAMESPACE: 'x' });
  });

  it('passes stdin through, and HELM_BIN runs tshelm', () => {
    const r = run(['hello'], { input: 'from the pipe\n', env: { READ_STDIN: '1', CALL_BIN: '1' } });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('stdin=from the pipe\n');
    expect(r.out).toMatch(/\nv3\.13\.3\+tshelm\.[\d.]+\n$/);
  });

  it("exits with the plugin's exit code and Helm's message", () => {
    const r = run(['hello', 'x'], { env: { EXIT: '3' } });
    expect(r.code).toBe(3);
    expect(r.err).toBe('to stderr\nError: plugin "hello" exited with error\n');
  });

  it('ignoreFlags: the arguments are dropped (the global flags still become settings)', () => {
    const r = run(['quiet', 'a', '-n', 'ns2', '--x']);
    expect(r.code, r.err).toBe(0);
    expect(argsOf(r.out)).toEqual(['fixed']);
    expect(vars(r.out).HELM_NAMESPACE).toBe('ns2');
  });

  it('a command that cannot be started is an error as Go words it', () => {
    const d = join(home, 'other-plugins');
    makePlugin(d, 'broken', 'name: broken\ncommand: $HELM_PLUGIN_DIR/missing.sh\n');
    const r = run(['broken'], { env: { TSHELM_PLUGINS: d } });
    expect(r).toEqual({ code: 1, out: '', err: `Error: fork/exec ${join(d, 'broken', 'missing.sh')}: no such file or directory\n` });
  });

  it('the root help lists the plugins under their own heading; the fast start declines and the full command line answers', () => {
    for (const args of [[], ['--help'], ['-h'], ['help']]) {
      const fast = run(args, { fast: true });
      const slow = run(args);
      expect(fast, args.join(' ')).toEqual(slow);
      expect(fast.code).toBe(0);
      expect(fast.out).toMatch(/\nCommands:\n[^]*\n\nPlugins:\n {2}hello \[args\.\.\.\] +say hello from a plugin\n {2}quiet \[args\.\.\.\] +the "quiet" plugin\n$/);
    }
    // with no plugin (or plugins off) the snapshot is back
    expect(run(['--help'], { fast: true, env: { TSHELM_PLUGINS: join(home, 'none') } }).out).not.toContain('Plugins:');
    expect(run(['--help'], { fast: true, env: { HELM_NO_PLUGINS: '1' } }).out).not.toContain('Plugins:');
    expect(run(['version', '--short'], { fast: true }).out).toMatch(/^v3\.13\.3\+tshelm/);
    const help = run(['help', 'hello']);
    expect(help.out).toBe('Usage: tshelm hello [args...]\n\nA test plugin that prints its arguments and environment.\n');
  });

  it('completion offers the plugins', () => {
    expect(run(['__complete', '']).out.split('\n')).toEqual(expect.arrayContaining(['hello', 'quiet', 'install']));
    expect(run(['__complete', 'he']).out).toBe('hello\n');
  });

  it("completion after a plugin's name: its completion.yaml, then plugin.complete with the subcommands, the arguments and the word", () => {
    const d = join(home, 'comp-plugins');
    const dir = makePlugin(d, 'comp', 'name: comp\ncommand: $HELM_PLUGIN_DIR/run.sh\n', SCRIPT);
    writeFileSync(join(dir, 'completion.yaml'), 'commands:\n- name: start\n  flags: [wait, w, timeout]\n  validArgs: [alpha, beta]\n- name: stop\n  commands:\n  - name: now\n');
    writeFileSync(join(dir, 'plugin.complete'), '#!/bin/sh\necho "$*|$HELM_NAMESPACE"\necho "beta-dyn"\necho ":4"\n');
    chmodSync(join(dir, 'plugin.complete'), 0o755);
    const env = { TSHELM_PLUGINS: d };
    const complete = (...words: string[]) => run(['__complete', ...words], { env }).out.split('\n').filter(Boolean);
    expect(complete('comp', '')).toEqual(['start', 'stop']);
    expect(complete('comp', 'start', '')).toEqual(['alpha', 'beta', 'beta-dyn', 'start |default']);
    expect(complete('-n', 'ns', 'comp', 'start', 'x', 'b')).toEqual(['beta-dyn']);
    expect(complete('comp', 'start', 'x', '')).toEqual(['beta-dyn', 'start x |default']);
    expect(complete('comp', 'start', '--t')).toEqual(['--timeout']);
    expect(complete('comp', 'start', '-')).toEqual(['--timeout', '--wait', '-w']);
    expect(complete('comp', 'stop', '')).toEqual(['now']); // has subcommands: no plugin.complete
    expect(complete('comp', 'stop', 'now', 's')).toEqual(['stop now s|default']);
  });

  it('HELM_NO_PLUGINS=1 loads none', () => {
    const r = run(['hello'], { env: { HELM_NO_PLUGINS: '1' } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^Error: unknown command "hello" for "tshelm"/);
  });

  it('a plugin named as a command (or alias) is refused at load; the command is still the built-in', () => {
    const d = join(home, 'clash-plugins');
    makePlugin(d, 'a-repo', 'name: repo\ncommand: $HELM_PLUGIN_DIR/run.sh\n', SCRIPT);
    makePlugin(d, 'b-ls', 'name: ls\ncommand: $HELM_PLUGIN_DIR/run.sh\n', SCRIPT);
    makePlugin(d, 'c-fine', 'name: fine\ncommand: $HELM_PLUGIN_DIR/run.sh\n', SCRIPT);
    const env = { TSHELM_PLUGINS: d };
    const refused = 'failed to load plugins: name conflicts: repo\nfailed to load plugins: name conflicts: ls\n';
    const r = run(['repo', 'list'], { env });
    expect(r.err).toBe(refused + 'Error: no repositories to show\n');
    expect(r.out).toBe('');
    const help = run(['--help'], { env, fast: true });
    expect(help.err).toBe(refused);
    expect(help.out).toMatch(/\n\nPlugins:\n {2}fine \[args\.\.\.\] +the "fine" plugin\n$/);
    expect(argsOf(run(['fine', 'z'], { env }).out)).toEqual(['z']);
  });

  it('a plugin that cannot be loaded: "failed to load plugins", and no plugin is loaded', () => {
    const d = join(home, 'bad-plugins');
    makePlugin(d, 'ok', 'name: ok\ncommand: $HELM_PLUGIN_DIR/run.sh\n', SCRIPT);
    makePlugin(d, 'bad', 'name: "bad name"\ncommand: x\n');
    const r = run(['ok'], { env: { TSHELM_PLUGINS: d } });
    expect(r.err).toBe(`failed to load plugins: invalid plugin name at "${join(d, 'bad', 'plugin.yaml')}"\nError: unknown command "ok" for "tshelm"\n`);
  });
});

describe.skipIf(!built)('cli: downloader plugins for URL schemes (repo add, pull, install/template)', () => {
  it('a chart URL of a scheme a plugin lists is fetched by its command: DIR/COMMAND ARGS CERT KEY CA URL, stdout the content', () => {
    home = mkdtempSync(join(tmpdir(), 'tshelm-plugin-dl-'));
    plugins = join(home, 'plugins');
    const store = join(home, 'store');
    const log = join(home, 'log');
    const d = makePlugin(plugins, 'fake', 'name: fake\nversion: 0.1.0\ndownloaders:\n- command: "bin/get.sh extra"\n  protocols: ["tsfake", "tsfake2"]\n');
    mkdirSync(join(d, 'bin'));
    writeFileSync(
      join(d, 'bin', 'get.sh'),
      `#!/bin/sh\necho "$# [$1] [$2] [$3] [$4] [$5] $HELM_PLUGIN_NAME" >> "${log}"\npath=\${5#*://*/}\ncat "${store}/$path" 2>/dev/null || { echo "no $path" >&2; exit 1; }\n`,
    );
    chmodSync(join(d, 'bin', 'get.sh'), 0o755);
    mkdirSync(join(store, 'charts'), { recursive: true });
    expect(run(['create', join(home, 'mychart')]).code).toBe(0);
    expect(run(['package', join(home, 'mychart'), '-d', join(store, 'charts')]).code).toBe(0);
    expect(run(['repo', 'index', join(store, 'charts')]).code).toBe(0);

    expect(run(['repo', 'add', 'fake', 'tsfake://h/charts'])).toEqual({ code: 0, out: '"fake" has been added to your repositories\n', err: '' });
    const out1 = join(home, 'out1');
    expect(run(['pull', 'fake/mychart', '-d', out1])).toMatchObject({ code: 0, err: '' });
    expect(existsSync(join(out1, 'mychart-0.1.0.tgz'))).toBe(true);
    const out2 = join(home, 'out2');
    expect(run(['pull', 'tsfake2://h/charts/mychart-0.1.0.tgz', '-d', out2, '--ca-file', '/ca.pem'])).toMatchObject({ code: 0, err: '' });
    expect(existsSync(join(out2, 'mychart-0.1.0.tgz'))).toBe(true);
    const t = run(['template', 'x', 'tsfake://h/charts/mychart-0.1.0.tgz']);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain('# Source: mychart/templates/service.yaml');
    // values files too (Helm's values readFile asks the getters by scheme)
    writeFileSync(join(store, 'vals.yaml'), 'service:\n  port: 8123\n');
    const v = run(['template', 'x', join(home, 'mychart'), '-f', 'tsfake://h/vals.yaml', '--show-only', 'templates/service.yaml']);
    expect(v.code, v.err).toBe(0);
    expect(v.out).toContain('port: 8123');

    const missing = run(['pull', 'tsfake://h/charts/nope-0.1.0.tgz', '-d', out2]);
    expect(missing).toEqual({ code: 1, out: '', err: 'no charts/nope-0.1.0.tgz\nError: plugin "bin/get.sh extra" exited with error\n' });
    expect(run(['pull', 'nope://h/x.tgz']).err).toBe('Error: could not find protocol handler for: nope\n');

    expect(readFileSync(log, 'utf8').split('\n').slice(0, 3)).toEqual([
      '5 [extra] [] [] [] [tsfake://h/charts/index.yaml] fake',
      '5 [extra] [] [] [] [tsfake://h/charts/mychart-0.1.0.tgz] fake',
      '5 [extra] [] [] [/ca.pem] [tsfake2://h/charts/mychart-0.1.0.tgz] fake',
    ]);
  });
});
