// Releases and applying on the Kubernetes API test server (test/cluster/server.mjs):
// - `tshelm install`, `upgrade` and `rollback` of a 200-object chart through the built CLI, wall time per action;
// - the kube client's createResources (Helm's install order, concurrent within a kind group) against a
//   sequential baseline (one create at a time) for the same 200 objects.
// Uses dist/ (run `npx tsc -p .` first).
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bin = join(repo, 'bin', 'tshelm.js');

/** A chart of 200 objects: 80 ConfigMaps, 60 Services, 40 Secrets, 20 Deployments. */
function makeChart() {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-bench-rel-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: big\nversion: 1.0.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'rev: one\nreplicas: 1\n');
  writeFileSync(join(dir, 'templates', 'cm.yaml'), `{{- range $i := until 80 }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-{{ $i }}
data:
  rev: {{ $.Values.rev | quote }}
{{- end }}
`);
  writeFileSync(join(dir, 'templates', 'svc.yaml'), `{{- range $i := until 60 }}
---
apiVersion: v1
kind: Service
metadata:
  name: svc-{{ $i }}
spec:
  selector: {app: app-{{ $i }}}
  ports: [{port: 80, targetPort: 8080}]
{{- end }}
`);
  writeFileSync(join(dir, 'templates', 'secret.yaml'), `{{- range $i := until 40 }}
---
apiVersion: v1
kind: Secret
metadata:
  name: secret-{{ $i }}
stringData:
  rev: {{ $.Values.rev | quote }}
{{- end }}
`);
  writeFileSync(join(dir, 'templates', 'deploy.yaml'), `{{- range $i := until 20 }}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{{ $i }}
spec:
  replicas: {{ $.Values.replicas }}
  selector: {matchLabels: {app: app-{{ $i }}}}
  template:
    metadata: {labels: {app: app-{{ $i }}}}
    spec:
      containers: [{name: app, image: "nginx:1.25", env: [{name: REV, value: {{ $.Values.rev | quote }}}]}]
{{- end }}
`);
  return dir;
}

// The test server runs in this process, so the CLI runs asynchronously (a sync spawn would stall the server).
async function timeCli(args, kubeconfig) {
  const { execFile } = await import('node:child_process');
  const t = performance.now();
  await new Promise((res, rej) =>
    execFile(process.execPath, [bin, '--kubeconfig', kubeconfig, ...args], { maxBuffer: 1 << 28 }, (err, _o, stderr) =>
      err ? rej(new Error(`tshelm ${args.join(' ')} failed: ${stderr}`)) : res(),
    ),
  );
  return performance.now() - t;
}

export default async function () {
  const { startTestCluster } = await import(pathToFileURL(join(repo, 'test', 'cluster', 'server.mjs')).href);
  const chart = makeChart();
  const c = await startTestCluster({ readyDelayMs: 20 });
  try {
    const kc = c.kubeconfigPath;
    const install = await timeCli(['install', 'big', chart, '-n', 'bench', '--create-namespace', '--wait'], kc);
    const upgrade = await timeCli(['upgrade', 'big', chart, '-n', 'bench', '--set', 'rev=two', '--wait'], kc);
    const rollback = await timeCli(['rollback', 'big', '1', '-n', 'bench', '--wait'], kc);
    const uninstall = await timeCli(['uninstall', 'big', '-n', 'bench'], kc);
    console.log(`200-object chart via the CLI (process start included): install --wait ${install.toFixed(0)} ms, upgrade --wait ${upgrade.toFixed(0)} ms, rollback --wait ${rollback.toFixed(0)} ms, uninstall ${uninstall.toFixed(0)} ms`);

    const { newKubeClient } = await import(pathToFileURL(join(repo, 'dist', 'kube', 'index.js')).href);
    const manifest = spawnSync(process.execPath, [bin, 'template', 'big', chart], { encoding: 'utf8', maxBuffer: 1 << 28 }).stdout;
    const admin = await newKubeClient({ kubeconfig: kc });
    for (const ns of ['seq', 'conc']) await admin.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    admin.close?.();
    const seqClient = await newKubeClient({ kubeconfig: kc, namespace: 'seq' });
    const seqObjs = await seqClient.build(manifest, { namespace: 'seq' });
    let t = performance.now();
    for (const o of seqObjs) await seqClient.create(o);
    const seq = performance.now() - t;
    const concClient = await newKubeClient({ kubeconfig: kc, namespace: 'conc' });
    const concObjs = await concClient.build(manifest, { namespace: 'conc' });
    t = performance.now();
    await concClient.createResources(concObjs);
    const conc = performance.now() - t;
    console.log(`apply ${seqObjs.length} objects: createResources ${conc.toFixed(0)} ms vs one-at-a-time baseline ${seq.toFixed(0)} ms (${(seq / conc).toFixed(2)}x)`);
    seqClient.close?.();
    concClient.close?.();
  } finally {
    await c.stop();
  }
}
