// `tshelm kustomize build` on a generated tree: a base of N Deployments+Services+ConfigMaps, an overlay with a
// prefix, namespace, labels, images, a strategic-merge patch on every Deployment (by target), and generators
// whose hashed names every Deployment references. Library time (in-process), CLI wall time, and
// `kubectl kustomize` wall time on the same tree when kubectl is installed; outputs are compared.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function tree(n) {
  const root = mkdtempSync(join(tmpdir(), 'tshelm-kbench-'));
  const base = join(root, 'base');
  const overlay = join(root, 'overlay');
  mkdirSync(base);
  mkdirSync(overlay);
  const docs = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app-${i}, labels: {app: app-${i}}}
spec:
  replicas: 1
  selector: {matchLabels: {app: app-${i}}}
  template:
    metadata: {labels: {app: app-${i}}}
    spec:
      containers:
      - name: app
        image: example/app:1.0
        envFrom: [{configMapRef: {name: shared}}]
        env: [{name: IDX, value: "${i}"}]
      volumes: [{name: cfg, configMap: {name: shared}}]`);
    docs.push(`apiVersion: v1\nkind: Service\nmetadata: {name: app-${i}}\nspec:\n  selector: {app: app-${i}}\n  ports: [{port: 80, targetPort: 8080}]`);
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: data-${i}}\ndata: {key: "value-${i}"}`);
  }
  writeFileSync(join(base, 'all.yaml'), docs.join('\n---\n') + '\n');
  writeFileSync(join(base, 'kustomization.yaml'), 'resources: [all.yaml]\nconfigMapGenerator:\n- name: shared\n  literals: [A=1, B=2]\n');
  writeFileSync(
    join(overlay, 'kustomization.yaml'),
    `resources: [../base]
namePrefix: prod-
namespace: production
labels:
- pairs: {env: prod}
  includeSelectors: true
images:
- name: example/app
  newTag: "2.0"
patches:
- target: {kind: Deployment}
  patch: |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: any}
    spec:
      template:
        spec:
          containers:
          - name: app
            resources: {limits: {memory: 128Mi}}
`,
  );
  return overlay;
}

function wall(cmd, args) {
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30 });
  return { ms: performance.now() - t, out: r.stdout, ok: r.status === 0 };
}

export default async function () {
  const { build } = await import(pathToFileURL(join(repo, 'dist/kustomize/index.js')).href);
  const haveKubectl = spawnSync('kubectl', ['version', '--client']).status === 0;
  for (const n of [100, 1000]) {
    const dir = tree(n);
    build(dir); // warm-up
    const times = [];
    let yaml = '';
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      yaml = build(dir).yaml;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const cli = wall(process.execPath, [join(repo, 'bin/tshelm.js'), 'kustomize', 'build', dir]);
    let line = `${3 * n} objects: library ${times[1].toFixed(0)} ms (median of 3), CLI ${cli.ms.toFixed(0)} ms`;
    if (haveKubectl) {
      const k = wall('kubectl', ['kustomize', dir]);
      line += `, kubectl kustomize ${k.ms.toFixed(0)} ms; outputs ${k.out === yaml && cli.out === yaml ? 'identical' : 'DIFFER'}`;
    }
    console.log(line);
  }
  void execFileSync;
}
