// `tpl` renders against a cached set of the chart's other templates (the tpl text's templates laid over it for
// the call): these cases check it builds what Helm's fresh per-call set holds.
import { describe, it, expect } from 'vitest';
import { render, renderError } from './helpers.js';

describe('render: tpl over the cached reference set', () => {
  it('the calling file\'s own defines are not visible to tpl (Helm skips the calling file)', () => {
    const out = render({
      name: 'a',
      templates: {
        'templates/x.yaml': '{{ define "mine" }}M{{ end }}x',
        'templates/y.yaml': '{{ tpl "{{ include \\"mine\\" . }}" . }}',
      },
    });
    expect(out['a/templates/y.yaml']).toBe('M');
    const err = renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ define "mine" }}M{{ end }}{{ tpl "{{ include \\"mine\\" . }}" . }}' } });
    expect(err).toContain('no template "mine" associated with template "gotpl"');
  });

  it('a tpl text define does not leak into the next tpl call or the chart\'s set', () => {
    const out = render({
      name: 'a',
      templates: {
        'templates/x.yaml': '{{ tpl "{{ define \\"t\\" }}T1{{ end }}{{ include \\"t\\" . }}" . }}|{{ tpl "{{ if (eq 1 1) }}{{ template \\"t2\\" }}{{ end }}{{ define \\"t2\\" }}T2{{ end }}" . }}',
        'templates/y.yaml': '{{ tpl "{{ define \\"t\\" }}Y{{ end }}{{ include \\"t\\" . }}" . }}',
      },
    });
    expect(out['a/templates/x.yaml']).toBe('T1|T2');
    expect(out['a/templates/y.yaml']).toBe('Y');
    expect(renderError({ name: 'a', templates: { 'templates/x.yaml': '{{ tpl "{{ define \\"t\\" }}T{{ end }}" . }}{{ include "t" . }}' } })).toContain('no template "t" associated');
  });

  it('nested tpl (same calling name) and include inside tpl', () => {
    const out = render(
      {
        name: 'a',
        templates: {
          'templates/_h.tpl': '{{ define "h" }}<{{ tpl .Values.inner . }}>{{ end }}',
          'templates/x.yaml': '{{ tpl .Values.outer . }}',
        },
      },
      { outer: '{{ include "h" . }}-{{ .Template.Name }}', inner: '{{ .Values.who }}', who: 'me' },
    );
    expect(out['a/templates/x.yaml']).toBe('<me>-a/templates/x.yaml');
  });

  it('an empty define in the tpl text stands when the files only have it empty; a file\'s non-empty one wins', () => {
    const out = render({
      name: 'a',
      templates: {
        'templates/_e.tpl': '{{ define "e" }}{{ end }}{{ define "f" }}F{{ end }}',
        'templates/x.yaml': '[{{ tpl "{{ define \\"e\\" }}E{{ end }}{{ define \\"f\\" }}tplF{{ end }}{{ include \\"e\\" . }}{{ include \\"f\\" . }}" . }}]',
      },
    });
    expect(out['a/templates/x.yaml']).toBe('[EF]');
  });

  it('a tpl text define named like another template file takes Helm\'s full path', () => {
    const out = render({
      name: 'a',
      templates: {
        'templates/y.yaml': 'Y',
        'templates/x.yaml': '{{ tpl "{{ define \\"a/templates/y.yaml\\" }}Z{{ end }}{{ include \\"a/templates/y.yaml\\" . }}" . }}',
      },
    });
    expect(out['a/templates/x.yaml']).toBe('Z');
  });

  it('many tpl calls keep include recursion counting per call', () => {
    const values = { t: '{{ include "h" . }}', n: 0 };
    const tpls: Record<string, string> = { 'templates/_h.tpl': '{{ define "h" }}h{{ end }}' };
    tpls['templates/x.yaml'] = Array.from({ length: 1500 }, () => '{{ tpl .Values.t . }}').join('');
    expect(render({ name: 'a', templates: tpls }, values)['a/templates/x.yaml']).toBe('h'.repeat(1500));
  });

  it('a nested tpl with another calling name sees neither the outer text\'s defines nor its own file\'s', () => {
    const inner = '{{ include \\"xd\\" . }}{{ if (eq (include \\"probe\\" .) \\"outer\\") }}LEAK{{ end }}';
    const out = render(
      {
        name: 'a',
        templates: {
          'templates/_p.tpl': '{{ define "probe" }}base{{ end }}',
          'templates/x.yaml': '{{ define "xd" }}XD{{ end }}{{ tpl .Values.outer . }}',
          'templates/y.yaml': '{{ define "yd" }}YD{{ end }}y',
          'templates/z.yaml': '{{ tpl .Values.outer . }}',
        },
      },
      {
        outer: `{{ define "probe" }}outer{{ end }}{{ include "probe" . }}/{{ tpl "${inner}" (dict "Template" (dict "Name" "a/templates/y.yaml" "BasePath" "a/templates") "Values" .Values) }}`,
      },
    );
    // the files' non-empty "probe" wins over the tpl text's; the inner call sees x.yaml's define (only y.yaml is left out)
    expect(out['a/templates/z.yaml']).toBe('base/XD');
    expect(out['a/templates/x.yaml']).toBe('base/XD');
    const leak = renderError(
      { name: 'a', templates: { 'templates/y.yaml': 'y', 'templates/z.yaml': '{{ tpl .Values.outer . }}' } },
      { outer: `{{ define "od" }}OD{{ end }}{{ include "od" . }}/{{ tpl "{{ include \\"od\\" . }}" (dict "Template" (dict "Name" "a/templates/y.yaml" "BasePath" "b") "Values" .Values) }}` },
    );
    expect(leak).toContain('no template "od" associated');
    const err = renderError({
      name: 'a',
      templates: {
        'templates/y.yaml': '{{ define "yd" }}YD{{ end }}y',
        'templates/z.yaml': `{{ tpl "{{ include \\"yd\\" . }}" (dict "Template" (dict "Name" "a/templates/y.yaml" "BasePath" "b") "Values" .Values) }}`,
      },
    });
    expect(err).toContain('no template "yd" associated');
  });
});
