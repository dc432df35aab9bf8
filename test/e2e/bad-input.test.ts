// End to end: bad input, every command. The project's rule: bad input (malformed YAML, a broken --set, a hostile
// tarball, a template that recurses forever, a server that answers garbage, a missing file, a wrong flag value)
// gets a one-line `Error: ...` naming the file, line or flag, a non-zero exit, no partial writes and no stack
// trace unless --debug. Helm's usage errors (require.ExactArgs & co) may add a `Usage:` block after the line:
// `Error: "tshelm X" requires N argument(s)\n\nUsage:  tshelm X ...`.
//
// The matrix runs the built CLI once per case, a small pool at a time, against one shared test cluster, an
// unreachable one (a kubeconfig naming 127.0.0.1:1) and a tiny HTTP server that answers junk (as a chart
// repository, an OCI registry, a hub and a Kubernetes API server).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { useCluster } from '../cluster/cluster.js';
import { ROOT, homeEnv, runCli, type CliResult } from './cli.js';

const built = existsSync(join(ROOT, 'dist/cli/main.js'));

interface Case {
  /** the command under test (for grouping in the report) */
  cmd: string;
  /** what is wrong with the input */
  why: string;
  /** the arguments; $W the fixtures folder, $OUT a new empty folder of the case's own (which must stay empty),
   *  $JUNK the junk server's URL, $JHOST its host:port, $KC the test cluster's kubeconfig, $DOWN a kubeconfig
   *  naming an unreachable server, $JKC one naming the junk server, $NS the test namespace */
  args: string[];
  /** the error line (after `Error: `) matches this */
  err?: RegExp;
  /** Helm prints a `Usage:` block after the error line (cobra argument checks of Helm's require package): required */
  usage?: boolean;
  /** Helm's template adds "Use --debug flag to render out invalid YAML" after an error in rendering */
  debugHint?: boolean;
  /** the exit code when it is not 1 */
  code?: number;
  /** run in this folder ($OUT, $W/...) */
  cwd?: string;
  /** paths (with placeholders) that must be exactly as they were before the command ran (or still absent) */
  guard?: string[];
  input?: string;
}

// --------------------------------------------------------------------------------------------------------------
// fixtures

const W = mkdtempSync(join(tmpdir(), 'tshelm-bad-input-'));

