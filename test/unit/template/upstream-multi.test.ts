// Test vectors ported from Go's text/template multi_test.go (multiParseTests, multiExecTests, TestClone,
// TestRedefinition, TestTemplateLookUp, TestParse, TestEmptyTemplate, TestIssue19294).
import { describe, it, expect } from 'vitest';
import { Template } from '../../../src/template/index.js';
import { GoInt, GoStruct, def, sliceOf } from '../../../src/template/types.js';

const I = (n: number) => new GoInt(BigInt(n), 'int');

describe('multi_test.go', () => {
  const multiParseTests: [string, string, boolean, string[], string[]][] = [
    ['empty', '', true, [], []],
    ['one', '{{define "foo"}} FOO {{end}}', true, ['foo'], [' FOO ']],
    ['two', '{{define "foo"}} FOO {{end}}{{define "bar"}} BAR {{end}}', true, ['foo', 'bar'], [' FOO ', ' BAR ']],
    ['missing end', '{{define "foo"}} FOO ', false, [], []],
    ['malformed name', '{{define "foo}} FOO ', false, [], []],
  ];
  it.each(multiParseTests)('TestMultiParse %s', (_name, input, ok, names, results) => {
    if (!ok) {
      expect(() => new Template('root').parse(input)).toThrow();
      return;
    }
    const t = new Template('root').parse(input);
    expect(t.templates().length).toBe(names.length + 1);
    names.forEach((n, i) => expect(t.lookup(n)!.tree!.root!.toString()).toBe(results[i]));
  });

  class U extends GoStruct {
    readonly goType = '*template.U';
    V = 'v';
  }
  const tVal = { I: I(17), SI: sliceOf([I(3), I(4), I(5)], '[]int'), U: new U() };
  const multiExecTests: [string, string, string, unknown][] = [
    ['empty', '', '', null],
    ['text', 'some text', 'some text', null],
    ['invoke x', '{{template "x" .SI}}', 'TEXT', tVal],
    ['invoke x no args', '{{template "x"}}', 'TEXT', tVal],
    ['invoke dot int', '{{template "dot" .I}}', '17', tVal],
    ['invoke dot []int', '{{template "dot" .SI}}', '[3 4 5]', tVal],
    ['invoke dotV', '{{template "dotV" .U}}', 'v', tVal],
    ['invoke nested int', '{{template "nested" .I}}', '17', tVal],
    ['variable declared by template', '{{template "nested" $x:=.SI}},{{index $x 1}}', '[3 4 5],4', tVal],
    ['testFunc literal', '{{oneArg "joe"}}', 'oneArg=joe', tVal],
    ['testFunc .', '{{oneArg .}}', 'oneArg=joe', 'joe'],
  ];
  it.each(multiExecTests)('TestMultiExecute %s', (name, input, output, data) => {
    const root = new Template('root').funcs({ oneArg: def(['string'], 'string', (a: string) => 'oneArg=' + a) });
    root.parse('\n\t{{define "x"}}TEXT{{end}}\n\t{{define "dotV"}}{{.V}}{{end}}\n');
    root.parse('\n\t{{define "dot"}}{{.}}{{end}}\n\t{{define "nested"}}{{template "dot" .}}{{end}}\n');
    expect(root.new(name).parse(input).execute(data)).toBe(output);
  });

  it('TestClone', () => {
    const root = new Template('root').parse('{{define "a"}}{{template "b"}}{{template "c"}}{{end}}');
    root.parse('{{define "b"}}b{{end}}');
    const clone = root.clone();
    root.parse('{{define "c"}}root{{end}}');
    clone.parse('{{define "c"}}clone{{end}}');
    expect(root.executeTemplate('a', I(0))).toBe('broot');
    expect(clone.executeTemplate('a', I(0))).toBe('bclone');
  });
  it('TestRedefinition', () => {
    const t = new Template('tmpl1').parse('{{define "test"}}foo{{end}}');
    expect(() => t.parse('{{define "test"}}bar{{end}}')).not.toThrow();
    expect(() => t.new('tmpl2').parse('{{define "test"}}bar{{end}}')).not.toThrow();
    expect(t.executeTemplate('test', null)).toBe('bar');
  });
  it('TestTemplateLookUp', () => {
    const t1 = new Template('foo');
    expect(t1.lookup('foo')).toBeUndefined();
    t1.new('bar');
    expect(t1.lookup('bar')).toBeUndefined();
    t1.parse('{{define "foo"}}test{{end}}');
    expect(t1.lookup('foo')).toBeDefined();
  });
  it('TestParse (only one parse may hold non-definition text)', () => {
    const t1 = new Template('test');
    t1.parse('{{define "test"}}{{end}}');
    t1.parse('{{define "test"}}{{/* this is a comment */}}{{end}}');
    t1.parse('{{define "test"}}foo{{end}}');
    expect(t1.execute(null)).toBe('foo');
  });
  const emptyCases: [string[], string, string][] = [
    [['x', 'y'], '', 'y'],
    [[''], 'once', ''],
    [['', ''], 'twice', ''],
    [['{{.}}', '{{.}}'], 'twice', 'twice'],
    [['{{/* a comment */}}', '{{/* a comment */}}'], 'comment', ''],
    [['{{.}}', ''], 'twice', ''],
  ];
  it.each(emptyCases)('TestEmptyTemplate %j %s', (defn, input, want) => {
    const root = new Template('root');
    let m: Template | undefined;
    for (const d of defn) m = root.new(input).parse(d);
    expect(m!.execute(input)).toBe(want);
  });
  it('TestIssue19294', () => {
    const res = new Template('title.xhtml').parse('{{template "xhtml" .}}');
    res.new('stylesheet').parse('{{define "stylesheet"}}stylesheet{{end}}');
    res.new('xhtml').parse('{{block "stylesheet" .}}{{end}}');
    expect(res.execute(I(0))).toBe('stylesheet');
  });
});
