import { describe, expect, it } from 'vitest';
import { humanDuration, printObjects, TablePrinter, tabwrite } from '../../../src/kube/printers.js';

const now = Date.parse('2024-01-01T12:00:00Z');
const created = '2024-01-01T11:00:00Z';

describe('kubectl table printing', () => {
  it('duration.HumanDuration', () => {
    expect([0, 5_000, 119_000, 125_000, 600_000, 3 * 3600_000, 3 * 3600_000 + 120_000, 30 * 3600_000, 50 * 3600_000, 400 * 86400_000, 1105 * 86400_000, -5000].map(humanDuration))
      .toEqual(['0s', '5s', '119s', '2m5s', '10m', '3h', '3h2m', '30h', '2d2h', '400d', '3y10d', '<invalid>']);
  });

  it('text/tabwriter as kubectl sets it up: columns at least 6 wide, 3 spaces of padding, the last cell not padded', () => {
    expect(tabwrite([['NAME', 'DATA', 'AGE'], ['a', '1', '5s']])).toBe('NAME   DATA   AGE\na      1      5s\n');
    expect(tabwrite([['x', 'yyyyyyyy', 'z']])).toBe('x     yyyyyyyy   z\n');
  });

  it("the API server's columns for pods (status reasons, restarts), services, jobs", () => {
    const pod = (status: any, extra: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', creationTimestamp: created, ...extra }, spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status });
    const cells = (o: any) => printObjects(o.kind, [o], now).rows![0].cells.slice(0, 5);
    expect(cells(pod({ phase: 'Pending' }))).toEqual(['p', '0/2', 'Pending', '0', '60m']);
    expect(cells(pod({ phase: 'Running', containerStatuses: [
      { name: 'a', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { finishedAt: '2024-01-01T11:59:00Z' } } },
      { name: 'b', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } } },
    ] }))).toEqual(['p', '1/2', 'CrashLoopBackOff', '3 (60s ago)', '60m']);
    expect(cells(pod({ phase: 'Pending', initContainerStatuses: [{ name: 'i', state: { waiting: { reason: 'PodInitializing' } } }] }))[2]).toBe('Init:0/0');
    expect(cells(pod({ phase: 'Running' }, { deletionTimestamp: created }))[2]).toBe('Terminating');

    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', creationTimestamp: created }, spec: { type: 'LoadBalancer', clusterIPs: ['10.0.0.1'], ports: [{ port: 80, nodePort: 30080, protocol: 'TCP' }] }, status: {} };
    expect(printObjects('Service', [svc as any], now).rows![0].cells.slice(0, 6)).toEqual(['s', 'LoadBalancer', '10.0.0.1', '<pending>', '80:30080/TCP', '60m']);

    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', creationTimestamp: created }, spec: { parallelism: 3 }, status: { succeeded: 1, startTime: '2024-01-01T11:58:00Z' } };
    expect(printObjects('Job', [job as any], now).rows![0].cells.slice(0, 4)).toEqual(['j', '1/1 of 3', '2m', '60m']);
  });

  it('headers only when the columns change; wide columns left out', () => {
    const p = new TablePrinter();
    const cm = (name: string) => printObjects('ConfigMap', [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, creationTimestamp: created }, data: { a: '1' } }], now);
    expect(p.print(cm('one'))).toBe('NAME   DATA   AGE\none    1      60m\n');
    expect(p.print(cm('two'))).toBe('two   1     60m\n');
    const dep = printObjects('Deployment', [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', creationTimestamp: created }, spec: { replicas: 3 }, status: { readyReplicas: 1 } }], now);
    expect(p.print(dep)).toBe('NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nd      1/3     0            0           60m\n');
    expect(p.print({ kind: 'Table', columnDefinitions: [{ name: 'Name', type: 'string' }], rows: [] })).toBe('');
  });
});
