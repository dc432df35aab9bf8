// Dependency processing and value coalescing as Helm does them: conditions, tags, aliases, import-values,
// globals, null removing defaults — through the library's loadChart/renderChart on charts made here.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadChart } from '../../../src/render/chart-api.js';
import { renderChart } from '../../../src/render/render.js';
import { mergeValues } from '../../../src/chart/values.js';

function write(dir: string, files: Record<string, string>): void {
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
}

function makeParent(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tshelm-deps-'));
  write(dir, {
    'Chart.yaml': `apiVersion: v2
name: parent
version: 1.0.0
dependencies:
- name: sub
  version: "~0.1.0"
  repository: file://charts/sub
  condition: sub.enabled,global.subEnabled
- name: sub
  alias: second
  version: "0.1.x"
  repository: file://charts/sub
  tags: [extra]
- name: lib
  version: 1.0.0
  repository: file://charts/lib
  import-values:
  - data
  - child: nested.table
    parent: fromChild
`,
    'values.yaml': 'global:\n  region: eu\n  shared: {a: parent}\nsub:\n  enabled: true\n  color: blue\nfromChild:\n  keep: parent\ntags:\n  extra: false\n',
    'templates/out.yaml': 'sub: {{ .Values.sub.color }}\nimported: {{ .Values.exported | default "none" }}\nfromChild: {{ toJson .Values.fromChild }}\nsubs: {{ range .Subcharts }}{{ .Chart.Name }} {{ end }}\n',
    'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.3\n',
    'charts/sub/values.yaml': 'color: red\nsize: 3\nglobal:\n  region: us\n  own: sub\n  shared: {a: sub, b: sub}\n',
    'charts/sub/templates/s.yaml': '{{ .Chart.Name }}: {{ .Values.color }} {{ .Values.size }} {{ .Values.global.region }} {{ .Values.global.own }} {{ toJson .Values.global.shared }}\n',
    'charts/lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 1.0.0\n',
    'charts/lib/values.yaml': 'exports:\n  data:\n    exported: yes-from-lib\nnested:\n  table:\n    keep: child\n    extra: child\n',
  });
  return dir;
}

async function render(dir: string, set: string[] = []) {
  const chart = await loadChart(dir);
  return renderChart(chart, { releaseName: 'r', namespace: 'default', values: await mergeValues({ values: set }) });
}

describe('dependencies and coalescing', () => {
  it('conditions, tags and aliases pick the subcharts; globals flow down with the parent winning', async () => {
    const out = await render(makeParent());
    expect(Object.keys(out).sort()).toEqual(['parent/templates/out.yaml', 'parent/charts/sub/templates/s.yaml'].sort());
    expect(out['parent/charts/sub/templates/s.yaml']).toBe('sub: blue 3 eu sub {"a":"parent","b":"sub"}\n');
    const withTag = await render(makeParent(), ['tags.extra=true', 'second.color=green']);
    expect(withTag['parent/charts/second/templates/s.yaml']).toBe('second: green 3 eu sub {"a":"parent","b":"sub"}\n');
    const off = await render(makeParent(), ['sub.enabled=false']);
    expect(off['parent/charts/sub/templates/s.yaml']).toBeUndefined();
  });

  it('import-values: the exports form and the child/parent form, parent values winning', async () => {
    const out = await render(makeParent());
    expect(out['parent/templates/out.yaml']).toContain('imported: yes-from-lib\n');
    expect(out['parent/templates/out.yaml']).toContain('fromChild: {"extra":"child","keep":"parent"}\n');
  });

  it('a null from the user removes a default, in the chart and in a subchart; --set numbers stay int64', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tshelm-null-'));
    write(dir, {
      'Chart.yaml': 'apiVersion: v2\nname: p\nversion: 1.0.0\ndependencies:\n- name: sub\n  version: 0.1.3\n  repository: file://charts/sub\n',
      'values.yaml': 'a: 1\nb: {c: 2, d: 3}\n',
      'templates/t.yaml': 'a={{ .Values.a }} b={{ toJson .Values.b }} big={{ .Values.big }} {{ kindOf .Values.big }}\n',
      'charts/sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.3\n',
      'charts/sub/values.yaml': 'color: red\nsize: 3\n',
      'charts/sub/templates/s.yaml': 'color={{ .Values.color }} size={{ .Values.size }}\n',
    });
    const out = await render(dir, ['a=null', 'b.c=null', 'big=1000000', 'sub.size=null', 'sub.color=7']);
    expect(out['p/templates/t.yaml']).toBe('a= b={"d":3} big=1000000 int64\n');
    expect(out['p/charts/sub/templates/s.yaml']).toBe('color=7 size=\n');
  });
});
