import { describe, it, expect } from 'vitest';
import { render, renderError } from './helpers.js';
import { sortTemplates, cleanupParseError, pathValue, type Renderable } from '../../../src/render/engine.js';
import { namedMap } from '../../../src/template/types.js';

describe('engine: template set and output', () => {
  it('renders every non-partial template keyed by its full path, partials excluded', () => {
    const out = render({
      name: 'app',
      templates: {
        'templates/_helpers.tpl': '{{ define "app.name" }}{{ .Chart.Name }}{{ end }}',
        'templates/cm.yaml': 'name: {{ include "app.name" . }}',
        'templates/sub/deep.yaml': 'deep: {{ .Template.Name }}',
      },
    });
    expect(out).toEqual({ 'app/templates/cm.yaml': 'name: app', 'app/templates/sub/deep.yaml': 'deep: app/templates/sub/deep.yaml' });
  });

  it('replaces "<no value>" in the output (missingkey=zero still prints it for interface values)', () => {
    const out = render({ name: 'a', templates: { 'templates/x.yaml': '[{{ .Values.missing }}] [{{ index .Values "nope" }}]' } });
    expect(out['a/templates/x.yaml']).toBe('[] []');
  });

  it('strict mode fails on a missing key', () => {
    const msg = renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ .Values.missing }}' } }, {}, { strict: true });
    expect(msg).toBe('template: a/templates/x.yaml:1:10: executing "a/templates/x.yaml" at <.Values.missing>: map has no entry for key "missing"');
  });

  it('parses deeper templates first so the root chart wins a duplicate define', () => {
    const out = render({
      name: 'root',
      templates: { 'templates/_h.tpl': '{{ define "who" }}root{{ end }}', 'templates/a.yaml': '{{ include "who" . }}' },
      deps: [{ name: 'sub', templates: { 'templates/_h.tpl': '{{ define "who" }}sub{{ end }}', 'templates/b.yaml': '{{ include "who" . }}' } }],
    });
    expect(out['root/templates/a.yaml']).toBe('root');
    expect(out['root/charts/sub/templates/b.yaml']).toBe('root');
  });

  it('at equal depth the lexically smaller file is parsed last and wins', () => {
    const out = render({
      name: 'c',
      templates: {
        'templates/_a.tpl': '{{ define "x" }}from-a{{ end }}',
        'templates/_b.tpl': '{{ define "x" }}from-b{{ end }}',
        'templates/t.yaml': '{{ include "x" . }}',
      },
    });
    expect(out['c/templates/t.yaml']).toBe('from-a');
  });

  it('sortTemplates orders by depth (deepest first) then reverse lexical', () => {
    const m = new Map<string, Renderable>();
    for (const k of ['a/templates/x.yaml', 'a/charts/b/templates/y.yaml', 'a/templates/b.yaml', 'a/templates/sub/z.yaml']) m.set(k, { tpl: '', vals: {}, basePath: '' });
    expect(sortTemplates(m)).toEqual(['a/charts/b/templates/y.yaml', 'a/templates/sub/z.yaml', 'a/templates/x.yaml', 'a/templates/b.yaml']);
  });
});

describe('engine: scoped objects', () => {
  const spec = {
    name: 'parent',
    metadata: { appVersion: '1.2.3', annotations: { team: 'x' } },
    templates: { 'templates/p.yaml': '{{ .Values.sub.v }} {{ .Chart.Name }} {{ .Chart.IsRoot }} {{ .Subcharts.sub.Values.v }} {{ .Subcharts.sub.Chart.Name }} {{ .Chart.AppVersion }} {{ .Chart.Annotations.team }}' },
    deps: [{ name: 'sub', templates: { 'templates/s.yaml': '{{ .Values.v }} {{ .Chart.Name }} {{ .Chart.IsRoot }} {{ .Template.BasePath }} {{ .Release.Name }} {{ typeOf .Values.missing }}' } }],
  };
  it('gives subcharts their own .Values, .Chart and .Template, sharing .Release and .Capabilities', () => {
    const out = render(spec, { sub: { v: 'S' } });
    expect(out['parent/templates/p.yaml']).toBe('S parent true S sub 1.2.3 x');
    expect(out['parent/charts/sub/templates/s.yaml']).toBe('S sub false parent/charts/sub/templates rel <nil>');
  });
  it('a subchart whose values are not a table gets empty values', () => {
    const out = render({ ...spec, templates: {} }, { sub: 'scalar' });
    expect(out['parent/charts/sub/templates/s.yaml']).toBe(' sub false parent/charts/sub/templates rel <nil>');
  });
  it('.Release carries Helm\'s fields with a Go int revision', () => {
    const out = render({ name: 'a', templates: { 'x.yaml': '' , 'templates/r.yaml': '{{ .Release.Name }} {{ .Release.Namespace }} {{ .Release.Revision }} {{ typeOf .Release.Revision }} {{ .Release.IsInstall }} {{ .Release.IsUpgrade }} {{ .Release.Service }} {{ typeOf . }} {{ typeOf .Values }}' } });
    expect(out['a/templates/r.yaml']).toBe('rel ns 1 int true false Helm chartutil.Values chartutil.Values');
  });
  it('.Capabilities: KubeVersion prints via String(), APIVersions.Has, HelmVersion', () => {
    const out = render({
      name: 'a',
      templates: { 'templates/c.yaml': '{{ .Capabilities.KubeVersion }} {{ .Capabilities.KubeVersion.GitVersion }} {{ .Capabilities.APIVersions.Has "apps/v1" }} {{ .Capabilities.APIVersions.Has "apiextensions.k8s.io/v1beta1" }} {{ .Capabilities.APIVersions.Has "x/v1" }} {{ .Capabilities.HelmVersion.Version }} {{ semverCompare ">=1.21-0" .Capabilities.KubeVersion.Version }}' },
    });
    expect(out['a/templates/c.yaml']).toBe('v1.28.0 v1.28.0 true true false v3.13.3 true');
  });
  it('library charts contribute only their partials', () => {
    const out = render({
      name: 'app',
      templates: { 'templates/a.yaml': '{{ include "lib.x" . }}' },
      deps: [{ name: 'lib', type: 'library', templates: { 'templates/_x.tpl': '{{ define "lib.x" }}LIB{{ end }}', 'templates/ignored.yaml': '{{ fail "never" }}' } }],
    });
    expect(out).toEqual({ 'app/templates/a.yaml': 'LIB' });
  });
});