function write(rel: string, text: string | Buffer): string {
  const p = join(W, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

function chart(dir: string, chartYaml: string, values = 'color: blue\n', templates: Record<string, string> = {}): void {
  write(`${dir}/Chart.yaml`, chartYaml);
  write(`${dir}/values.yaml`, values);
  const t = Object.keys(templates).length ? templates : { 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  color: {{ .Values.color }}\n' };
  for (const [name, text] of Object.entries(t)) write(`${dir}/templates/${name}`, text);
}

/** A ustar archive of the given entries (names are written as they are, `..` included), gzipped. */
function tgz(entries: Array<{ name: string; body?: string; type?: '0' | '2' | '5'; link?: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const e of entries) {
    const body = Buffer.from(e.body ?? '');
    const h = Buffer.alloc(512);
    h.write(e.name, 0, 100);
    h.write(e.type === '5' ? '0000755\0' : '0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write(e.type ?? '0', 156);
    if (e.link) h.write(e.link, 157, 100);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

chart('good', 'apiVersion: v2\nname: good\nversion: 0.1.0\n');
chart('badchart', 'apiVersion: v2\nname: [badchart\nversion: 0.1.0\n');
chart('badvals', 'apiVersion: v2\nname: badvals\nversion: 0.1.0\n', 'color: blue\n  size: [1, 2\n');
chart('noversion', 'apiVersion: v2\nname: noversion\n');
chart('badtpl', 'apiVersion: v2\nname: badtpl\nversion: 0.1.0\n', 'a: 1\n', { 'cm.yaml': 'kind: ConfigMap\n{{ .Values.a | nosuchfunc }}\n' });
chart('recurse', 'apiVersion: v2\nname: recurse\nversion: 0.1.0\n', 'a: 1\n', { 'loop.yaml': '{{- define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}\n' });
chart('baddeps', 'apiVersion: v2\nname: baddeps\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    repository: $JUNK/charts\n', 'a: 1\n');
chart('missingdep', 'apiVersion: v2\nname: missingdep\nversion: 0.1.0\ndependencies:\n  - name: sub\n    version: 1.0.0\n    repository: file://../nowhere\n', 'a: 1\n');
write('badvalues.yaml', 'a: 1\nb: [1, 2\nc: 3\n');
write('notachart/README.md', 'nothing here\n');
write('notgz.tgz', 'this is not a gzip stream\n');
write('evil.tgz', tgz([
  { name: 'evil/Chart.yaml', body: 'apiVersion: v2\nname: evil\nversion: 0.1.0\n' },
  { name: 'evil/templates/../../../escaped.yaml', body: 'kind: ConfigMap\n' },
]));
write('evillink.tgz', tgz([
  { name: 'evil/Chart.yaml', body: 'apiVersion: v2\nname: evil\nversion: 0.1.0\n' },
  { name: 'evil/templates/link.yaml', type: '2', link: '/etc/passwd' },
]));
write('kust/bad/kustomization.yaml', 'resources:\n  - cm.yaml\nnamePrefix: [oops\n');
write('kust/missingres/kustomization.yaml', 'resources:\n  - nope.yaml\n');
write('kust/exists/kustomization.yaml', 'resources: []\n');
write('kust/empty/.keep', '');
write('index/bad-merge.yaml', 'apiVersion: v1\nentries: [oops\n');
write('index/charts/.keep', '');
write('plugin-bad/plugin.yaml', 'name: [bad\nversion: 0.1.0\n');
write('down.kubeconfig', kubeconfig('https://127.0.0.1:1'));
write('passphrase', 'x\n');

function kubeconfig(server: string): string {
  return `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: c\n  context:\n    cluster: c\n    user: u\n    namespace: default\ncurrent-context: c\nusers:\n- name: u\n  user:\n    token: t\n`;
}

// --------------------------------------------------------------------------------------------------------------
// the matrix

const REL = 'bad-input-rel';
const U = '$KC'; // the test cluster

const cases: Case[] = [
  // ---- template
  { cmd: 'template', why: 'no chart', args: ['template'], usage: true, err: /^"tshelm template" requires at least 1 argument$/ },
  { cmd: 'template', why: 'unknown flag', args: ['template', 'x', '$W/good', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'template', why: 'missing chart dir', args: ['template', 'x', '$W/missing'], err: /missing/ },
  { cmd: 'template', why: 'malformed Chart.yaml', args: ['template', 'x', '$W/badchart'], err: /Chart\.yaml/ },
  { cmd: 'template', why: 'malformed values.yaml in the chart', args: ['template', 'x', '$W/badvals'], err: /values\.yaml/ },
  { cmd: 'template', why: 'malformed -f file', args: ['template', 'x', '$W/good', '-f', '$W/badvalues.yaml'], err: /badvalues\.yaml/ },
  { cmd: 'template', why: 'missing -f file', args: ['template', 'x', '$W/good', '-f', '$W/nope.yaml'], err: /nope\.yaml/ },
  { cmd: 'template', why: 'broken --set', args: ['template', 'x', '$W/good', '--set', 'a[=1'], err: /a\[=1|--set|parse/ },
  { cmd: 'template', why: 'broken --set-json', args: ['template', 'x', '$W/good', '--set-json', 'a={oops'], err: /json|JSON|--set-json/ },
  { cmd: 'template', why: 'missing --set-file', args: ['template', 'x', '$W/good', '--set-file', 'a=$W/nope.txt'], err: /nope\.txt/ },
  { cmd: 'template', why: 'unknown template function', args: ['template', 'x', '$W/badtpl'], err: /nosuchfunc/, debugHint: true },
  { cmd: 'template', why: 'a template that recurses forever', args: ['template', 'x', '$W/recurse'], err: /nested reference name: loop/, debugHint: true },
  { cmd: 'template', why: 'hostile tarball (.. in a path)', args: ['template', 'x', '$W/evil.tgz'], err: /evil|illegal|path|\.\./ },
  { cmd: 'template', why: 'hostile tarball (symlink)', args: ['template', 'x', '$W/evillink.tgz'], err: /link|evil/ },
  { cmd: 'template', why: 'not a gzip archive', args: ['template', 'x', '$W/notgz.tgz'], err: /notgz|gzip/ },
  { cmd: 'template', why: 'a folder without Chart.yaml', args: ['template', 'x', '$W/notachart'], err: /Chart\.yaml|notachart/ },
  { cmd: 'template', why: 'bad --kube-version', args: ['template', 'x', '$W/good', '--kube-version', 'banana'], err: /banana|kube-version/ },
  { cmd: 'template', why: 'bad --version constraint', args: ['template', 'x', 'good', '--repo', '$JUNK', '--version', '>>1'], err: /is not a valid chart repository/ },
  { cmd: 'template', why: 'bad --timeout', args: ['template', 'x', '$W/good', '--timeout', 'nope'], err: /nope/ },
  { cmd: 'template', why: '--output-dir is a file', args: ['template', 'x', '$W/good', '--output-dir', '$W/badvalues.yaml'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'template', why: '--show-only names no template', args: ['template', 'x', '$W/good', '-s', 'templates/nope.yaml'], err: /nope\.yaml/ },
  { cmd: 'template', why: 'a repository answering junk', args: ['template', 'x', 'good', '--repo', '$JUNK'], err: /\$JUNK|index|repository/ },
  { cmd: 'template', why: 'missing --kustomize dir', args: ['template', 'x', '$W/good', '--kustomize', '$W/nope'], err: /nope/ },
  { cmd: 'template', why: 'missing post-renderer', args: ['template', 'x', '$W/good', '--post-renderer', '$W/nope-renderer'], err: /nope-renderer/ },

  // ---- lint
  { cmd: 'lint', why: 'unknown flag', args: ['lint', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'lint', why: 'missing folder', args: ['lint', '$W/missing'], err: /linted, 1 chart\(s\) failed/ },
  { cmd: 'lint', why: 'malformed Chart.yaml', args: ['lint', '$W/badchart'], err: /linted, 1 chart\(s\) failed/ },
  { cmd: 'lint', why: 'malformed values.yaml', args: ['lint', '$W/badvals'], err: /linted, 1 chart\(s\) failed/ },
  { cmd: 'lint', why: 'malformed -f file', args: ['lint', '$W/good', '-f', '$W/badvalues.yaml'], err: /badvalues\.yaml/ },
  { cmd: 'lint', why: 'broken --set', args: ['lint', '$W/good', '--set', 'a[=1'], err: /a\[=1|--set|parse/ },
  { cmd: 'lint', why: 'hostile tarball', args: ['lint', '$W/evil.tgz'], err: /failed|evil|illegal|\.\./ },

  // ---- show
  { cmd: 'show all', why: 'no chart', args: ['show', 'all'], usage: true, err: /^"tshelm show all" requires 1 argument$/ },
  { cmd: 'show chart', why: 'malformed Chart.yaml', args: ['show', 'chart', '$W/badchart'], err: /Chart\.yaml/ },
  { cmd: 'show values', why: 'malformed values.yaml', args: ['show', 'values', '$W/badvals'], err: /values\.yaml/ },
  { cmd: 'show values', why: 'bad --jsonpath', args: ['show', 'values', '$W/good', '--jsonpath', '{.color'], err: /jsonpath|\{\.color/i },
  { cmd: 'show readme', why: 'missing chart', args: ['show', 'readme', '$W/missing'], err: /missing/ },
  { cmd: 'show crds', why: 'not a gzip archive', args: ['show', 'crds', '$W/notgz.tgz'], err: /notgz|gzip/ },
  { cmd: 'show chart', why: 'unknown flag', args: ['show', 'chart', '$W/good', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'show chart', why: 'a repository answering junk', args: ['show', 'chart', 'good', '--repo', '$JUNK'], err: /\$JUNK|index|repository/ },
  { cmd: 'show', why: 'unknown subcommand', args: ['show', 'nope'], err: /nope/ },

  // ---- create
  { cmd: 'create', why: 'no name', args: ['create'], usage: true, cwd: '$OUT', err: /^"tshelm create" requires 1 argument$/ },
  { cmd: 'create', why: 'unknown flag', args: ['create', '$OUT/x', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'create', why: 'missing starter', args: ['create', '$OUT/x', '--starter', '$W/nope-starter'], err: /nope-starter/ },
  { cmd: 'create', why: 'starter with a malformed Chart.yaml', args: ['create', '$OUT/x', '--starter', '$W/badchart'], err: /Chart\.yaml|badchart/ },
  { cmd: 'create', why: 'a name that is a file', args: ['create', '$W/badvalues.yaml'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'create', why: 'an invalid chart name', args: ['create', '$OUT/bad name!'], err: /bad name!|name/ },

  // ---- package
  // Helm's package checks its arguments itself, without a Usage block
  { cmd: 'package', why: 'no chart', args: ['package'], err: /^need at least one argument, the path to the chart$/ },
  { cmd: 'package', why: 'missing folder', args: ['package', '$W/missing', '-d', '$OUT'], err: /missing/ },
  { cmd: 'package', why: 'malformed Chart.yaml', args: ['package', '$W/badchart', '-d', '$OUT'], err: /Chart\.yaml/ },
  { cmd: 'package', why: 'malformed values.yaml', args: ['package', '$W/badvals', '-d', '$OUT'], err: /values\.yaml/ },
  { cmd: 'package', why: 'bad --version', args: ['package', '$W/good', '-d', '$OUT', '--version', '>>1'], err: /semantic version|>>1/i },
  { cmd: 'package', why: 'no version in Chart.yaml', args: ['package', '$W/noversion', '-d', '$OUT'], err: /version/ },
  { cmd: 'package', why: 'missing dependency', args: ['package', '$W/missingdep', '-d', '$OUT'], err: /sub|dependenc/ },
  { cmd: 'package', why: '--dependency-update against a junk repository', args: ['package', '$W/baddeps', '-d', '$OUT', '-u'], err: /\$JUNK|index|repository|sub/, guard: ['$W/baddeps'] },
  { cmd: 'package', why: '--sign without a keyring', args: ['package', '$W/good', '-d', '$OUT', '--sign', '--key', 'me', '--keyring', '$W/nope.gpg', '--passphrase-file', '$W/passphrase'], err: /nope\.gpg/ },
  { cmd: 'package', why: 'destination is a file', args: ['package', '$W/good', '-d', '$W/badvalues.yaml'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'package', why: 'unknown flag', args: ['package', '$W/good', '--nope'], err: /^unknown flag: --nope/ },

  // ---- dependency
  { cmd: 'dependency list', why: 'missing chart', args: ['dependency', 'list', '$W/missing'], err: /missing/ },
  { cmd: 'dependency list', why: 'malformed Chart.yaml', args: ['dependency', 'list', '$W/badchart'], err: /Chart\.yaml/ },
  { cmd: 'dependency update', why: 'a repository answering junk', args: ['dependency', 'update', '$W/baddeps'], err: /\$JUNK|index|repository|sub/, guard: ['$W/baddeps'] },
  { cmd: 'dependency update', why: 'a missing file:// dependency', args: ['dependency', 'update', '$W/missingdep'], err: /nowhere|sub/, guard: ['$W/missingdep'] },
  { cmd: 'dependency update', why: 'malformed Chart.yaml', args: ['dependency', 'update', '$W/badchart'], err: /Chart\.yaml/, guard: ['$W/badchart'] },
  { cmd: 'dependency build', why: 'missing chart', args: ['dependency', 'build', '$W/missing'], err: /missing/ },
  { cmd: 'dependency build', why: 'a repository answering junk', args: ['dependency', 'build', '$W/baddeps'], err: /\$JUNK|index|repository|sub/, guard: ['$W/baddeps'] },
  { cmd: 'dependency', why: 'unknown subcommand', args: ['dependency', 'nope'], err: /nope/ },
  { cmd: 'dependency update', why: 'too many args', args: ['dependency', 'update', '$W/good', '$W/good'], usage: true, err: /accepts at most 1 argument/ },

  // ---- install / upgrade (test cluster)
  { cmd: 'install', why: 'no args', args: ['install', '--kubeconfig', U], usage: true, err: /^"tshelm install" requires at least 1 argument$/ },
  { cmd: 'install', why: 'too many args', args: ['install', '--kubeconfig', U, 'a', '$W/good', 'c', 'd'], err: /expected at most two arguments, unexpected arguments: c, d/ },
  { cmd: 'install', why: 'unknown flag', args: ['install', '--kubeconfig', U, 'x', '$W/good', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'install', why: 'bad --timeout', args: ['install', '--kubeconfig', U, 'x', '$W/good', '--timeout', 'nope'], err: /nope.*--timeout|--timeout.*nope/ },
  { cmd: 'install', why: '-o xml', args: ['install', '--kubeconfig', U, 'x', '$W/good', '-o', 'xml'], err: /xml/ },
  { cmd: 'install', why: 'malformed -f file', args: ['install', '--kubeconfig', U, '-n', '$NS', 'x1', '$W/good', '-f', '$W/badvalues.yaml'], err: /badvalues\.yaml/ },
  { cmd: 'install', why: 'malformed Chart.yaml', args: ['install', '--kubeconfig', U, '-n', '$NS', 'x2', '$W/badchart'], err: /Chart\.yaml/ },
  { cmd: 'install', why: 'missing chart', args: ['install', '--kubeconfig', U, '-n', '$NS', 'x3', '$W/missing'], err: /missing/ },
  { cmd: 'install', why: 'a template that recurses forever', args: ['install', '--kubeconfig', U, '-n', '$NS', 'x4', '$W/recurse'], err: /nested reference name: loop/ },
  { cmd: 'install', why: 'bad --dry-run', args: ['install', '--kubeconfig', U, 'x', '$W/good', '--dry-run=banana'], err: /banana/ },
  { cmd: 'install', why: 'bad --version constraint', args: ['install', '--kubeconfig', U, 'x', 'good', '--repo', '$JUNK', '--version', '>>1'], err: /is not a valid chart repository/ },
  { cmd: 'install', why: 'unreachable cluster', args: ['install', '--kubeconfig', '$DOWN', 'x', '$W/good'], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'install', why: 'a cluster answering junk', args: ['install', '--kubeconfig', '$JKC', 'x', '$W/good'], err: /unreachable: \$JUNK answered GET \/.* not JSON/ },
  { cmd: 'install', why: 'release name taken', args: ['install', '--kubeconfig', U, '-n', '$NS', REL, '$W/good'], err: /cannot re-use a name that is still in use/ },
  { cmd: 'upgrade', why: 'no args', args: ['upgrade', '--kubeconfig', U], usage: true, err: /^"tshelm upgrade" requires 2 arguments$/ },
  { cmd: 'upgrade', why: 'bad --history-max', args: ['upgrade', '--kubeconfig', U, '-n', '$NS', REL, '$W/good', '--history-max', 'abc'], err: /abc.*--history-max|--history-max.*abc/ },
  { cmd: 'upgrade', why: 'bad --timeout', args: ['upgrade', '--kubeconfig', U, '-n', '$NS', REL, '$W/good', '--timeout', 'nope'], err: /nope/ },
  { cmd: 'upgrade', why: 'malformed -f file', args: ['upgrade', '--kubeconfig', U, '-n', '$NS', REL, '$W/good', '-f', '$W/badvalues.yaml'], err: /badvalues\.yaml/ },
  { cmd: 'upgrade', why: 'malformed Chart.yaml', args: ['upgrade', '--kubeconfig', U, '-n', '$NS', REL, '$W/badchart'], err: /Chart\.yaml/ },
  { cmd: 'upgrade', why: 'broken --set', args: ['upgrade', '--kubeconfig', U, '-n', '$NS', REL, '$W/good', '--set', 'a[=1'], err: /a\[=1|--set|parse/ },
  { cmd: 'upgrade', why: 'no such release', args: ['upgrade', '--kubeconfig', U, '-n', '$NS', 'nosuch', '$W/good'], err: /"nosuch" has no deployed releases/ },
  { cmd: 'upgrade', why: 'unreachable cluster', args: ['upgrade', '--kubeconfig', '$DOWN', REL, '$W/good'], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'upgrade', why: '-o xml', args: ['upgrade', '--kubeconfig', U, REL, '$W/good', '-o', 'xml'], err: /xml/ },

  // ---- rollback / uninstall / history / status / get / list / test
  { cmd: 'rollback', why: 'no args', args: ['rollback', '--kubeconfig', U], usage: true, err: /^"tshelm rollback" requires at least 1 argument$/ },
  { cmd: 'rollback', why: 'a revision that is not a number', args: ['rollback', '--kubeconfig', U, '-n', '$NS', REL, 'abc'], err: /abc/ },
  { cmd: 'rollback', why: 'no such revision', args: ['rollback', '--kubeconfig', U, '-n', '$NS', REL, '99'], err: /release: not found|99/ },
  { cmd: 'rollback', why: 'bad --timeout', args: ['rollback', '--kubeconfig', U, '-n', '$NS', REL, '1', '--timeout', 'nope'], err: /nope/ },
  { cmd: 'rollback', why: 'bad --history-max', args: ['rollback', '--kubeconfig', U, '-n', '$NS', REL, '1', '--history-max', 'abc'], err: /abc/ },
  { cmd: 'rollback', why: 'unreachable cluster', args: ['rollback', '--kubeconfig', '$DOWN', REL, '1'], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'uninstall', why: 'no args', args: ['uninstall', '--kubeconfig', U], usage: true, err: /^"tshelm uninstall" requires at least 1 argument$/ },
  { cmd: 'uninstall', why: 'bad --cascade', args: ['uninstall', '--kubeconfig', U, '-n', '$NS', REL, '--cascade', 'sideways'], err: /sideways|cascade/ },
  { cmd: 'uninstall', why: 'bad --timeout', args: ['uninstall', '--kubeconfig', U, '-n', '$NS', REL, '--timeout', 'nope'], err: /nope/ },
  { cmd: 'uninstall', why: 'no such release', args: ['uninstall', '--kubeconfig', U, '-n', '$NS', 'nosuch'], err: /uninstall: Release not loaded: nosuch: release: not found/ },
  { cmd: 'uninstall', why: 'unreachable cluster', args: ['uninstall', '--kubeconfig', '$DOWN', REL], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'history', why: 'no args', args: ['history', '--kubeconfig', U], usage: true, err: /^"tshelm history" requires 1 argument$/ },
  { cmd: 'history', why: 'bad --max', args: ['history', '--kubeconfig', U, '-n', '$NS', REL, '--max', 'abc'], err: /abc/ },
  { cmd: 'history', why: '-o xml', args: ['history', '--kubeconfig', U, '-n', '$NS', REL, '-o', 'xml'], err: /xml/ },
  { cmd: 'history', why: 'no such release', args: ['history', '--kubeconfig', U, '-n', '$NS', 'nosuch'], err: /release: not found/ },
  { cmd: 'history', why: 'unreachable cluster', args: ['history', '--kubeconfig', '$DOWN', REL], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'history', why: 'a cluster answering junk', args: ['history', '--kubeconfig', '$JKC', REL], err: /unreachable: \$JUNK answered GET \/.* not JSON/ },
  { cmd: 'status', why: 'no args', args: ['status', '--kubeconfig', U], usage: true, err: /^"tshelm status" requires 1 argument$/ },
  { cmd: 'status', why: 'bad --revision', args: ['status', '--kubeconfig', U, '-n', '$NS', REL, '--revision', 'abc'], err: /abc/ },
  { cmd: 'status', why: '-o xml', args: ['status', '--kubeconfig', U, '-n', '$NS', REL, '-o', 'xml'], err: /xml/ },
  { cmd: 'status', why: 'no such release', args: ['status', '--kubeconfig', U, '-n', '$NS', 'nosuch'], err: /release: not found/ },
  { cmd: 'status', why: 'unreachable cluster', args: ['status', '--kubeconfig', '$DOWN', REL], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'get all', why: 'no args', args: ['get', 'all', '--kubeconfig', U], usage: true, err: /^"tshelm get all" requires 1 argument$/ },
  { cmd: 'get values', why: 'bad --revision', args: ['get', 'values', '--kubeconfig', U, '-n', '$NS', REL, '--revision', 'abc'], err: /abc/ },
  { cmd: 'get values', why: '-o xml', args: ['get', 'values', '--kubeconfig', U, '-n', '$NS', REL, '-o', 'xml'], err: /xml/ },
  { cmd: 'get manifest', why: 'no such revision', args: ['get', 'manifest', '--kubeconfig', U, '-n', '$NS', REL, '--revision', '99'], err: /release: not found/ },
  { cmd: 'get notes', why: 'no such release', args: ['get', 'notes', '--kubeconfig', U, '-n', '$NS', 'nosuch'], err: /release: not found/ },
  { cmd: 'get hooks', why: 'unreachable cluster', args: ['get', 'hooks', '--kubeconfig', '$DOWN', REL], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'get metadata', why: '-o xml', args: ['get', 'metadata', '--kubeconfig', U, '-n', '$NS', REL, '-o', 'xml'], err: /xml/ },
  { cmd: 'get all', why: 'bad --template', args: ['get', 'all', '--kubeconfig', U, '-n', '$NS', REL, '--template', '{{ .Nope'], err: /template|Nope/ },
  { cmd: 'get', why: 'unknown subcommand', args: ['get', 'nope'], err: /nope/ },
  { cmd: 'list', why: 'too many args', args: ['list', '--kubeconfig', U, 'a'], usage: true, err: /^"tshelm list" accepts no arguments$/ },
  // (no case for `--max -1`: Helm's list takes any int, a negative one meaning no limit)
  { cmd: 'list', why: 'bad --max', args: ['list', '--kubeconfig', U, '--max', 'abc'], err: /^invalid argument "abc" for "-m, --max" flag/ },
  { cmd: 'list', why: 'bad --offset', args: ['list', '--kubeconfig', U, '--offset', 'abc'], err: /abc/ },
  { cmd: 'list', why: '-o xml', args: ['list', '--kubeconfig', U, '-o', 'xml'], err: /xml/ },
  { cmd: 'list', why: 'bad --filter regexp', args: ['list', '--kubeconfig', U, '--filter', '(['], err: /\(\[|regexp|regular/ },
  { cmd: 'list', why: 'bad --selector', args: ['list', '--kubeconfig', U, '--selector', '!!=='], err: /^unable to parse requirement: /i },
  { cmd: 'list', why: 'unreachable cluster', args: ['list', '--kubeconfig', '$DOWN'], err: /unreachable|127\.0\.0\.1:1/ },
  { cmd: 'list', why: 'a cluster answering junk', args: ['list', '--kubeconfig', '$JKC'], err: /unreachable: \$JUNK answered GET \/.* not JSON/ },
  { cmd: 'list', why: 'missing kubeconfig', args: ['list', '--kubeconfig', '$W/nope.kubeconfig'], err: /nope\.kubeconfig/ },
  { cmd: 'list', why: 'malformed kubeconfig', args: ['list', '--kubeconfig', '$W/badvalues.yaml'], err: /badvalues\.yaml|kubeconfig/ },
  { cmd: 'list', why: 'unknown --kube-context', args: ['list', '--kubeconfig', U, '--kube-context', 'nope'], err: /nope/ },
  { cmd: 'test', why: 'no args', args: ['test', '--kubeconfig', U], usage: true, err: /^"tshelm test" requires 1 argument$/ },
  { cmd: 'test', why: 'bad --timeout', args: ['test', '--kubeconfig', U, '-n', '$NS', REL, '--timeout', 'nope'], err: /nope/ },
  { cmd: 'test', why: 'no such release', args: ['test', '--kubeconfig', U, '-n', '$NS', 'nosuch'], err: /release: not found/ },
  { cmd: 'test', why: 'unreachable cluster', args: ['test', '--kubeconfig', '$DOWN', REL], err: /unreachable|127\.0\.0\.1:1/ },

  // ---- repo
  { cmd: 'repo add', why: 'no args', args: ['repo', 'add'], usage: true, err: /"tshelm repo add" requires 2 arguments/, guard: ['$CFG'] },
  { cmd: 'repo add', why: 'a server answering junk', args: ['repo', 'add', 'j2', '$JUNK'], err: /is not a valid chart repository or cannot be reached/, guard: ['$CFG', '$CACHE'] },
  { cmd: 'repo add', why: 'unreachable server', args: ['repo', 'add', 'j3', 'http://127.0.0.1:1'], err: /127\.0\.0\.1:1/, guard: ['$CFG', '$CACHE'] },
  { cmd: 'repo add', why: 'bad --timeout', args: ['repo', 'add', 'j4', '$JUNK', '--timeout', 'nope'], err: /nope/, guard: ['$CFG', '$CACHE'] },
  { cmd: 'repo add', why: 'missing --ca-file', args: ['repo', 'add', 'j5', 'https://127.0.0.1:1', '--ca-file', '$W/nope.pem'], err: /nope\.pem/, guard: ['$CFG', '$CACHE'] },
  { cmd: 'repo add', why: 'malformed repositories.yaml', args: ['repo', 'add', 'j6', '$JUNK', '--repository-config', '$W/badvalues.yaml'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'repo add', why: 'unknown flag', args: ['repo', 'add', 'x', '$JUNK', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'repo list', why: 'malformed repositories.yaml', args: ['repo', 'list', '--repository-config', '$W/badvalues.yaml'], err: /badvalues\.yaml/ },
  { cmd: 'repo list', why: 'too many args', args: ['repo', 'list', 'a'], usage: true, err: /^"tshelm repo list" accepts no arguments$/ },
  // (without --fail-on-repo-update-fail Helm 3.13 only warns about a repository it could not update, and exits 0)
  { cmd: 'repo update', why: 'a repository answering junk', args: ['repo', 'update', 'junk', '--fail-on-repo-update-fail'], err: /junk|\$JUNK/, guard: ['$CACHE'] },
  { cmd: 'repo update', why: 'no such repository', args: ['repo', 'update', 'nope'], err: /nope/, guard: ['$CACHE'] },
  { cmd: 'repo update', why: 'no repositories configured', args: ['repo', 'update', '--repository-config', '$W/nope-repos.yaml'], err: /no repositories/ },
  { cmd: 'repo remove', why: 'no args', args: ['repo', 'remove'], usage: true, err: /"tshelm repo remove" requires at least 1 argument/, guard: ['$CFG'] },
  { cmd: 'repo remove', why: 'no such repository', args: ['repo', 'remove', 'nope'], err: /no repo named "nope" found/, guard: ['$CFG', '$CACHE'] },
  { cmd: 'repo index', why: 'no args', args: ['repo', 'index'], usage: true, err: /^"tshelm repo index" requires 1 argument$/ },
  { cmd: 'repo index', why: 'missing folder', args: ['repo', 'index', '$W/missing'], err: /missing/ },
  { cmd: 'repo index', why: 'malformed --merge index', args: ['repo', 'index', '$OUT', '--merge', '$W/index/bad-merge.yaml'], err: /bad-merge\.yaml/, guard: ['$W/index/bad-merge.yaml'] },
  // (no case for a bad --url: Helm's IndexDirectory falls back to path.Join when the URL does not parse)
  { cmd: 'repo', why: 'unknown subcommand', args: ['repo', 'nope'], err: /nope/ },

  // ---- search
  { cmd: 'search repo', why: 'bad --version constraint', args: ['search', 'repo', 'x', '--version', '>>1'], err: />>1|constraint/ },
  { cmd: 'search repo', why: 'bad --max-col-width', args: ['search', 'repo', 'x', '--max-col-width', 'abc'], err: /abc/ },
  { cmd: 'search repo', why: '-o xml', args: ['search', 'repo', 'x', '-o', 'xml'], err: /xml/ },
  { cmd: 'search repo', why: 'bad regexp', args: ['search', 'repo', '--regexp', '(['], err: /^error parsing regexp: / },
  { cmd: 'search repo', why: 'no repositories configured', args: ['search', 'repo', 'x', '--repository-config', '$W/nope-repos.yaml'], err: /no repositories configured/ },
  { cmd: 'search hub', why: 'a hub answering junk', args: ['search', 'hub', 'x', '--endpoint', '$JUNK'], err: /\$JHOST.*not JSON/ },
  { cmd: 'search hub', why: 'unreachable hub', args: ['search', 'hub', 'x', '--endpoint', 'http://127.0.0.1:1'], err: /127\.0\.0\.1:1/ },
  { cmd: 'search hub', why: '-o xml', args: ['search', 'hub', 'x', '-o', 'xml'], err: /xml/ },
  { cmd: 'search', why: 'unknown subcommand', args: ['search', 'nope'], err: /nope/ },

  // ---- pull / push / verify
  { cmd: 'pull', why: 'no args', args: ['pull', '-d', '$OUT'], usage: true, err: /^"tshelm pull" requires at least 1 argument$/ },
  { cmd: 'pull', why: 'a repository answering junk', args: ['pull', 'good', '--repo', '$JUNK', '-d', '$OUT'], err: /\$JUNK|index|repository/ },
  { cmd: 'pull', why: 'no such repository', args: ['pull', 'nope/good', '-d', '$OUT'], err: /nope/ },
  { cmd: 'pull', why: 'a URL answering junk', args: ['pull', '$JUNK/junk.tgz', '-d', '$OUT', '--untar'], err: /junk\.tgz|gzip|archive/ },
  { cmd: 'pull', why: 'a hostile tarball (..) with --untar', args: ['pull', '$JUNK/evil.tgz', '-d', '$OUT', '--untar'], err: /evil|illegal|\.\./ },
  { cmd: 'pull', why: 'a hostile tarball (symlink) with --untar', args: ['pull', '$JUNK/evillink.tgz', '-d', '$OUT', '--untar'], err: /link|evil/ },
  { cmd: 'pull', why: 'a registry answering junk', args: ['pull', 'oci://$JHOST/charts/good', '--version', '0.1.0', '-d', '$OUT', '--plain-http'], err: /\$JHOST|\$JUNK/ },
  { cmd: 'pull', why: 'a registry whose token realm is no URL', args: ['pull', 'oci://$JHOST/badrealm/good', '--version', '0.1.0', '-d', '$OUT', '--plain-http'], err: /\$JHOST.*realm.*::junk::/ },
  { cmd: 'pull', why: 'bad --version constraint', args: ['pull', 'good', '--repo', '$JUNK', '--version', '>>1', '-d', '$OUT'], err: /is not a valid chart repository/ },
  { cmd: 'pull', why: 'destination is a file', args: ['pull', '$JUNK/good-0.1.0.tgz', '-d', '$W/badvalues.yaml'], err: /badvalues\.yaml|junk|gzip|archive/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'push', why: 'no args', args: ['push'], usage: true, err: /^"tshelm push" requires 2 arguments$/ },
  { cmd: 'push', why: 'missing archive', args: ['push', '$W/nope.tgz', 'oci://$JHOST/charts'], err: /nope\.tgz/ },
  { cmd: 'push', why: 'not a chart archive', args: ['push', '$W/notgz.tgz', 'oci://$JHOST/charts', '--plain-http'], err: /notgz|gzip|archive/ },
  { cmd: 'push', why: 'a registry answering junk', args: ['push', '$PKG', 'oci://$JHOST/charts', '--plain-http'], err: /token from \$JUNK\/token: response is not JSON/ },
  { cmd: 'push', why: 'a remote that is not a URL', args: ['push', '$PKG', 'banana'], err: /banana|scheme|oci/ },
  { cmd: 'verify', why: 'no args', args: ['verify'], usage: true, err: /^"tshelm verify" requires 1 argument$/ },
  { cmd: 'verify', why: 'missing archive', args: ['verify', '$W/nope.tgz'], err: /nope\.tgz/ },
  { cmd: 'verify', why: 'no provenance file', args: ['verify', '$PKG'], err: /prov/ },
  { cmd: 'verify', why: 'missing keyring', args: ['verify', '$PKG', '--keyring', '$W/nope.gpg'], err: /nope\.gpg|prov/ },

  // ---- registry
  { cmd: 'registry login', why: 'no args', args: ['registry', 'login'], usage: true, err: /"tshelm registry login" requires 1 argument/, guard: ['$CFG'] },
  { cmd: 'registry login', why: 'a registry answering junk', args: ['registry', 'login', '$JHOST', '-u', 'a', '-p', 'b', '--plain-http'], err: /token from \$JUNK\/token: response is not JSON/, guard: ['$CFG'] },
  { cmd: 'registry login', why: 'unreachable registry', args: ['registry', 'login', '127.0.0.1:1', '-u', 'a', '-p', 'b'], err: /127\.0\.0\.1:1/, guard: ['$CFG'] },
  { cmd: 'registry login', why: 'missing --ca-file', args: ['registry', 'login', '$JHOST', '-u', 'a', '-p', 'b', '--ca-file', '$W/nope.pem'], err: /nope\.pem/, guard: ['$CFG'] },
  { cmd: 'registry logout', why: 'no args', args: ['registry', 'logout'], usage: true, err: /^"tshelm registry logout" requires 1 argument$/ },
  { cmd: 'registry logout', why: 'not logged in', args: ['registry', 'logout', '$JHOST'], err: /not logged in/, guard: ['$CFG'] },
  { cmd: 'registry logout', why: 'malformed registry config', args: ['registry', 'logout', '$JHOST', '--registry-config', '$W/badvalues.yaml'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },

  // ---- serve (a case that starts serving is killed after the timeout and fails the matrix)
  // (a missing folder is not an error: serve makes its storage folder, as ChartMuseum does)
  { cmd: 'serve', why: 'the folder is a file', args: ['serve', '$W/badvalues.yaml', '--port', '0'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'serve', why: 'bad --port', args: ['serve', '$OUT', '--port', 'abc'], err: /abc/ },
  { cmd: 'serve', why: 'port out of range', args: ['serve', '$OUT', '--port', '70000'], err: /70000/ },
  { cmd: 'serve', why: 'bad --max-upload-size', args: ['serve', '$OUT', '--port', '0', '--max-upload-size', 'lots'], err: /lots/ },
  { cmd: 'serve', why: 'missing --tls-cert', args: ['serve', '$OUT', '--port', '0', '--tls-cert', '$W/nope.pem', '--tls-key', '$W/nope.key'], err: /nope\.(pem|key)/ },
  { cmd: 'serve', why: 'missing --token-file', args: ['serve', '$OUT', '--port', '0', '--token-file', '$W/nope.token'], err: /nope\.token/ },
  { cmd: 'serve', why: 'address in use', args: ['serve', '$OUT', '--address', '127.0.0.1', '--port', '$JPORT'], err: /\$JPORT|in use/ },

  // ---- kustomize
  { cmd: 'kustomize build', why: 'missing folder', args: ['kustomize', 'build', '$W/missing'], err: /missing/ },
  { cmd: 'kustomize build', why: 'malformed kustomization', args: ['kustomize', 'build', '$W/kust/bad', '-o', '$OUT/out.yaml'], err: /kustomization\.yaml/ },
  { cmd: 'kustomize build', why: 'missing resource', args: ['kustomize', 'build', '$W/kust/missingres', '-o', '$OUT/out.yaml'], err: /nope\.yaml/ },
  { cmd: 'kustomize build', why: 'no kustomization', args: ['kustomize', 'build', '$W/kust/empty', '-o', '$OUT/out.yaml'], err: /kustomization/ },
  { cmd: 'kustomize build', why: 'bad --load-restrictor', args: ['kustomize', 'build', '$W/kust/exists', '--load-restrictor', 'Sideways', '-o', '$OUT/out.yaml'], err: /Sideways/ },
  { cmd: 'kustomize build', why: 'too many args', args: ['kustomize', 'build', '$W/kust/exists', '$W/kust/bad'], usage: true, err: /^"tshelm kustomize build" accepts at most 1 argument$/ },
  { cmd: 'kustomize create', why: 'a kustomization already exists', args: ['kustomize', 'create'], cwd: '$W/kust/exists', err: /exists/, guard: ['$W/kust/exists'] },
  { cmd: 'kustomize create', why: 'missing --resources file', args: ['kustomize', 'create', '--resources', 'nope.yaml'], cwd: '$OUT', err: /nope\.yaml/ },
  { cmd: 'kustomize create', why: 'bad --labels', args: ['kustomize', 'create', '--labels', ':v'], cwd: '$OUT', err: /invalid label: ':v'/ },
  { cmd: 'kustomize edit', why: 'no kustomization', args: ['kustomize', 'edit', 'set', 'namespace', 'x'], cwd: '$OUT', err: /kustomization/ },
  { cmd: 'kustomize edit', why: 'malformed kustomization', args: ['kustomize', 'edit', 'set', 'namespace', 'x'], cwd: '$W/kust/bad', err: /kustomization\.yaml|line 3/, guard: ['$W/kust/bad'] },
  { cmd: 'kustomize edit', why: 'unknown subcommand', args: ['kustomize', 'edit', 'nope'], cwd: '$W/kust/exists', err: /nope/, guard: ['$W/kust/exists'] },
  { cmd: 'kustomize edit', why: 'add a missing resource', args: ['kustomize', 'edit', 'add', 'resource', 'nope.yaml'], cwd: '$W/kust/exists', err: /nope\.yaml/, guard: ['$W/kust/exists'] },
  { cmd: 'kustomize', why: 'unknown subcommand', args: ['kustomize', 'nope'], err: /nope/ },

  // ---- env / version / completion / docs
  { cmd: 'env', why: 'too many args', args: ['env', 'a', 'b'], usage: true, err: /^"tshelm env" accepts at most 1 argument$/ },
  { cmd: 'env', why: 'unknown flag', args: ['env', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'version', why: 'too many args', args: ['version', 'a'], usage: true, err: /^"tshelm version" accepts no arguments$/ },
  { cmd: 'version', why: 'bad --template', args: ['version', '--template', '{{ .Nope'], err: /template|Nope/ },
  { cmd: 'version', why: 'unknown flag', args: ['version', '--nope'], err: /^unknown flag: --nope/ },
  { cmd: 'completion', why: 'unknown shell', args: ['completion', 'tcsh'], err: /tcsh/ },
  // (`completion` alone prints its help and exits 0, as Helm's does)
  { cmd: 'docs', why: 'bad --type', args: ['docs', '--type', 'pdf', '--dir', '$OUT'], err: /pdf/ },
  { cmd: 'docs', why: '--dir is a file', args: ['docs', '--dir', '$W/badvalues.yaml'], err: /badvalues\.yaml/, guard: ['$W/badvalues.yaml'] },
  { cmd: 'docs', why: 'too many args', args: ['docs', 'a', '--dir', '$OUT'], usage: true, err: /^"tshelm docs" accepts no arguments$/ },

  // ---- plugin
  { cmd: 'plugin install', why: 'no args', args: ['plugin', 'install'], usage: true, err: /"tshelm plugin install" requires 1 argument/, guard: ['$DATA'] },
  { cmd: 'plugin install', why: 'missing folder', args: ['plugin', 'install', '$W/nope-plugin'], err: /nope-plugin/, guard: ['$DATA'] },
  { cmd: 'plugin install', why: 'malformed plugin.yaml', args: ['plugin', 'install', '$W/plugin-bad'], err: /plugin\.yaml/, guard: ['$DATA'] },
  { cmd: 'plugin install', why: 'a URL answering junk', args: ['plugin', 'install', '$JUNK/plugin.tgz'], err: /\$JUNK\/plugin\.tgz: Unrecognized archive format/, guard: ['$DATA'] },
  { cmd: 'plugin install', why: 'a hostile tarball', args: ['plugin', 'install', '$JUNK/evil.tgz'], err: /\$JUNK\/evil\.tgz: path contains '\.\.'/, guard: ['$DATA'] },
  { cmd: 'plugin uninstall', why: 'no such plugin', args: ['plugin', 'uninstall', 'nope'], err: /Plugin: nope not found/ },
  // Helm's plugin uninstall checks its arguments itself, without a Usage block
  { cmd: 'plugin uninstall', why: 'no args', args: ['plugin', 'uninstall'], err: /^please provide plugin name to uninstall$/ },
  { cmd: 'plugin update', why: 'no such plugin', args: ['plugin', 'update', 'nope'], err: /Plugin: nope not found/ },
  // (no case for `plugin list a`: Helm's plugin list takes no Args check and ignores extra arguments)
  { cmd: 'plugin', why: 'unknown subcommand', args: ['plugin', 'nope'], err: /nope/ },

  // ---- the root
  { cmd: 'tshelm', why: 'unknown command', args: ['nope'], err: /^unknown command "nope" for "tshelm"/ },
  { cmd: 'tshelm', why: 'unknown global flag', args: ['--nope', 'list'], err: /^unknown flag: --nope/ },
  { cmd: 'tshelm', why: 'bad --burst-limit', args: ['list', '--kubeconfig', U, '--burst-limit', 'abc'], err: /abc/ },
  { cmd: 'tshelm', why: 'bad --qps', args: ['list', '--kubeconfig', U, '--qps', 'abc'], err: /abc/ },
];

// --------------------------------------------------------------------------------------------------------------
// running

/** A file tree as path → sha256 of each file's content (links by their target), '' when absent. Empty folders are
 *  not counted: Helm's plugin install makes its plugins folder before it looks at the source. */
function snapshot(p: string): string {
  if (!existsSync(p)) return '';
  const out: string[] = [];
  const walk = (q: string, rel: string) => {
    const st = lstatSync(q);
    if (st.isSymbolicLink()) out.push(`${rel} -> ${readlinkSync(q)}`);
    else if (st.isDirectory()) for (const n of readdirSync(q).sort()) walk(join(q, n), `${rel}/${n}`);
    else out.push(`${rel} ${createHash('sha256').update(readFileSync(q)).digest('hex')}`);
  };
  walk(p, '');
  return out.join('\n');
}

const junkBody = 'junk <<<\u0000\u0001 : : [ not yaml, not json } and not a tar either\n';

function startJunkServer(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path.endsWith('/evil.tgz')) return res.end(readFileSync(join(W, 'evil.tgz')));
    if (path.endsWith('/evillink.tgz')) return res.end(readFileSync(join(W, 'evillink.tgz')));
    // a registry: every /v2/ request wants a token, from a realm that answers junk (or, under /v2/badrealm/, from
    // a realm that is no URL at all)
    if (path.startsWith('/v2/')) {
      const realm = path.startsWith('/v2/badrealm/') ? '::junk::' : `http://127.0.0.1:${(server.address() as any).port}/token`;
      res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="${realm}",service="junk"`, 'Content-Type': 'application/json' });
      return res.end(junkBody);
    }
    // everything else: 200 and junk, whatever was asked (an index, a chart, /version, /api)
    res.setHeader('Content-Type', path.includes('/v2/') || path.startsWith('/api') || path.startsWith('/version') ? 'application/json' : 'text/plain');
    res.end(junkBody);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  }));
  return out;
}

interface Outcome { r: CliResult; args: string[]; changed: string[]; outEntries: string[] }

describe.skipIf(!built)('bad input: every command answers with one line, a non-zero exit and no writes', () => {
  const cluster = useCluster();
  let junk: http.Server;
  const results = new Map<Case, Outcome>();

  beforeAll(async () => {
    junk = await startJunkServer();
    const port = (junk.address() as any).port as number;
    const JUNK = `http://127.0.0.1:${port}`;
    write('junk.kubeconfig', kubeconfig(JUNK));
    // the dependency's repository is the junk server
    write('baddeps/Chart.yaml', readFileSync(join(W, 'baddeps/Chart.yaml'), 'utf8').replace('$JUNK', JUNK));
    const ns = await cluster.namespace('bad-input');
    const env0: Record<string, string | undefined> = { ...homeEnv(mkdtempSync(join(tmpdir(), 'tshelm-bad-input-home-'))), HELM_NAMESPACE: undefined, TSHELM_NAMESPACE: undefined, HELM_DEBUG: undefined, TSHELM_DEBUG: undefined, KUBECONFIG: undefined };
    // a release to upgrade, roll back, read and uninstall, and a packaged chart to push and verify
    let r = await runCli(['install', '--kubeconfig', cluster.kubeconfigPath, '-n', ns, REL, join(W, 'good')], { env: env0 });
    expect(r.stderr).toBe('');
    r = await runCli(['package', join(W, 'good'), '-d', W], { env: env0 });
    expect(r.stderr).toBe('');
    const PKG = join(W, 'good-0.1.0.tgz');

    // the unreachable cluster's cases first: its client retries a refused connection with backoff (a few seconds)
    const slowFirst = [...cases].sort((a, b) => Number(b.args.includes('$DOWN')) - Number(a.args.includes('$DOWN')));
    await pool(slowFirst, 8, async (c) => {
      const home = mkdtempSync(join(tmpdir(), 'tshelm-bad-input-home-'));
      const h = homeEnv(home);
      const env = { ...env0, ...h };
      // every home knows a repository that answers junk
      mkdirSync(h.TSHELM_CONFIG_HOME, { recursive: true });
      writeFileSync(join(h.TSHELM_CONFIG_HOME, 'repositories.yaml'), `apiVersion: ""\ngenerated: "0001-01-01T00:00:00Z"\nrepositories:\n- name: junk\n  url: ${JUNK}\n`);
      // and its index as fetched before it went bad (empty), so search has no missing index to warn about
      mkdirSync(join(h.TSHELM_CACHE_HOME, 'repository'), { recursive: true });
      writeFileSync(join(h.TSHELM_CACHE_HOME, 'repository', 'junk-index.yaml'), 'apiVersion: v1\nentries: {}\ngenerated: "2024-01-01T00:00:00Z"\n');
      const OUT = mkdtempSync(join(tmpdir(), 'tshelm-bad-input-out-'));
      const vars: Record<string, string> = {
        $OUT: OUT, $W: W, $JUNK: JUNK, $JHOST: `127.0.0.1:${port}`, $JPORT: String(port), $KC: cluster.kubeconfigPath,
        $DOWN: join(W, 'down.kubeconfig'), $JKC: join(W, 'junk.kubeconfig'), $NS: ns, $PKG: PKG,
        $CFG: h.TSHELM_CONFIG_HOME, $CACHE: h.TSHELM_CACHE_HOME, $DATA: h.TSHELM_DATA_HOME,
      };
      const sub = (s: string) => s.replace(/\$(OUT|W|JUNK|JHOST|JPORT|KC|DOWN|JKC|NS|PKG|CFG|CACHE|DATA)\b/g, (m) => vars[m]);
      const args = c.args.map(sub);
      const guards = (c.guard ?? []).map(sub);
      const before = guards.map(snapshot);
      const res = await runCli(args, { env, cwd: c.cwd ? sub(c.cwd) : OUT, input: c.input ?? '', timeoutMs: 30000 });
      const changed = guards.filter((g, i) => snapshot(g) !== before[i]);
      // $OUT (the working folder too, unless the case names another) stays empty
      const outEntries = readdirSync(OUT);
      results.set(c, { r: { ...res, stderr: res.stderr.split(JUNK).join('$JUNK').split(`127.0.0.1:${port}`).join('$JHOST') }, args, changed, outEntries });
    });
  }, 300_000);

  afterAll(() => new Promise<void>((resolve) => (junk ? junk.close(() => resolve()) : resolve())));

  for (const c of cases) {
    it(`${c.cmd}: ${c.why}`, () => {
      const o = results.get(c);
      expect(o, 'the case ran').toBeDefined();
      const { r, args, changed, outEntries } = o!;
      const what = `tshelm ${args.join(' ')}\n--- exit ${r.code}\n--- stderr\n${r.stderr}--- stdout\n${r.stdout.slice(0, 2000)}`;
      expect(r.code, what).toBe(c.code ?? 1);
      const lines = r.stderr.split('\n');
      expect(lines[lines.length - 1], `stderr ends with a newline\n${what}`).toBe('');
      expect(lines[0], what).toMatch(/^Error: \S/);
      if (c.usage) expect(lines.slice(1), what).toEqual(['', expect.stringMatching(/^Usage:  tshelm \S.* \[flags\]$/), '']);
      else if (c.debugHint && lines.length > 2) expect(lines.slice(1), what).toEqual(['', 'Use --debug flag to render out invalid YAML', '']);
      else expect(lines.length, `stderr is one line\n${what}`).toBe(2);
      expect(r.stderr + r.stdout, `no stack trace\n${what}`).not.toMatch(/^\s+at .+[(:]\d+/m);
      if (c.err) expect(lines[0].slice('Error: '.length), what).toMatch(c.err);
      expect(changed, `nothing written\n${what}`).toEqual([]);
      expect(outEntries, `nothing written in $OUT\n${what}`).toEqual([]);
    });
  }

  it('get all --template: a template over the record with its Go field names', async () => {
    const ns = (await cluster.raw.get('/api/v1/namespaces')).body.items.map((n: any) => n.metadata.name).find((n: string) => n.startsWith('bad-input-'));
    const r = await runCli(['get', 'all', '--kubeconfig', cluster.kubeconfigPath, '-n', ns, REL, '--template', '{{.Release.Name}} {{.Release.Chart.Metadata.Version}} {{.Release.Version}} {{.Release.Info.Status}} {{.Release.Chart.Values.color}}'], { env: homeEnv(mkdtempSync(join(tmpdir(), 'tshelm-bad-input-home-'))) });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${REL} 0.1.0 1 deployed blue`);
  });

  it('--debug adds the why (and may add a stack trace), still exits 1', async () => {
    const r = await runCli(['--debug', 'template', 'x', join(W, 'badchart')], { env: homeEnv(mkdtempSync(join(tmpdir(), 'tshelm-bad-input-home-'))) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error: .*Chart\.yaml/);
  });
});
