// src/chart/package.ts as a library (repo hosting reuses packageChart) and the lint rules in-process.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHash } from 'node:crypto';
import { packageChart, archiveBytes, marshalMetadata, marshalLock, tarFiles } from '../../../src/chart/package.js';
import { hashReq, rfc3339Now } from '../../../src/chart/dependency-manager.js';
import { loadChart } from '../../../src/chart/index.js';
import { splitYamlDocuments, Linter, lintChartfile, lintValues } from '../../../src/chart/lint.js';

const root = resolve(__dirname, '../../..');

describe('chart/package: packageChart and the archive format', () => {
  it('round-trips: load(package(chart)) has the same templates, values and metadata', async () => {
    const dest = mkdtempSync(join(tmpdir(), 'tshelm-pkglib-'));
    const src = join(root, 'charts', 'webapp');
    const p = await packageChart(src, dest);
    expect(p).toBe(join(dest, 'webapp-0.1.0.tgz'));
    const a = await loadChart(src);
    const b = await loadChart(p);
    expect(b.metadata).toEqual(a.metadata);
    expect(b.values).toEqual(a.values);
    expect(b.templates.map((t) => t.name)).toEqual(a.templates.map((t) => t.name));
    expect(b.dependencies.map((d) => d.name()).sort()).toEqual(['cache', 'common-lib']);
    expect(b.lock?.digest).toBe(a.lock?.digest);
    // same bytes from the loaded chart as from the directory
    expect(archiveBytes(a).equals(readFileSync(p))).toBe(true);
  });

  it('SOURCE_DATE_EPOCH sets the entries\' time; long names go through USTAR prefix or PAX', () => {
    const long = `c/${'d'.repeat(120)}/${'f'.repeat(90)}.yaml`;
    const huge = `c/${'x'.repeat(300)}.yaml`;
    const tar = tarFiles([{ name: long, data: new TextEncoder().encode('a') }, { name: huge, data: new Uint8Array(0) }], 1700000000);
    const h = tar.subarray(0, 512);
    expect(h.subarray(345, 345 + 122).toString().replace(/\0+$/, '')).toBe(`c/${'d'.repeat(120)}`);
    expect(parseInt(h.subarray(136, 148).toString(), 8)).toBe(1700000000);
    // the PAX header of the second entry carries its full path
    expect(tar.toString('latin1')).toContain(` path=${huge}\n`);
  });

  it('Chart.yaml and Chart.lock are written as Helm marshals them (omitempty, sorted keys)', () => {
    expect(marshalMetadata({ apiVersion: 'v2', name: 'x', version: '1.0.0', deprecated: false, keywords: [], dependencies: [{ name: 'd', repository: '', version: '1.x' }] })).toBe(
      'apiVersion: v2\ndependencies:\n- name: d\n  repository: ""\n  version: 1.x\nname: x\nversion: 1.0.0\n',
    );
    expect(marshalLock({ generated: '2024-01-02T03:04:05.5Z', digest: 'sha256:ab', dependencies: [{ name: 'd', repository: 'file://../d', version: '1.2.3' }] })).toBe(
      'dependencies:\n- name: d\n  repository: file://../d\n  version: 1.2.3\ndigest: sha256:ab\ngenerated: "2024-01-02T03:04:05.5Z"\n',
    );
    expect(rfc3339Now(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 0)))).toBe('2024-01-02T03:04:05Z');
  });

  it('hashReq matches the digests Helm wrote into the corpus\' Chart.lock files', async () => {
    const corpus = resolve(root, '../shared/conformance/charts');
    let checked = 0;
    for (const n of ['prometheus', 'bitnami-nginx']) {
      let c;
      try {
        c = await loadChart(join(corpus, n, 'chart'));
      } catch {
        continue;
      }
      expect(hashReq(c.metadata.dependencies!, c.lock!.dependencies)).toBe(c.lock!.digest);
      checked++;
    }
    if (checked === 0) console.warn('hashReq corpus check skipped: ../shared/conformance not found');
    // independent of the corpus: the JSON keeps the struct's field order
    expect(hashReq([{ name: 'a', version: '1', repository: 'r', condition: 'c' }], [])).toBe(
      'sha256:' + createHash('sha256').update('[[{"name":"a","version":"1","repository":"r","condition":"c"}],[]]').digest('hex'),
    );
  });
});

describe('chart/lint: rules in-process', () => {
  it('splits YAML streams as the apimachinery reader does', () => {
    expect(splitYamlDocuments('a: 1\n---\nb: 2\n--- # c\nc: 3\n---x: 1\n')).toEqual(['a: 1\n', 'b: 2\n', 'c: 3\n---x: 1\n']);
  });

  it('Chart.yaml rules: missing file, not SemVer, v1 with type and dependencies', () => {
    const d = mkdtempSync(join(tmpdir(), 'tshelm-lintlib-'));
    const l0 = new Linter(d);
    lintChartfile(l0);
    expect(l0.messages.map((m) => m.err.message)).toEqual([`unable to parse YAML\n\topen ${join(d, 'Chart.yaml')}: no such file or directory`]);
    writeFileSync(join(d, 'Chart.yaml'), 'apiVersion: v1\nname: x\nversion: one\ntype: library\nsources: ["not a url"]\ndependencies:\n  - name: y\n    repository: ""\n');
    const l = new Linter(d);
    lintChartfile(l);
    expect(l.messages.map((m) => `[${m.severity}] ${m.err.message}`)).toEqual([
      "[3] version 'one' is not a valid SemVer",
      "[3] invalid source URL 'not a url'",
      '[1] icon is recommended',
      "[3] chart type is not valid in apiVersion 'v1'. It is valid in apiVersion 'v2'",
      "[3] dependencies are not valid in the Chart file with apiVersion 'v1'. They are valid in apiVersion 'v2'",
    ]);
    mkdirSync(join(d, 'v'), { recursive: true });
    writeFileSync(join(d, 'v', 'values.yaml'), 'a: [\n');
    const lv = new Linter(join(d, 'v'));
    lintValues(lv, {});
    expect(lv.messages[0].err.message).toBe('unable to parse YAML: error converting YAML to JSON: yaml: line 1: did not find expected node content');
  });
});
