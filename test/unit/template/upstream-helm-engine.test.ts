// Test vectors ported from Helm v3.13.3's pkg/engine/engine_test.go and pkg/engine/funcs_test.go (TestFuncs,
// TestRender, TestRenderRefsOrdering, TestRenderInternals, TestParseErrors, TestExecErrors, TestFailErrors,
// TestChartValuesContainsIsRoot, TestRenderDependency, TestRenderNestedValues, TestRenderBuiltinValues,
// TestAlterFuncMap_*, TestRenderRecursionLimit, TestRenderLoadTemplateForTplFromFile, TestRenderTpl*).
// Values are given already coalesced (chartutil.CoalesceValues is not what these tests exercise).
import { describe, it, expect } from 'vitest';
import { Engine, type Renderable } from '../../../src/render/engine.js';
import { Template } from '../../../src/template/index.js';
import { funcMap } from '../../../src/funcs/index.js';
import { namedMap, type GoMap } from '../../../src/template/types.js';
import { makeChart, topValues, type ChartSpec } from '../render/helpers.js';

const V = (m: GoMap) => namedMap(m, 'chartutil.Values');
function renderChart(spec: ChartSpec, values: GoMap = {}, opts: ConstructorParameters<typeof Engine>[0] = {}, release = 'rel'): Record<string, string> {
  return new Engine(opts).render(makeChart(spec), topValues(values, { name: release }));
}
function renderTpls(tpls: Record<string, { tpl: string; vals: unknown }>, opts: ConstructorParameters<typeof Engine>[0] = {}): Record<string, string> {
  const m = new Map<string, Renderable>();
  for (const [k, v] of Object.entries(tpls)) m.set(k, { tpl: v.tpl, vals: v.vals as GoMap, basePath: '' });
  return new Engine(opts).renderWithReferences(m, m);
}
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('funcs_test.go TestFuncs', () => {
  const tests: [string, string, unknown][] = [
    ['{{ toYaml . }}', 'foo: bar', { foo: 'bar' }],
    ['{{ toToml . }}', 'foo = "bar"\n', { foo: 'bar' }],
    ['{{ toJson . }}', '{"foo":"bar"}', { foo: 'bar' }],
    ['{{ fromYaml . }}', 'map[hello:world]', 'hello: world'],
    ['{{ fromYamlArray . }}', '[one 2 map[name:helm]]', '- one\n- 2\n- name: helm\n'],
    ['{{ fromYamlArray . }}', '[one 2 map[name:helm]]', '["one", 2, { "name": "helm" }]'],
    ['{{ toToml . }}', '[mast]\n  sail = "white"\n', { mast: namedMap({ sail: 'white' }, 'map[string]string') }],
    ['{{ fromYaml . }}', 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]', '- one\n- two\n'],
    ['{{ fromJson .}}', 'map[hello:world]', '{"hello":"world"}'],
    ['{{ fromJson . }}', 'map[Error:json: cannot unmarshal array into Go value of type map[string]interface {}]', '["one", "two"]'],
    ['{{ fromJsonArray . }}', '[one 2 map[name:helm]]', '["one", 2, { "name": "helm" }]'],
    ['{{ fromJsonArray . }}', '[json: cannot unmarshal object into Go value of type []interface {}]', '{"hello": "world"}'],
    ['{{ merge .dict (fromYaml .yaml) }}', 'map[a:map[b:c]]', { dict: { a: { b: 'c' } }, yaml: '{"a":{"b":"d"}}' }],
    ['{{ merge (fromYaml .yaml) .dict }}', 'map[a:map[b:d]]', { dict: { a: { b: 'c' } }, yaml: '{"a":{"b":"d"}}' }],
    ['{{ fromYaml . }}', 'map[Error:error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}]', '["one", "two"]'],
    ['{{ fromYamlArray . }}', '[error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}]', 'hello: world'],
  ];
  it.each(tests)('%s with %j', (tpl, want, vars) => {
    expect(new Template('test').funcs(funcMap()).parse(tpl).execute(vars)).toBe(want);
  });
  it('lookup without a cluster never goes to the network', () => {
    const out = renderChart({ name: 'c', templates: { 'templates/t': '{{ lookup "v1" "Namespace" "" "unlikelynamespace99999999" }}' } });
    expect(out['c/templates/t']).toBe('map[]');
  });
});

