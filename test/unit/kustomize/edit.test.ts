// `tshelm kustomize create` and `kustomize edit ...`: the file text each writes, derived from kustomize v5.5's
// commands (kustfile field order and comment keeping, sigs.k8s.io/yaml formatting), checked with the built-in
// kustomize of `kubectl kustomize` where kubectl is installed.
import { describe, it, expect } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as E from '../../../src/kustomize/edit.js';
import { createKustomization } from '../../../src/kustomize/create.js';
import { parseCommentedFields, unmarshalKustomization } from '../../../src/kustomize/kustfile.js';

const root = resolve(__dirname, '../../..');
const bin = join(root, 'bin', 'tshelm.js');
const built = existsSync(join(root, 'dist', 'cli', 'main.js'));
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!hasKubectl) console.warn('kubectl not found: the `kubectl kustomize` checks are skipped');

const HEAD = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n';
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
  namespace: metallb-system
spec:
  replicas: 1
  selector:
    matchLabels:
      app: metallb
  template:
    metadata:
      labels:
        app: metallb
    spec:
      containers:
      - name: controller
        image: metallb/controller:v0.8.1
`;

const logs: string[] = [];
const log = (m: string) => logs.push(m);

function dir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'tshelm-kedit-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), text);
  }
  return d;
}
const kust = (d: string) => readFileSync(join(d, 'kustomization.yaml'), 'utf8');
function kbuild(d: string): string {
  const r = spawnSync('kubectl', ['kustomize', d], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}
function cli(cwd: string, args: string[]) {
  const r = spawnSync(process.execPath, [bin, 'kustomize', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('kustfile', () => {
  it('records top-level fields with the comments above them; a last line without newline and trailing comments are not kept', () => {
    const f = parseCommentedFields('# a\nresources:\n- x\n# b\n\nNameSpace: y\n  # in value\n  - z\n#end\nimages: []');
    expect(f).toEqual([
      { field: 'resources', comment: '# a\n' },
      { field: 'namespace', comment: '# b\n\n  # in value\n' },
    ]);
  });

  it('refuses unknown fields and wrong types as kustomize does; keys match case-insensitively', () => {
    expect(() => unmarshalKustomization('foo: 1\n')).toThrow('invalid Kustomization: json: unknown field "foo"');
    expect(() => unmarshalKustomization('namespace: [a]\n')).toThrow('invalid Kustomization: json: cannot unmarshal array into Go struct field Kustomization.namespace of type string');
    expect(unmarshalKustomization('NameSpace: x\n')).toEqual({ namespace: 'x' });
    // DisallowUnknownFields reaches nested structs too
    expect(() => unmarshalKustomization('images:\n- name: x\n  bogus: 1\n')).toThrow('invalid Kustomization: json: unknown field "bogus"');
    expect(unmarshalKustomization('images:\n- Name: x\n')).toEqual({ images: [{ name: 'x' }] });
  });
});

describe('kustomize create', () => {
  it('writes the fields in kustomize order with apiVersion and kind first', () => {
    const d = dir({ 'metallb.yaml': DEPLOY });
    createKustomization(d, { namespace: 'metallb-system', resources: 'metallb.yaml', labels: 'app:metallb', annotations: 'note:"a b"', namePrefix: 'p-', namePrefix2: undefined } as any);
    expect(kust(d)).toBe(`${HEAD}resources:\n- metallb.yaml\nnamePrefix: p-\nnamespace: metallb-system\ncommonLabels:\n  app: metallb\ncommonAnnotations:\n  note: a b\n`);
    expect(() => createKustomization(d, {})).toThrow('kustomization file already exists');
    if (hasKubectl) expect(kbuild(d)).toContain('name: p-controller');
  });

  it('an empty create; a resource that does not exist fails and writes nothing', () => {
    const d = dir();
    expect(() => createKustomization(d, { resources: 'nope.yaml' })).toThrow(
      `nope.yaml has no match: must build at directory: not a valid directory: evalsymlink failure on '${join(d, 'nope.yaml')}' : lstat ${join(d, 'nope.yaml')}: no such file or directory`,
    );
    expect(existsSync(join(d, 'kustomization.yaml'))).toBe(false);
    createKustomization(d, {});
    expect(kust(d)).toBe(HEAD);
  });

  it('--autodetect takes resource files (lexical order); --recursive adds subdirectories and kustomization dirs', () => {
    const d = dir({
      'b.yaml': DEPLOY,
      'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n',
      'notes.txt': 'just text\n',
      'nokind.yaml': 'foo: bar\n',
      'sub/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n',
      'base/kustomization.yaml': 'resources: []\n',
    });
    createKustomization(d, { autodetect: true, resources: 'b.yaml' });
    expect(kust(d)).toBe(`${HEAD}resources:\n- b.yaml\n- a.yaml\n`);
    const d2 = dir({ 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', 'sub/s.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n', 'base/kustomization.yaml': 'resources: []\n' });
    createKustomization(d2, { autodetect: true, recursive: true });
    expect(kust(d2)).toBe(`${HEAD}resources:\n- a.yaml\n- base\n- sub/s.yaml\n`);
  });
});

describe('kustomize edit set image', () => {
  it('adds images sorted by name, keys alphabetical, and kubectl kustomize uses them', () => {
    const d = dir({ 'metallb.yaml': DEPLOY, 'kustomization.yaml': `${HEAD}resources:\n- metallb.yaml\n` });
    E.setImage(d, ['metallb/controller:v0.8.2']);
    expect(kust(d)).toBe(`${HEAD}resources:\n- metallb.yaml\nimages:\n- name: metallb/controller\n  newTag: v0.8.2\n`);
    if (hasKubectl) expect(kbuild(d)).toContain('image: metallb/controller:v0.8.2');
    E.setImage(d, ['postgres=eu.gcr.io/my-project/postgres:latest', 'my-app=my-registry/my-app@sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3', 'alpine:3@sha256:abc']);
    expect(kust(d)).toBe(
      `${HEAD}resources:\n- metallb.yaml\nimages:\n` +
        '- digest: sha256:abc\n  name: alpine\n  newTag: "3"\n' +
        '- name: metallb/controller\n  newTag: v0.8.2\n' +
        '- digest: sha256:24a0c4b4a4c0eb97a1aabb8e29f18e917d05abfe1b7a7c07857230879ce7d3d3\n  name: my-app\n  newName: my-registry/my-app\n' +
        '- name: postgres\n  newName: eu.gcr.io/my-project/postgres\n  newTag: latest\n',
    );
  });

  it('* keeps what the file has; a registry port is not a tag', () => {
    const d = dir({ 'kustomization.yaml': `images:\n- name: nginx\n  newName: my/nginx\n  newTag: "1.0"\n  tagSuffix: -x\n` });
    E.setImage(d, ['nginx=*:2.0', 'localhost:5000/app=*']);
    expect(kust(d)).toBe(`images:\n- name: localhost:5000/app\n- name: nginx\n  newName: my/nginx\n  newTag: "2.0"\n${HEAD}`);
  });

  it('a malformed image or a missing kustomization file is an error and changes nothing', () => {
    const text = `${HEAD}resources:\n- a.yaml\n`;
    const d = dir({ 'kustomization.yaml': text });
    expect(() => E.setImage(d, ['metallb/controller'])).toThrow(/^invalid format of image, use one of the following options: <image>=<newimage>:<newtag>, /);
    expect(kust(d)).toBe(text);
    expect(() => E.setImage(dir(), ['a:1'])).toThrow("Missing kustomization file 'kustomization.yaml'.");
  });
});

describe('kustomize edit set', () => {
  it('namespace/nameprefix/namesuffix/replicas/label/annotation; new fields after the existing ones, comments kept', () => {
    const d = dir({ 'kustomization.yaml': `# my app\nresources:\n- a.yaml\n\n# prefix\nnamePrefix: old-\n` });
    E.setNamespace(d, ['metallb-system']);
    E.setNamePrefix(d, ['new-']);
    E.setNameSuffix(d, ['-v1']);
    E.setReplicas(d, ['web=3', 'api=1']);
    E.setReplicas(d, ['web=0']);
    E.setLabel(d, ['app:web', 'tier:"front end"']);
    E.setAnnotation(d, ['example.com/owner:me']);
    expect(kust(d)).toBe(
      '# my app\nresources:\n- a.yaml\n\n# prefix\nnamePrefix: new-\n' +
        HEAD +
        // each write makes its fields "original": a later edit appends only what is new
        'namespace: metallb-system\nnameSuffix: -v1\nreplicas:\n- count: 1\n  name: api\n- count: 0\n  name: web\n' +
        'commonLabels:\n  app: web\n  tier: front end\ncommonAnnotations:\n  example.com/owner: me\n',
    );
    expect(() => E.setReplicas(d, ['web=x'])).toThrow('invalid format of replica, use the following format: <name>=<count>');
    expect(() => E.setAnnotation(d, ['bad key:v'])).toThrow(/^invalid annotation key/);
    expect(() => E.setLabel(d, [':v'])).toThrow("invalid label: ':v' (need k:v pair where v may be quoted)");
  });
});

