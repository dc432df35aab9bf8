// Our own example charts (charts/metallb, charts/webapp, charts/common-lib) render as intended.
import { describe, it, expect } from 'vitest';
import { join, resolve } from 'node:path';
import { loadChart } from '../../../src/chart/index.js';
import { prepareRender } from '../../../src/render/render.js';
import { renderResources } from '../../../src/render/action.js';

const charts = resolve(__dirname, '../../../charts');

async function release(name: string, values: Record<string, any> = {}, namespace = 'ns') {
  const chart = await loadChart(join(charts, name));
  const { top, engine, view, caps } = prepareRender(chart, { releaseName: name, namespace, values });
  return renderResources(view, '', top, caps, engine, { releaseName: name });
}

describe('example charts', () => {
  it('metallb: layer-2 pool from configmap.ipRange (string or list), NOTES print the range, RBAC objects', async () => {
    const r = await release('metallb', { configmap: { ipRange: '172.31.0.100-172.31.0.110' } }, 'metallb-system');
    expect(r.manifest).toContain('    address-pools:\n    - name: default\n      protocol: layer2\n      addresses:\n      - 172.31.0.100-172.31.0.110\n');
    for (const kind of ['ClusterRole', 'Role', 'ClusterRoleBinding', 'RoleBinding', 'ServiceAccount', 'Deployment', 'DaemonSet', 'ConfigMap']) expect(r.manifest).toContain(`\nkind: ${kind}\n`);
    expect(r.notes).toContain('  172.31.0.100-172.31.0.110\n');
    expect(r.notes).toContain('installed in namespace metallb-system');
    const list = await release('metallb', { configmap: { ipRange: ['10.0.0.0/28', '10.0.1.1-10.0.1.9'] }, namespace: 'lb', rbac: { create: false } });
    expect(list.manifest).toContain('      addresses:\n      - 10.0.0.0/28\n      - 10.0.1.1-10.0.1.9\n');
    expect(list.manifest).toContain('  namespace: lb\n');
    expect(list.manifest).not.toContain('kind: ClusterRole');
  });

  it('webapp: templates from the common-lib library, the cache subchart, NOTES', async () => {
    const r = await release('webapp');
    expect(r.manifest).toContain('# Source: webapp/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: webapp\n');
    expect(r.manifest).toContain('# Source: webapp/charts/cache/templates/cache.yaml\n');
    expect(r.manifest).toContain('  CACHE_ADDR: "webapp-cache:6379"\n');
    expect(r.manifest).toMatch(/checksum\/config: [0-9a-f]{64}\n/);
    expect(r.notes).toContain('webapp 2.4.1 (dev) is released as webapp.');
  });
});