describe('engine_test.go', () => {
  it('TestRender', () => {
    const out = renderChart(
      {
        name: 'moby',
        templates: {
          'templates/test1': '{{.Values.outer | title }} {{.Values.inner | title}}',
          'templates/test2': '{{.Values.global.callme | lower }}',
          'templates/test3': '{{.noValue}}',
          'templates/test4': '{{toJson .Values}}',
          'templates/test5': '{{getHostByName "helm.sh"}}',
        },
      },
      { outer: 'spouter', inner: 'inn', global: { callme: 'Ishmael' } },
    );
    expect(out).toEqual({
      'moby/templates/test1': 'Spouter Inn',
      'moby/templates/test2': 'ishmael',
      'moby/templates/test3': '',
      'moby/templates/test4': '{"global":{"callme":"Ishmael"},"inner":"inn","outer":"spouter"}',
      'moby/templates/test5': '',
    });
  });
  it('TestRenderRefsOrdering', () => {
    const spec: ChartSpec = {
      name: 'parent',
      templates: { 'templates/_helpers.tpl': '{{- define "test" -}}parent value{{- end -}}', 'templates/test.yaml': '{{ tpl "{{ include \\"test\\" . }}" . }}' },
      deps: [{ name: 'child', templates: { 'templates/_helpers.tpl': '{{- define "test" -}}child value{{- end -}}' } }],
    };
    for (let i = 0; i < 10; i++) expect(renderChart(spec)['parent/templates/test.yaml']).toBe('parent value');
  });
  it('TestRenderInternals', () => {
    const vals = V({ Name: 'one', Value: 'two' });
    const out = renderTpls({
      one: { tpl: 'Hello {{title .Name}}', vals },
      two: { tpl: 'Goodbye {{upper .Value}}', vals },
      three: { tpl: '{{template "two" dict "Value" "three"}}', vals },
    });
    expect(out).toEqual({ one: 'Hello One', two: 'Goodbye TWO', three: 'Goodbye THREE' });
  });
  it('TestParseErrors', () => {
    expect(errorOf(() => renderTpls({ undefined_function: { tpl: '{{foo}}', vals: V({ Values: {} }) } }))).toBe('parse error at (undefined_function:1): function "foo" not defined');
  });
  const execErrors: [string, string, string, string][] = [
    ['MissingRequired', 'missing_required', '{{required "foo is required" .Values.foo}}', 'execution error at (missing_required:1:2): foo is required'],
    ['MissingRequiredWithColons', 'missing_required_with_colons', '{{required ":this: message: has many: colons:" .Values.foo}}', 'execution error at (missing_required_with_colons:1:2): :this: message: has many: colons:'],
    ['Issue6044', 'issue6044', '{{ $someEmptyValue := "" }}\n{{ $myvar := "abc" }}\n{{- required (printf "%s: something is missing" $myvar) $someEmptyValue | repeat 0 }}', 'execution error at (issue6044:3:4): abc: something is missing'],
    ['MissingRequiredWithNewlines', 'issue9981', '{{required "foo is required\\nmore info after the break" .Values.foo}}', 'execution error at (issue9981:1:2): foo is required\nmore info after the break'],
    ['FailWithNewlines', 'issue9981', '{{fail "something is wrong\\nlinebreak"}}', 'execution error at (issue9981:1:2): something is wrong\nlinebreak'],
  ];
  it.each(execErrors)('TestExecErrors %s', (_name, file, tpl, want) => {
    expect(errorOf(() => renderTpls({ [file]: { tpl, vals: V({ Values: {} }) } }))).toBe(want);
  });
  it('TestFailErrors', () => {
    const tpls = { failtpl: { tpl: 'All your base are belong to us{{ fail "This is an error" }}', vals: V({ Values: {} }) } };
    expect(errorOf(() => renderTpls(tpls))).toBe('execution error at (failtpl:1:33): This is an error');
    expect(renderTpls(tpls, { lintMode: true, log: () => {} }).failtpl).toBe('All your base are belong to us');
  });
  it('TestChartValuesContainsIsRoot', () => {
    const out = renderChart({ name: 'parent', templates: { 'templates/isroot': '{{.Chart.IsRoot}}' }, deps: [{ name: 'child', templates: { 'templates/isroot': '{{.Chart.IsRoot}}' } }] });
    expect(out['parent/charts/child/templates/isroot']).toBe('false');
    expect(out['parent/templates/isroot']).toBe('true');
  });
  it('TestRenderDependency', () => {
    const out = renderChart({ name: 'outerchart', templates: { 'templates/outer': 'Hello {{template "myblock"}}' }, deps: [{ name: 'innerchart', templates: { 'templates/inner': '{{define "myblock"}}World{{end}}' } }] });
    expect(Object.keys(out).length).toBe(2);
    expect(out['outerchart/templates/outer']).toBe('Hello World');
  });
  it('TestRenderNestedValues', () => {
    const spec: ChartSpec = {
      name: 'top',
      templates: {
        'templates/outer.tpl': 'Gather ye {{.Values.what}} while ye may',
        'templates/subcharts.tpl': 'The glorious Lamp of {{.Subcharts.herrick.Subcharts.deepest.Values.where}}, the {{.Subcharts.herrick.Values.what}}',
      },
      deps: [
        {
          name: 'herrick',
          templates: { 'templates/inner.tpl': "Old {{.Values.who}} is still a-flyin'" },
          deps: [{ name: 'deepest', templates: { 'templates/inner.tpl': 'And this same {{.Values.what}} that smiles {{.Values.global.when}}', 'templates/release.tpl': 'Tomorrow will be {{default "happy" .Release.Name }}' } }],
        },
      ],
    };
    const global = { when: 'to-day' };
    const values = {
      what: 'rosebuds',
      who: 'me',
      global,
      herrick: { who: 'time', what: 'Sun', global, deepest: { what: 'flower', where: 'Heaven', global } },
    };
    const out = renderChart(spec, values, {}, 'dyin');
    expect(out['top/templates/outer.tpl']).toBe('Gather ye rosebuds while ye may');
    expect(out['top/charts/herrick/templates/inner.tpl']).toBe("Old time is still a-flyin'");
    expect(out['top/charts/herrick/charts/deepest/templates/inner.tpl']).toBe('And this same flower that smiles to-day');
    expect(out['top/charts/herrick/charts/deepest/templates/release.tpl']).toBe('Tomorrow will be dyin');
    expect(out['top/templates/subcharts.tpl']).toBe('The glorious Lamp of Heaven, the Sun');
  });
  it('TestRenderBuiltinValues', () => {
    const spec: ChartSpec = {
      name: 'Troy',
      templates: {
        'templates/Aeneas': '{{.Template.Name}}{{.Chart.Name}}{{.Release.Name}}',
        'templates/Amata': '{{.Subcharts.Latium.Chart.Name}} {{.Subcharts.Latium.Files.author | printf "%s"}}',
      },
      deps: [
        {
          name: 'Latium',
          templates: { 'templates/Lavinia': '{{.Template.Name}}{{.Chart.Name}}{{.Release.Name}}', 'templates/From': '{{.Files.author | printf "%s"}} {{.Files.Get "book/title.txt"}}' },
          files: { author: 'Virgil', 'book/title.txt': 'Aeneid' },
        },
      ],
    };
    expect(renderChart(spec, {}, {}, 'Aeneid')).toEqual({
      'Troy/charts/Latium/templates/Lavinia': 'Troy/charts/Latium/templates/LaviniaLatiumAeneid',
      'Troy/templates/Aeneas': 'Troy/templates/AeneasTroyAeneid',
      'Troy/templates/Amata': 'Latium Virgil',
      'Troy/charts/Latium/templates/From': 'Virgil Aeneid',
    });
  });
  it('TestAlterFuncMap_include', () => {
    const out = renderChart({ name: 'conrad', templates: { 'templates/quote': '{{include "conrad/templates/_partial" . | indent 2}} dead.', 'templates/_partial': '{{.Release.Name}} - he' } }, {}, {}, 'Mistah Kurtz');
    expect(out['conrad/templates/quote']).toBe('  Mistah Kurtz - he dead.');
    expect(errorOf(() => renderChart({ name: 'nested', templates: { 'templates/quote': '{{include "nested/templates/quote" . | indent 2}} dead.', 'templates/_partial': '{{.Release.Name}} - he' } }))).toContain('nested/templates/quote');
  });
  it('TestAlterFuncMap_require', () => {
    const spec: ChartSpec = {
      name: 'conan',
      templates: {
        'templates/quote': `All your base are belong to {{ required "A valid 'who' is required" .Values.who }}`,
        'templates/bases': `All {{ required "A valid 'bases' is required" .Values.bases }} of them!`,
      },
    };
    const out = renderChart(spec, { who: 'us', bases: 2 });
    expect(out['conan/templates/quote']).toBe('All your base are belong to us');
    expect(out['conan/templates/bases']).toBe('All 2 of them!');
    const lint = renderChart(spec, { who: 'us' }, { lintMode: true, log: () => {} });
    expect(lint['conan/templates/quote']).toBe('All your base are belong to us');
    expect(lint['conan/templates/bases']).toBe('All  of them!');
  });
  it('TestAlterFuncMap_tpl / _tplfunc / _tplinclude', () => {
    expect(renderChart({ name: 'TplFunction', templates: { 'templates/base': 'Evaluate tpl {{tpl "Value: {{ .Values.value}}" .}}' } }, { value: 'myvalue' })['TplFunction/templates/base']).toBe('Evaluate tpl Value: myvalue');
    expect(renderChart({ name: 'TplFunction', templates: { 'templates/base': 'Evaluate tpl {{tpl "Value: {{ .Values.value | quote}}" .}}' } }, { value: 'myvalue' })['TplFunction/templates/base']).toBe('Evaluate tpl Value: "myvalue"');
    const inc = renderChart({ name: 'TplFunction', templates: { 'templates/base': '{{ tpl "{{include `TplFunction/templates/_partial` .  | quote }}" .}}', 'templates/_partial': '{{.Template.Name}}' } }, { value: 'myvalue' });
    expect(inc['TplFunction/templates/base']).toBe('"TplFunction/templates/base"');
  });
  it('TestRenderRecursionLimit', () => {
    const err = errorOf(() => renderChart({ name: 'bad', templates: { 'templates/base': '{{include "recursion" . }}', 'templates/recursion': '{{define "recursion"}}{{include "recursion" . }}{{end}}' } }));
    // 1000 nested includes need more JS stack than a test worker has: the engine then flags the exhaustion and
    // the command line re-runs on a deep-stack thread, where Helm's own message comes out.
    const flagged = (globalThis as any)[Symbol.for('tshelm.template.stackExhausted')] === true;
    expect(err.endsWith('rendering template has a nested reference name: recursion: unable to execute template') || flagged).toBe(true);
    const phrase = 'All work and no play makes Jack a dull boy';
    const times = 4000;
    const out = renderChart({ name: 'overlook', templates: { 'templates/quote': '{{include "overlook" . }}'.repeat(times), 'templates/_function': `{{define "overlook"}}{{printf "${phrase}\\n"}}{{end}}` } });
    expect(out['overlook/templates/quote']).toBe((phrase + '\n').repeat(times));
  });
  it('TestRenderLoadTemplateForTplFromFile', () => {
    const out = renderChart(
      {
        name: 'TplLoadFromFile',
        templates: { 'templates/base': '{{ tpl (.Files.Get .Values.filename) . }}', 'templates/_function': '{{define "test-function"}}test-function{{end}}' },
        files: { test: '{{ tpl (.Files.Get .Values.filename2) .}}', test2: '{{include "test-function" .}}{{define "nested-define"}}nested-define-content{{end}} {{include "nested-define" .}}' },
      },
      { filename: 'test', filename2: 'test2' },
    );
    expect(out['TplLoadFromFile/templates/base']).toBe('test-function nested-define-content');
  });
  it('TestRenderTplEmpty', () => {
    const out = renderChart({
      name: 'TplEmpty',
      templates: { 'templates/empty-string': '{{tpl "" .}}', 'templates/empty-action': '{{tpl "{{ \\"\\"}}" .}}', 'templates/only-defines': '{{tpl "{{define \\"not-invoked\\"}}not-rendered{{end}}" .}}' },
    });
    expect(out).toEqual({ 'TplEmpty/templates/empty-string': '', 'TplEmpty/templates/empty-action': '', 'TplEmpty/templates/only-defines': '' });
  });
  it('TestRenderTplTemplateNames', () => {
    const out = renderChart(
      {
        name: 'TplTemplateNames',
        templates: {
          'templates/default-basepath': '{{tpl "{{ .Template.BasePath }}" .}}',
          'templates/default-name': '{{tpl "{{ .Template.Name }}" .}}',
          'templates/modified-basepath': '{{tpl "{{ .Template.BasePath }}" .Values.dot}}',
          'templates/modified-name': '{{tpl "{{ .Template.Name }}" .Values.dot}}',
          'templates/modified-field': '{{tpl "{{ .Template.Field }}" .Values.dot}}',
        },
      },
      { dot: V({ Template: V({ BasePath: 'path/to/template', Name: 'name-of-template', Field: 'extra-field' }) }) },
    );
    expect(out).toEqual({
      'TplTemplateNames/templates/default-basepath': 'TplTemplateNames/templates',
      'TplTemplateNames/templates/default-name': 'TplTemplateNames/templates/default-name',
      'TplTemplateNames/templates/modified-basepath': 'path/to/template',
      'TplTemplateNames/templates/modified-name': 'name-of-template',
      'TplTemplateNames/templates/modified-field': '',
    });
  });
  it('TestRenderTplRedefines', () => {
    const out = renderChart(
      {
        name: 'TplRedefines',
        templates: {
          'templates/_partials': '{{define "partial"}}original-in-partial{{end}}',
          'templates/partial': 'before: {{include "partial" .}}\\n{{tpl .Values.partialText .}}\\nafter: {{include "partial" .}}',
          'templates/manifest': '{{define "manifest"}}original-in-manifest{{end}}before: {{include "manifest" .}}\\n{{tpl .Values.manifestText .}}\\nafter: {{include "manifest" .}}',
        },
      },
      {
        partialText: '{{define "partial"}}redefined-in-tpl{{end}}tpl: {{include "partial" .}}',
        manifestText: '{{define "manifest"}}redefined-in-tpl{{end}}tpl: {{include "manifest" .}}',
        manifestOnlyText: 'tpl: {{include "manifest-only" .}}',
      },
    );
    expect(out['TplRedefines/templates/partial']).toBe('before: original-in-partial\\ntpl: original-in-partial\\nafter: original-in-partial');
    expect(out['TplRedefines/templates/manifest']).toBe('before: original-in-manifest\\ntpl: redefined-in-tpl\\nafter: original-in-manifest');
  });
  it('TestRenderTplMissingKey / TestRenderTplMissingKeyString', () => {
    const spec: ChartSpec = { name: 'TplMissingKey', templates: { 'templates/manifest': 'missingValue: {{tpl "{{.Values.noSuchKey}}" .}}' } };
    expect(renderChart(spec)['TplMissingKey/templates/manifest']).toBe('missingValue: ');
    expect(errorOf(() => renderChart(spec, {}, { strict: true }))).toContain('noSuchKey');
  });
});