describe('kustomize edit add', () => {
  it('resource: glob matches, duplicates logged, missing files refused', () => {
    const d = dir({ 'kustomization.yaml': HEAD, 'a.yaml': DEPLOY, 'b.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n', '.hidden.yaml': '' });
    E.addResource(d, ['*.yaml'], {}, log);
    expect(kust(d)).toBe(`${HEAD}resources:\n- a.yaml\n- b.yaml\n`);
    logs.length = 0;
    E.addResource(d, ['a.yaml'], {}, log);
    expect(logs).toEqual(['resource a.yaml already in kustomization file']);
    expect(() => E.addResource(d, ['c.yaml'], {}, log)).toThrow(/^c\.yaml has no match: must build at directory/);
    E.addResource(d, ['c.yaml'], { noVerify: true }, log);
    expect(kust(d)).toBe(`${HEAD}resources:\n- a.yaml\n- b.yaml\n- c.yaml\n`);
  });

  it('resource: a URL git.NewRepoSpecFromURL accepts is taken as a remote target; anything else must be a local directory', () => {
    for (const p of ['https://github.com/org/repo', 'github.com/org/repo/sub?ref=v1', 'git@github.com:org/repo', 'git::https://example.com/org/repo', 'user@host.xz:path/to/repo.git/', 'https://dev.azure.com/org/proj/_git/repo/path', 'file:///tmp/repo']) {
      expect(E.isRemoteTarget(p), p).toBe(true);
    }
    // no scheme, user or github.com; a host without ORG/REPO; a root that climbs out of the repository
    for (const p of ['gitlab.com/org/repo', 'foo.git', 'https://example.com/x', 'https://example.com/org/repo/../..', '../base', '/abs/path']) {
      expect(E.isRemoteTarget(p), p).toBe(false);
    }
    const d = dir({ 'kustomization.yaml': HEAD });
    E.addResource(d, ['github.com/org/repo'], {}, log);
    expect(kust(d)).toBe(`${HEAD}resources:\n- github.com/org/repo\n`);
    expect(() => E.addResource(d, ['gitlab.com/org/repo'], {}, log)).toThrow(/^gitlab\.com\/org\/repo has no match: must build at directory/);
  });

  it('component, base', () => {
    const d = dir({ 'kustomization.yaml': HEAD, 'comp/kustomization.yaml': 'kind: Component\n', 'base/kustomization.yaml': '' });
    E.addComponent(d, ['comp'], log);
    E.addBase(d, ['base']);
    expect(kust(d)).toBe(`${HEAD}components:\n- comp\nresources:\n- base\n`);
    expect(() => E.addBase(d, ['base'])).toThrow('base base already in kustomization file');
    expect(() => E.addBase(d, ['nope'])).toThrow('nope does not exist');
  });

  it('patch: path or inline, with a target; a patch already there is not added twice', () => {
    const d = dir({ 'kustomization.yaml': HEAD, 'p.yaml': 'x' });
    E.addPatch(d, { path: 'p.yaml', kind: 'Deployment', name: 'controller', labelSelector: 'app=x' }, log);
    E.addPatch(d, { patch: '- op: replace\n  path: /spec/replicas\n  value: 2', group: 'apps', version: 'v1', kind: 'Deployment' }, log);
    logs.length = 0;
    E.addPatch(d, { path: 'p.yaml', kind: 'Deployment', name: 'controller', labelSelector: 'app=x' }, log);
    expect(logs[0]).toMatch(/^patch types\.Patch\{Path:"p\.yaml"/);
    expect(kust(d)).toBe(
      `${HEAD}patches:\n- path: p.yaml\n  target:\n    kind: Deployment\n    labelSelector: app=x\n    name: controller\n` +
        '- patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 2\n  target:\n    group: apps\n    kind: Deployment\n    version: v1\n',
    );
    expect(() => E.addPatch(d, {}, log)).toThrow('must provide either patch or path');
    expect(() => E.addPatch(d, { path: 'a', patch: 'b' }, log)).toThrow("patch and path can't be set at the same time");
    E.removePatch(d, { path: 'p.yaml', kind: 'Deployment', name: 'controller', labelSelector: 'app=x' }, log);
    expect(kust(d)).toBe(`${HEAD}patches:\n- patch: |-\n    - op: replace\n      path: /spec/replicas\n      value: 2\n  target:\n    group: apps\n    kind: Deployment\n    version: v1\n`);
  });

  it('label and annotation: commonLabels, or labels without selector; conflicts need --force', () => {
    const d = dir({ 'kustomization.yaml': HEAD });
    E.addLabel(d, ['app:web'], {});
    expect(() => E.addLabel(d, ['app:api'], {})).toThrow('label app already in kustomization file');
    E.addLabel(d, ['app:api'], { force: true });
    E.addLabel(d, ['team:x'], { withoutSelector: true, includeTemplates: true });
    E.addAnnotation(d, ['a:1'], {});
    expect(kust(d)).toBe(`${HEAD}commonLabels:\n  app: api\nlabels:\n- includeTemplates: true\n  pairs:\n    team: x\ncommonAnnotations:\n  a: "1"\n`);
    expect(() => E.addLabel(d, ['x:y'], { includeTemplates: true })).toThrow('--without-selector flag must be specified for --include-templates to work');
  });

  it('configmap and secret: literals, files, env files, behavior, type; global generatorOptions copied in', () => {
    const d = dir({ 'kustomization.yaml': `${HEAD}generatorOptions:\n  labels:\n    g: "1"\n`, 'cfg/app.properties': 'a=b\n', '.env': 'X=1\n' });
    E.addConfigMap(d, ['my-cm'], { fromLiteral: ['k=v', 'n=2'], fromFile: ['cfg/app.properties', 'other=cfg/app.properties'] }, log);
    E.addConfigMap(d, ['my-cm'], { fromLiteral: ['k2=v2'], behavior: 'create' }, log);
    E.addSecret(d, ['my-secret'], { fromEnvFile: '.env', namespace: 'ns' }, log);
    expect(kust(d)).toBe(
      `${HEAD}generatorOptions:\n  labels:\n    g: "1"\nconfigMapGenerator:\n- behavior: create\n  files:\n  - cfg/app.properties\n  - other=cfg/app.properties\n  literals:\n  - k=v\n  - n=2\n  - k2=v2\n  name: my-cm\n  options:\n    labels:\n      g: "1"\n` +
        'secretGenerator:\n- envs:\n  - .env\n  name: my-secret\n  namespace: ns\n  options:\n    labels:\n      g: "1"\n  type: Opaque\n',
    );
    if (hasKubectl) expect(kbuild(d)).toContain('kind: ConfigMap');
    const before = kust(d);
    expect(() => E.addConfigMap(d, ['x'], {}, log)).toThrow('failed to validate flags: at least from-env-file, or from-file or from-literal must be set');
    expect(() => E.addConfigMap(d, ['x'], { fromLiteral: ['novalue'] }, log)).toThrow('failed to create configmap: loading KV pairs: literal sources [novalue]: invalid literal source novalue, expected key=value');
    expect(() => E.addConfigMap(d, ['x'], { fromLiteral: ['a=1'], behavior: 'bad' }, log)).toThrow('failed to validate flags: invalid behavior: must be one of "create", "merge", or "replace"');
    expect(() => E.addSecret(d, ['x'], { fromEnvFile: 'missing.env' }, log)).toThrow(/^failed to create secret: loading KV pairs: env source files: \[missing\.env\]: evalsymlink failure/);
    // generators.ParseFileSource's checks, and makeValidatedDataMap's wording (which says configmap for a secret too)
    const d2 = dir({ 'kustomization.yaml': `${HEAD}configMapGenerator:\n- name: x\n  files:\n  - a=b=c\n` });
    expect(() => E.addConfigMap(d2, ['x'], { fromLiteral: ['k=v'] }, log)).toThrow(`failed to create configmap: loading KV pairs: file sources: [a=b=c]: source "a=b=c" key name or file path contains '='`);
    expect(() => E.addSecret(d, ['x'], { fromLiteral: ['k=1', 'k=2'] }, log)).toThrow('failed to create secret: configmap x illegally repeats the key `k`');
    expect(kust(d)).toBe(before);
    E.removeConfigMap(d, ['my-cm,other'], {}, log);
    expect(() => E.removeSecret(d, ['my-secret'], {}, log)).toThrow('no specified secret(s) were found in the kustomization.yaml file');
    E.removeSecret(d, ['my-secret'], { namespace: 'ns' }, log);
    expect(kust(d)).toBe(`${HEAD}generatorOptions:\n  labels:\n    g: "1"\n`);
  });
});

describe('kustomize edit remove', () => {
  it('resource by pattern, label, annotation', () => {
    const d = dir({ 'kustomization.yaml': `${HEAD}resources:\n- a.yaml\n- b.yaml\n- ../base\ncommonLabels:\n  x: "1"\n  w: "2"\ncommonAnnotations:\n  z: "3"\n` });
    E.removeResource(d, ['*.yaml']);
    E.removeLabel(d, ['x'], {});
    E.removeAnnotation(d, ['z'], {});
    expect(kust(d)).toBe(`${HEAD}resources:\n- ../base\ncommonLabels:\n  w: "2"\n`);
    expect(() => E.removeLabel(d, ['nope'], {})).toThrow('label nope is not defined in kustomization file');
    expect(() => E.removeAnnotation(d, ['z'], {})).toThrow('commonAnnotations is not defined in kustomization file');
    E.removeAnnotation(d, ['z'], { ignoreNonExistence: true });
  });

  it('resource: a malformed pattern fails as filepath.Match does, once there is a resource to match it against', () => {
    const d = dir({ 'kustomization.yaml': HEAD });
    E.removeResource(d, ['[']);
    writeFileSync(join(d, 'kustomization.yaml'), `${HEAD}resources:\n- a.yaml\n`);
    expect(() => E.removeResource(d, ['['])).toThrow('syntax error in pattern');
    expect(kust(d)).toBe(`${HEAD}resources:\n- a.yaml\n`);
  });
});

describe('kustomize edit fix', () => {
  it('bases → resources, patchesStrategicMerge/patchesJson6902 → patches, commonLabels → labels; vars stay', () => {
    const d = dir({
      'kustomization.yaml':
        '# keep me\nbases:\n- base\ncommonLabels:\n  app: web\npatchesStrategicMerge:\n- p.yaml\npatchesJson6902:\n- path: j.yaml\n  target:\n    kind: Deployment\n    name: controller\n    version: v1\n    group: apps\nvars:\n- name: X\n  objref:\n    kind: Service\n    name: s\n    apiVersion: v1\n',
      'p.yaml': 'x',
    });
    const out = E.fix(d);
    expect(out).toMatch(/^\nFixed fields:\n  patchesJson6902 -> patches\n/);
    expect(kust(d)).toBe(
      '# keep me\nvars:\n- fieldref: {}\n  name: X\n  objref:\n    apiVersion: v1\n    kind: Service\n    name: s\n' +
        `${HEAD}resources:\n- base\nlabels:\n- includeSelectors: true\n  pairs:\n    app: web\n` +
        'patches:\n- path: j.yaml\n  target:\n    group: apps\n    kind: Deployment\n    name: controller\n    version: v1\n- path: p.yaml\n',
    );
  });

  it('fix on a metallb kustomization keeps what kubectl kustomize builds', () => {
    const d = dir({ 'metallb.yaml': DEPLOY, 'kustomization.yaml': 'resources:\n- metallb.yaml\ncommonLabels:\n  team: net\n' });
    const before = hasKubectl ? kbuild(d) : '';
    E.fix(d);
    expect(kust(d)).toBe(`resources:\n- metallb.yaml\n${HEAD}labels:\n- includeSelectors: true\n  pairs:\n    team: net\n`);
    if (hasKubectl) expect(kbuild(d)).toBe(before);
  });
});

describe.skipIf(!built)('cli: tshelm kustomize create/edit (dist/ built)', () => {
  it('create and set image through the CLI; errors are one line with exit 1 and leave the file alone', () => {
    const d = dir({ 'metallb.yaml': DEPLOY });
    expect(cli(d, ['create', '--namespace', 'metallb-system', '--resources', 'metallb.yaml']).code).toBe(0);
    expect(kust(d)).toBe(`${HEAD}resources:\n- metallb.yaml\nnamespace: metallb-system\n`);
    expect(cli(d, ['edit', 'set', 'image', 'metallb/controller:v0.8.2']).code).toBe(0);
    const text = kust(d);
    expect(text).toBe(`${HEAD}resources:\n- metallb.yaml\nnamespace: metallb-system\nimages:\n- name: metallb/controller\n  newTag: v0.8.2\n`);
    const bad = cli(d, ['edit', 'set', 'image', 'metallb/controller']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^Error: invalid format of image, [^\n]*\n$/);
    expect(kust(d)).toBe(text);
    const again = cli(d, ['create']);
    expect([again.code, again.err]).toEqual([1, 'Error: kustomization file already exists\n']);
    const missing = cli(dir(), ['edit', 'add', 'resource', 'a.yaml']);
    expect(missing.code).toBe(1);
    expect(missing.err.split('\n').length).toBe(2);
    const noFile = cli(dir({ 'a.yaml': DEPLOY }), ['edit', 'add', 'resource', 'a.yaml']);
    expect([noFile.code, noFile.err]).toEqual([1, "Error: Missing kustomization file 'kustomization.yaml'.\n"]);
    expect(cli(d, ['edit', 'add', 'configmap', 'cm', '--from-literal=a=1', '--namespace', 'x']).code).toBe(0);
    expect(kust(d)).toContain('configMapGenerator:\n- literals:\n  - a=1\n  name: cm\n  namespace: x\n');
    if (hasKubectl) expect(kbuild(d)).toContain('image: metallb/controller:v0.8.2');
  });
});