describe('engine: .Files', () => {
  const spec = {
    name: 'f',
    files: { 'config/a.conf': 'A=1\n', 'config/b.conf': 'B=2', 'config/sub/c.txt': 'line1\nline2\n', 'empty.txt': '', 'README.md': '# r' },
    templates: {
      'templates/get.yaml': '{{ .Files.Get "config/a.conf" }}|{{ .Files.Get "nope" }}|{{ len (.Files.GetBytes "config/b.conf") }}',
      'templates/glob.yaml': '{{ range $p, $b := .Files.Glob "config/*" }}{{ $p }}={{ $.Files.Get $p | trim }};{{ end }}|{{ len (.Files.Glob "config/**") }}|{{ len (.Files.Glob "**.txt") }}|{{ len (.Files.Glob "{README.md,empty.txt}") }}',
      'templates/config.yaml': '{{ (.Files.Glob "config/*.conf").AsConfig }}\n---\n{{ (.Files.Glob "config/*.conf").AsSecrets }}',
      'templates/lines.yaml': '{{ range .Files.Lines "config/sub/c.txt" }}[{{ . }}]{{ end }}{{ len (.Files.Lines "missing") }}',
    },
  };
  it('Get, GetBytes, Glob (gobwas semantics), AsConfig, AsSecrets, Lines', () => {
    const out = render(spec);
    expect(out['f/templates/get.yaml']).toBe('A=1\n||3');
    expect(out['f/templates/glob.yaml']).toBe('config/a.conf=A=1;config/b.conf=B=2;|3|2|2');
    expect(out['f/templates/config.yaml']).toBe('a.conf: |\n  A=1\nb.conf: B=2\n---\na.conf: QT0xCg==\nb.conf: Qj0y');
    expect(out['f/templates/lines.yaml']).toBe('[line1][line2]0');
  });
  it('Lines of an empty file panics as Go does', () => {
    const msg = renderError({ name: 'f', files: { 'e.txt': '' }, templates: { 'templates/x.yaml': '{{ .Files.Lines "e.txt" }}' } });
    expect(msg).toContain('error calling Lines: runtime error: index out of range [-1]');
  });
});

