import { describe, it, expect } from 'vitest';
import { splitManifests, sortManifests, sortByKind, parseSimpleHead, goTrimSpace, InstallOrder, UninstallOrder, SortManifestsError } from '../../../src/render/manifests.js';
import { compileGlob } from '../../../src/render/files.js';

describe('splitManifests', () => {
  it('splits on --- lines, trims documents and drops empty ones', () => {
    expect(splitManifests('---\na: 1\n---\nb: 2\n  \n---\n\n')).toEqual(['a: 1', 'b: 2']);
    // the whitespace after a separator is consumed with it, so a second "---" right after is not a separator
    expect(splitManifests('a: 1\n---\n\n---   \nb: 2')).toEqual(['a: 1', '---   \nb: 2']);
    expect(splitManifests('a: 1')).toEqual(['a: 1']);
    expect(splitManifests('  \n')).toEqual([]);
  });
  it('treats any "---" at a line start as a separator, as Helm\'s regexp does', () => {
    expect(splitManifests('a: 1\n--- # comment\nb: 2\n----\nc: 3')).toEqual(['a: 1', '# comment\nb: 2', '-\nc: 3']);
  });
  it('keeps "---" inside a line', () => {
    expect(splitManifests('a: "x---y"\nb: 2')).toEqual(['a: "x---y"\nb: 2']);
  });
  it('goTrimSpace trims Go\'s unicode spaces but not U+FEFF', () => {
    expect(goTrimSpace('\u0085 a \u00a0')).toBe('a');
    expect(goTrimSpace('\ufeffa')).toBe('\ufeffa');
  });
});

describe('parseSimpleHead', () => {
  it('reads apiVersion, kind, metadata.name and annotations, coercing scalars to strings', () => {
    expect(parseSimpleHead('apiVersion: v1\nkind: Pod\nmetadata:\n  name: 12\n  annotations:\n    helm.sh/hook-weight: -5\n    b: true\n    c:\n')).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: '12', annotations: { 'helm.sh/hook-weight': '-5', b: 'true', c: '' } },
    });
    expect(parseSimpleHead('# only a comment')).toEqual({ apiVersion: '', kind: '', metadata: null });
  });
  it('fails like sigs.k8s.io/yaml on bad documents', () => {
    expect(() => parseSimpleHead('a: b: c')).toThrow('error converting YAML to JSON: yaml: mapping values are not allowed in this context');
    expect(() => parseSimpleHead('- a')).toThrow('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type releaseutil.SimpleHead');
    expect(() => parseSimpleHead('kind: [a]')).toThrow('json: cannot unmarshal array into Go struct field SimpleHead.kind of type string');
  });
});

describe('sortManifests', () => {
  const files = {
    'c/templates/z.yaml': 'kind: Deployment\nmetadata:\n  name: d\n---\nkind: Service\nmetadata:\n  name: s',
    'c/templates/a.yaml': 'kind: ConfigMap\nmetadata:\n  name: cm\n---\nkind: Zebra\n---\nkind: Alpha\n---\nkind: Namespace',
    'c/templates/_helpers.tpl': 'kind: Secret',
    'c/templates/blank.yaml': '  \n\n',
    'c/templates/hooks.yaml': [
      'kind: Job\nmetadata:\n  name: j\n  annotations:\n    helm.sh/hook: "pre-install, POST-UPGRADE"\n    helm.sh/hook-weight: "5"\n    helm.sh/hook-delete-policy: before-hook-creation,Hook-Succeeded',
      'kind: ConfigMap\nmetadata:\n  name: hc\n  annotations:\n    helm.sh/hook: test-success\n    helm.sh/hook-weight: "x"',
      'kind: Pod\nmetadata:\n  name: unknown\n  annotations:\n    helm.sh/hook: pre-install,bogus',
      'kind: Pod\nmetadata:\n  name: plain\n  annotations:\n    other: x',
    ].join('\n---\n'),
  };
  it('orders manifests by InstallOrder (unknown kinds last, alphabetically), stable within a kind', () => {
    const logs: string[] = [];
    const r = sortManifests(files, InstallOrder, (m) => logs.push(m));
    expect(r.manifests.map((m) => `${m.head.kind}:${m.name}`)).toEqual([
      'Namespace:c/templates/a.yaml',
      'ConfigMap:c/templates/a.yaml',
      'Service:c/templates/z.yaml',
      'Pod:c/templates/hooks.yaml',
      'Deployment:c/templates/z.yaml',
      'Alpha:c/templates/a.yaml',
      'Zebra:c/templates/a.yaml',
    ]);
    expect(logs).toEqual(['info: skipping unknown hook: "pre-install,bogus"']);
  });
  it('extracts hooks with events, weights and delete policies, sorted by kind', () => {
    const r = sortManifests(files);
    expect(r.hooks.map((h) => ({ name: h.name, kind: h.kind, events: h.events, weight: h.weight, dp: h.delete_policies, path: h.path }))).toEqual([
      { name: 'hc', kind: 'ConfigMap', events: ['test'], weight: 0, dp: [], path: 'c/templates/hooks.yaml' },
      { name: 'j', kind: 'Job', events: ['pre-install', 'post-upgrade'], weight: 5, dp: ['before-hook-creation', 'hook-succeeded'], path: 'c/templates/hooks.yaml' },
    ]);
  });
  it('fails with the file path on invalid YAML', () => {
    try {
      sortManifests({ 'c/templates/ok.yaml': 'kind: Pod', 'c/templates/bad.yaml': 'kind: Pod\n  x: [' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(SortManifestsError);
      expect((e as Error).message).toMatch(/^YAML parse error on c\/templates\/bad\.yaml: error converting YAML to JSON: yaml: line 2: /);
    }
  });
  it('sortByKind with UninstallOrder reverses the known order', () => {
    const kinds = ['Service', 'Namespace', 'Deployment', 'Foo'];
    expect(sortByKind(kinds, (k) => k, UninstallOrder)).toEqual(['Service', 'Deployment', 'Namespace', 'Foo']);
  });
});

describe('compileGlob (gobwas/glob with separator /)', () => {
  const m = (p: string, s: string) => compileGlob(p)!.test(s);
  it('matches *, **, ?, classes and alternatives', () => {
    expect(m('config/*', 'config/a.conf')).toBe(true);
    expect(m('config/*', 'config/sub/c')).toBe(false);
    expect(m('config/**', 'config/sub/c')).toBe(true);
    expect(m('**.yaml', 'a/b/c.yaml')).toBe(true);
    expect(m('file?.txt', 'file1.txt')).toBe(true);
    expect(m('file?.txt', 'file/.txt')).toBe(false);
    expect(m('[ab]-[!x]', 'a-y')).toBe(true);
    expect(m('[ab]-[!x]', 'a-x')).toBe(false);
    expect(m('[a-c]', 'b')).toBe(true);
    expect(m('{x,y/*}.md', 'y/z.md')).toBe(true);
    expect(m('a\\*b', 'a*b')).toBe(true);
    expect(m('a\\*b', 'axb')).toBe(false);
  });
  it('reports invalid patterns (Helm then matches everything)', () => {
    expect(compileGlob('[abc')).toBeUndefined();
    expect(compileGlob('{a,b')).toBeUndefined();
  });
});