describe('engine: include, tpl, required, fail, lookup', () => {
  it('include of a missing template names the set "gotpl"', () => {
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ include "nope" . }}' } })).toBe(
      'template: a/templates/x.yaml:1:3: executing "a/templates/x.yaml" at <include "nope" .>: error calling include: template: no template "nope" associated with template "gotpl"',
    );
  });
  it('required and fail become "execution error at (...)" with the outermost location', () => {
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '\n  {{ required "need it" .Values.x }}' } })).toBe('execution error at (a/templates/x.yaml:2:5): need it');
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ required "empty string" "" }}' } })).toBe('execution error at (a/templates/x.yaml:1:3): empty string');
    expect(
      renderError({ name: 'a', templates: { 'templates/_h.tpl': '{{ define "h" }}{{ fail "inner" }}{{ end }}', 'templates/x.yaml': 'x: {{ include "h" . }}' } }),
    ).toBe('execution error at (a/templates/x.yaml:1:6): inner');
  });
  it('required passes non-empty values through, including false and 0', () => {
    const out = render({ name: 'a', templates: { 'templates/x.yaml': '{{ required "m" .Values.b }} {{ required "m" .Values.n }}' } }, { b: false, n: 0 });
    expect(out['a/templates/x.yaml']).toBe('false 0');
  });
  it('lint mode lets required and fail through', () => {
    const logs: string[] = [];
    const out = render({ name: 'a', templates: { 'templates/x.yaml': '[{{ required "need" .Values.x }}][{{ fail "f" }}]' } }, {}, { lintMode: true, log: (m) => logs.push(m) });
    expect(out['a/templates/x.yaml']).toBe('[][]');
    expect(logs).toEqual(['[INFO] Missing required value: need', '[INFO] Fail: f']);
  });
  it('tpl renders with the given values, sees the chart\'s defines and its own', () => {
    const out = render(
      {
        name: 'a',
        templates: {
          'templates/_h.tpl': '{{ define "h" }}H{{ end }}',
          'templates/x.yaml': '{{ tpl .Values.t . }}|{{ tpl "{{ define \\"own\\" }}O{{ end }}{{ include \\"own\\" . }}{{ include \\"h\\" . }}" . }}|{{ tpl "{{ .Template.Name }}" . }}|{{ tpl "{{ .missing }}" . }}',
        },
      },
      { t: '{{ .Release.Name }}-{{ .Values.v }}', v: 'V' },
    );
    expect(out['a/templates/x.yaml']).toBe('rel-V|OH|a/templates/x.yaml|');
  });
  it('tpl: a define in a chart file overrides the same define in the tpl text', () => {
    const out = render({
      name: 'a',
      templates: { 'templates/_h.tpl': '{{ define "h" }}file{{ end }}', 'templates/x.yaml': '{{ tpl "{{ define \\"h\\" }}tpl{{ end }}{{ include \\"h\\" . }}" . }}' },
    });
    expect(out['a/templates/x.yaml']).toBe('file');
  });
  it('tpl errors are wrapped as Helm wraps them', () => {
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ tpl "{{ fail \\"boom\\" }}" . }}' } })).toBe(
      'template: a/templates/x.yaml:1:3: executing "a/templates/x.yaml" at <tpl "{{ fail \\"boom\\" }}" .>: error calling tpl: error during tpl function execution for "{{ fail \\"boom\\" }}": execution error at (a/templates/x.yaml:1:3): boom',
    );
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ tpl "{{ .Values.x" . }}' } })).toBe(
      'template: a/templates/x.yaml:1:3: executing "a/templates/x.yaml" at <tpl "{{ .Values.x" .>: error calling tpl: error during tpl function execution for "{{ .Values.x": parse error at (a/templates/x.yaml:1): unclosed action',
    );
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ tpl "x" .Values }}' } })).toBe(
      'template: a/templates/x.yaml:1:3: executing "a/templates/x.yaml" at <tpl "x" .Values>: error calling tpl: cannot retrieve Template.Basepath from values inside tpl function: x: "BasePath" is not a value',
    );
  });
  it('lookup returns an empty map without a cluster, and a pluggable client otherwise', () => {
    const spec = { name: 'a', templates: { 'templates/x.yaml': '{{ lookup "v1" "Secret" "ns" "s" }}|{{ (lookup "v1" "Secret" "ns" "s").kind }}' } };
    expect(render(spec)['a/templates/x.yaml']).toBe('map[]|');
    const seen: string[] = [];
    const out = render(spec, {}, { lookup: (a, k, ns, n) => (seen.push([a, k, ns, n].join('/')), { kind: k }) });
    expect(out['a/templates/x.yaml']).toBe('map[kind:Secret]|Secret');
    expect(seen).toEqual(['v1/Secret/ns/s', 'v1/Secret/ns/s']);
  });
  it('getHostByName returns "" unless DNS is enabled', () => {
    expect(render({ name: 'a', templates: { 'templates/x.yaml': '[{{ getHostByName "localhost" }}]' } })['a/templates/x.yaml']).toBe('[]');
  });
});

describe('engine: parse errors', () => {
  it('cleanupParseError keeps the location and the last part of the message', () => {
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': 'ok\n{{ if }}' } })).toBe('parse error at (a/templates/x.yaml:2): missing value for if');
    expect(cleanupParseError('f', new Error('plain'))).toHaveProperty('message', 'parse error in (f): plain');
  });
});

describe('pathValue', () => {
  it('finds non-table values and reports Helm\'s ErrNoValue', () => {
    const v = { Template: namedMap({ Name: 'n', BasePath: 'b' }, 'chartutil.Values'), a: { b: { c: 1 } } };
    expect(pathValue(v, 'Template.Name')).toBe('n');
    expect(pathValue(v, 'a.b.c')).toBe(1);
    expect(() => pathValue(v, 'a.b')).toThrow('"b" is not a value');
    expect(() => pathValue(v, 'x.y')).toThrow('"y" is not a value');
    expect(() => pathValue(v, '')).toThrow('YAML path cannot be empty');
  });
});
