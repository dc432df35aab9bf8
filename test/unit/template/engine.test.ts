import { describe, it, expect } from 'vitest';
import { Template, TemplateError, ExecError } from '../../../src/template/index.js';
import { GoInt, GoStruct, GoFuncValue, def, namedMap, sliceOf, type FuncMap } from '../../../src/template/types.js';

const int = (n: number | bigint, kind: any = 'int') => new GoInt(BigInt(n), kind);

function exec(src: string, data: unknown = {}, opts: { funcs?: FuncMap; missingkey?: string; name?: string } = {}): string {
  const t = new Template(opts.name ?? 't');
  if (opts.funcs) t.funcs(opts.funcs);
  if (opts.missingkey) t.option(`missingkey=${opts.missingkey}`);
  t.parse(src);
  return t.execute(data);
}

function err(src: string, data: unknown = {}, opts: { funcs?: FuncMap; missingkey?: string; name?: string } = {}): string {
  try {
    const out = exec(src, data, opts);
    return `NO ERROR: ${out}`;
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError);
    return (e as Error).message;
  }
}

class Person extends GoStruct {
  readonly goType = '*main.Person';
  static override goMethods = ['Greet', 'Upper', 'Fail'];
  static goMethodSigs = { Greet: { args: ['string'], ret: 'string' }, Upper: { args: [], ret: 'string' }, Fail: { args: [], ret: 'string', err: true } };
  Name = 'Ann';
  Age = int(33);
  Tags = sliceOf(['a', 'b'], '[]string');
  Greet(s: string): string {
    return `${s}, ${this.Name}`;
  }
  Upper(): string {
    return this.Name.toUpperCase();
  }
  Fail(): string {
    throw new Error('boom');
  }
}

describe('lexing and parsing', () => {
  it('text, comments and trim markers', () => {
    expect(exec('a {{- /* c */ -}} b')).toBe('ab');
    expect(exec('a{{/* multi\nline */}}b')).toBe('ab');
    expect(exec('x  \n {{- 1 -}} \n  y')).toBe('x1y');
    expect(exec('{{- 3}}')).toBe('3');
    expect(exec('{{3 -}}\n\n')).toBe('3');
    expect(exec('{{ -3 }}')).toBe('-3');
    expect(exec('a:\n{{- if true }}\n  b: 1\n{{- end }}\n')).toBe('a:\n  b: 1\n');
  });
  it('strings, raw strings and char constants', () => {
    expect(exec('{{ "a\\tb\\u00e9\\x41\\101" }}')).toBe('a\tbéAA');
    expect(exec('{{ `raw\\n` }}')).toBe('raw\\n');
    expect(exec("{{ 'a' }} {{ '\\n' }} {{ '\\'' }}")).toBe('97 10 39');
    expect(exec('{{ "\\xc3\\xa9" }}')).toBe('é');
  });
  it('numbers in all Go forms', () => {
    expect(exec('{{ 0x1F }} {{ 0X1f }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 0x_ff }}')).toBe('31 31 15 15 5 1000 255');
    expect(exec('{{ 1.5 }} {{ 1e3 }} {{ 1E-2 }} {{ .5 }} {{ 2. }} {{ 0x1p-2 }} {{ 1_0.5 }} {{ -2.5 }} {{ +7 }}')).toBe('1.5 1000 0.01 0.5 2 0.25 10.5 -2.5 7');
    expect(exec('{{ printf "%T %T %T %T" 1 1.0 0x10 \'a\' }}')).toBe('int float64 int int');
    expect(exec('{{ 9223372036854775807 }}')).toBe('9223372036854775807');
  });
  it('number errors', () => {
    expect(err('{{ 18446744073709551615 }}')).toBe('template: t:1:3: executing "t" at <18446744073709551615>: 18446744073709551615 overflows int');
    expect(err('{{ 99999999999999999999 }}')).toBe('template: t:1: integer overflow: 99999999999999999999');
    expect(err('{{ 09 }}')).toBe('template: t:1: integer overflow: 09');
    expect(err('{{ 0x1.8 }}')).toBe('template: t:1: illegal number syntax: "0x1.8"');
    expect(err('{{ 3k }}')).toBe('template: t:1: bad number syntax: "3k"');
    expect(err('{{ 1__0 }}')).toBe('template: t:1: illegal number syntax: "1__0"');
  });
  it('parse errors with Go texts and lines', () => {
    expect(err('{{ .a')).toBe('template: t:1: unclosed action');
    expect(err('{{ end }}')).toBe('template: t:1: unexpected {{end}}');
    expect(err('{{ else }}')).toBe('template: t:1: unexpected {{else}}');
    expect(err('{{ $nope }}')).toBe('template: t:1: undefined variable "$nope"');
    expect(err('\n\n{{ env "x" }}')).toBe('template: t:3: function "env" not defined');
    expect(err('{{ if true }}x')).toBe('template: t:1: unexpected EOF');
    expect(err('{{ .a }')).toBe('template: t:1: unexpected "}" in operand');
    expect(err('{{ ( .a }}')).toBe('template: t:1: unclosed left paren');
    expect(err('{{ .a ) }}')).toBe('template: t:1: unexpected right paren');
    expect(err('{{ "abc }}')).toBe('template: t:1: unterminated quoted string');
    expect(err('{{ `abc }}')).toBe('template: t:1: unterminated raw quoted string');
    expect(err("{{ 'ab' }}")).toBe('template: t:1: malformed character constant: \'ab\'');
    expect(err('{{/* x }}')).toBe('template: t:1: unclosed comment');
    expect(err('{{/* x */ 3 }}')).toBe('template: t:1: comment ends before closing delimiter');
    expect(err('{{ break }}')).toBe('template: t:1: {{break}} outside {{range}}');
    expect(err('{{ continue }}')).toBe('template: t:1: {{continue}} outside {{range}}');
    expect(err('{{ 3 | 4 }}')).toBe('template: t:1: non executable command in pipeline stage 2');
    expect(err('{{ }}')).toBe('template: t:1: missing value for command');
    expect(err('{{ if }}{{ end }}')).toBe('template: t:1: missing value for if');
    expect(err('{{ "x".y }}')).toBe('template: t:1: unexpected . after term "\\"x\\""');
    expect(err('{{ template .x }}')).toBe('template: t:1: unexpected ".x" in template clause');
    expect(err('{{ define "a" }}{{ end }}{{ define "a" }}x{{ end }}{{ define "a" }}y{{ end }}')).toBe(
      'template: t:1: template: multiple definition of template "a"',
    );
    expect(err('{{ with .x }}{{ else with .y }}{{ end }}')).toBe('template: t:1: unexpected <with> in else');
    expect(err('{{ range $a, $b, $c := . }}{{ end }}')).toBe('template: t:1: too many declarations in range');
    expect(err('{{ $a, $b := . }}')).toBe('template: t:1: too many declarations in command');
    expect(err('{{ .a\n\n')).toBe('template: t:3: unclosed action started at t:1');
    expect(err('{{ x%y }}', {}, { funcs: { x: def([], 'string', () => '') } })).toBe("template: t:1: bad character U+0025 '%'");
  });
  it('break/continue names may be functions', () => {
    expect(exec('{{ break }}', {}, { funcs: { break: def([], 'string', () => 'B') } })).toBe('B');
  });
});

describe('actions and control structures', () => {
  const data = { list: ['b', 'a', 'c'], nums: [3, 1, 2], m: { z: 1, a: 2, B: 3 }, empty: [], s: 'str', zero: 0, f: false, nested: { a: { b: 'deep' } }, nil: null };
  it('fields and chains', () => {
    expect(exec('{{ .s }} {{ .nested.a.b }} {{ (.nested.a).b }} {{ $x := .nested }}{{ $x.a.b }}', data)).toBe('str deep deep deep');
  });
  it('if / else if / else and truthiness', () => {
    const t = '{{ if .v }}T{{ else }}F{{ end }}';
    for (const [v, want] of [
      [0, 'F'],
      [1, 'T'],
      ['', 'F'],
      ['x', 'T'],
      [[], 'F'],
      [[0], 'T'],
      [{}, 'F'],
      [{ a: 1 }, 'T'],
      [null, 'F'],
      [int(0), 'F'],
      [int(-1), 'T'],
      [false, 'F'],
      [new Person(), 'T'],
    ] as const) {
      expect(exec(t, { v }), String(v)).toBe(want);
    }
    expect(exec('{{ if .zero }}a{{ else if .f }}b{{ else if .s }}c{{ else }}d{{ end }}', data)).toBe('c');
  });
  it('range over lists, maps (sorted keys), empty and else', () => {
    expect(exec('{{ range .list }}[{{ . }}]{{ end }}', data)).toBe('[b][a][c]');
    expect(exec('{{ range $i, $v := .list }}{{ $i }}={{ $v }};{{ end }}', data)).toBe('0=b;1=a;2=c;');
    expect(exec('{{ range $k, $v := .m }}{{ $k }}={{ $v }};{{ end }}', data)).toBe('B=3;a=2;z=1;');
    expect(exec('{{ range $v := .m }}{{ $v }}{{ end }}', data)).toBe('321');
    expect(exec('{{ range .empty }}x{{ else }}none{{ end }}', data)).toBe('none');
    expect(exec('{{ range .missing }}x{{ else }}none{{ end }}', data)).toBe('none');
    expect(exec('{{ range .nums }}{{ if eq . 1.0 }}{{ continue }}{{ end }}{{ if eq . 2.0 }}{{ break }}{{ end }}{{ . }}{{ end }}', { nums: [3, 1, 2, 5] })).toBe('3');
    expect(exec('{{ range .list }}{{ range $.nums }}{{ if eq . 1.0 }}{{ break }}{{ end }}{{ . }}{{ end }};{{ end }}', data)).toBe('3;3;3;');
    expect(exec('{{ $i := 0 }}{{ $v := "" }}{{ range $i, $v = .list }}{{ end }}{{ $i }}{{ $v }}', data)).toBe('2c');
  });
  it('range errors', () => {
    expect(err('{{ range 3 }}{{ end }}')).toBe('template: t:1:9: executing "t" at <3>: range can\'t iterate over 3');
    expect(err('{{ range .s }}{{ end }}', data)).toBe('template: t:1:9: executing "t" at <.s>: range can\'t iterate over str');
  });
  it('with / else and $', () => {
    expect(exec('{{ with .nested.a }}{{ .b }}/{{ $.s }}{{ end }}', data)).toBe('deep/str');
    expect(exec('{{ with .missing }}x{{ else }}fallback{{ end }}', data)).toBe('fallback');
    expect(exec('{{ with $x := .s }}{{ $x }}{{ . }}{{ end }}', data)).toBe('strstr');
  });
  it('variables: scope and assignment', () => {
    expect(exec('{{ $x := "outer" }}{{ if true }}{{ $x := "inner" }}{{ $x }}{{ end }} {{ $x }}')).toBe('inner outer');
    expect(exec('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}')).toBe('2');
    expect(exec('{{ $last := "" }}{{ range .list }}{{ $last = . }}{{ end }}{{ $last }}', data)).toBe('c');
    expect(exec('{{ $ }}', 'top')).toBe('top');
  });
  it('define, template, block', () => {
    expect(exec('{{ define "a" }}A{{ . }}{{ end }}{{ template "a" "x" }}{{ template "a" }}')).toBe('AxA<no value>');
    expect(exec('{{ block "b" . }}default-{{ . }}{{ end }}', 'd')).toBe('default-d');
    const t = new Template('root');
    t.parse('{{ block "b" . }}default{{ end }}');
    t.new('override').parse('{{ define "b" }}over{{ end }}');
    expect(t.execute(null)).toBe('over');
    expect(err('{{ template "nope" }}')).toBe('template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined');
  });
  it('an empty redefinition does not replace a template', () => {
    const t = new Template('root');
    t.parse('{{ define "x" }}X{{ end }}{{ template "x" }}');
    t.new('other').parse('{{ define "x" }} {{ end }}');
    expect(t.execute(null)).toBe('X');
  });
  it('template recursion depth error, without leaking a JS stack', () => {
    expect(err('{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}', {}, { name: 'conformance/templates/case.yaml' })).toBe(
      'template: conformance/templates/case.yaml:1:28: executing "r" at <{{template "r" .}}>: exceeded maximum template depth (100000)',
    );
  });
  it('finite recursion works', () => {
    const src = '{{ define "c" }}{{ if gt (len .) 0 }}{{ index . 0 }}{{ template "c" (slice . 1) }}{{ end }}{{ end }}{{ template "c" . }}';
    expect(exec(src, ['a', 'b', 'c'])).toBe('abc');
  });
});

describe('missing keys and nil handling', () => {
  const data = { a: { b: 1 }, n: null, s: 'x' };
  it('missingkey default/invalid/zero/error', () => {
    expect(exec('{{ .nope }}', data)).toBe('<no value>');
    expect(exec('{{ .nope }}', data, { missingkey: 'invalid' })).toBe('<no value>');
    expect(exec('{{ .nope }}', data, { missingkey: 'zero' })).toBe('<no value>');
    expect(exec('{{ .nope.deeper }}', data)).toBe('<no value>');
    expect(err('{{ .nope }}', data, { missingkey: 'error' })).toBe('template: t:1:3: executing "t" at <.nope>: map has no entry for key "nope"');
    expect(err('{{ .nope.deeper }}', data, { missingkey: 'zero' })).toBe('template: t:1:8: executing "t" at <.nope.deeper>: nil pointer evaluating interface {}.deeper');
  });
  it('nil data', () => {
    expect(exec('{{ .x }}', null)).toBe('<no value>');
    expect(err('{{ .x }}', null, { missingkey: 'error' })).toBe('template: t:1:3: executing "t" at <.x>: nil data; no entry for key "x"');
  });
  it('field errors', () => {
    expect(err('{{ .s.foo }}', data)).toBe('template: t:1:5: executing "t" at <.s.foo>: can\'t evaluate field foo in type interface {}');
    expect(err('{{ .n.foo }}', data)).toBe('template: t:1:5: executing "t" at <.n.foo>: nil pointer evaluating interface {}.foo');
    expect(err('{{ $x := .s }}{{ $x.foo }}', data)).toBe('template: t:1:19: executing "t" at <$x.foo>: can\'t evaluate field foo in type string');
    expect(err('{{ .a.b 3 }}', data)).toBe('template: t:1:5: executing "t" at <.a.b>: b is not a method but has arguments');
    expect(err('{{ nil }}')).toBe('template: t:1:3: executing "t" at <nil>: nil is not a command');
    expect(err('{{ "x" 3 }}')).toBe('template: t:1:3: executing "t" at <"x">: can\'t give argument to non-function "x"');
    expect(err('{{ (nil).x }}')).toBe('template: t:1:4: executing "t" at <nil>: nil is not a command');
  });
  it('typed maps: index and missingkey=zero give the element zero value, fields see the element type', () => {
    const d = { m: namedMap({ k: 'v' }, 'map[string]string'), c: namedMap({ one: int(1) }, 'map[string]int') };
    expect(exec('[{{ .m.nope }}] [{{ index .m "nope" }}] {{ .c.nope }} {{ index .c "nope" }}', d, { missingkey: 'zero' })).toBe('[] [] 0 0');
    expect(exec('{{ printf "%q" .m.nope }}', d, { missingkey: 'zero' })).toBe('""');
    expect(exec('{{ .m.nope }}', d)).toBe('<no value>');
    expect(err('{{ .m.k.x }}', d)).toBe('template: t:1:5: executing "t" at <.m.k.x>: can\'t evaluate field x in type string');
  });
  it('an action prints a pointer to a struct as the struct (printableValue), printf %v keeps the &', () => {
    expect(exec('{{ . }} {{ printf "%v" . }}', new Person())).toBe('{Ann 33 [a b]} &{Ann 33 [a b]}');
  });
});

describe('structs and methods', () => {
  const p = new Person();
  it('fields, methods with args, pipelines into methods', () => {
    expect(exec('{{ .Name }} {{ .Age }} {{ .Tags }} {{ .Greet "hi" }} {{ "yo" | .Greet }} {{ .Upper }}', p)).toBe('Ann 33 [a b] hi, Ann yo, Ann ANN');
  });
  it('method errors', () => {
    expect(err('{{ .Fail }}', p)).toBe('template: t:1:3: executing "t" at <.Fail>: error calling Fail: boom');
    expect(err('{{ .Greet }}', p)).toBe('template: t:1:3: executing "t" at <.Greet>: wrong number of args for Greet: want 1 got 0');
    expect(err('{{ .Greet 3 }}', p)).toBe('template: t:1:10: executing "t" at <3>: expected string; found 3');
    expect(err('{{ .Nope }}', p)).toBe('template: t:1:3: executing "t" at <.Nope>: can\'t evaluate field Nope in type *main.Person');
    expect(err('{{ .Name 1 }}', p)).toBe('template: t:1:3: executing "t" at <.Name>: Name has arguments but cannot be invoked as function');
  });
});

describe('functions and argument conversion', () => {
  const funcs: FuncMap = {
    repeat: def(['int', 'string'], 'string', (n: GoInt, s: string) => s.repeat(Number(n.value))),
    upper: def(['string'], 'string', (s: string) => s.toUpperCase()),
    i64: def(['int64'], 'int64', (n: GoInt) => n),
    u8: def(['uint8'], 'uint8', (n: GoInt) => n),
    f64: def(['float64'], 'float64', (n: number) => n * 2),
    any: def(['interface {}'], 'string', (v: unknown) => (v === null ? 'nil' : typeof v)),
    join: def(['string', 'interface {}'], 'string', (sep: string, v: unknown[]) => v.join(sep)),
    list: def(['interface {}'], '[]interface {}', (...a: unknown[]) => a, { variadic: true }),
    keys: def(['map[string]interface {}'], '[]string', (m: object | null) => sliceOf(Object.keys(m ?? {}).sort(), '[]string'), { variadic: true }),
    bool: def(['bool'], 'bool', (b: boolean) => !b),
    boom: def([], 'string', () => {
      throw new Error('runtime error: integer divide by zero');
    }),
    fnv: def([], 'interface {}', () => new GoFuncValue(def(['string'], 'string', (s: string) => s + '!'))),
    nilf: def([], 'interface {}', () => null),
  };
  const data = { f: 1.5, n: 3, s: 'x', m: { b: 1, a: 2 }, nul: null, i: int(4) };
  it('untyped constants convert to the parameter type', () => {
    expect(exec('{{ repeat 3 "ab" }} {{ i64 5 | printf "%T" }} {{ u8 300 }} {{ f64 2 }} {{ bool true }}', data, { funcs })).toBe('ababab int64 44 4 false');
    expect(exec('{{ any 1 }} {{ any nil }} {{ any .nul }} {{ any .missing }}', data, { funcs })).toBe('object nil nil nil');
  });
  it('final pipeline argument', () => {
    expect(exec('{{ "ab" | repeat 2 }} {{ .s | upper | repeat 2 }}', data, { funcs })).toBe('abab XX');
    expect(exec('{{ list 1 2 | join "-" }}', data, { funcs })).toBe('1-2');
  });
  it('argument type errors', () => {
    expect(err('{{ repeat .f "x" }}', data, { funcs })).toBe('template: t:1:10: executing "t" at <.f>: wrong type for value; expected int; got float64');
    expect(err('{{ repeat 1.5 "x" }}', data, { funcs })).toBe('template: t:1:10: executing "t" at <1.5>: expected integer; found 1.5');
    expect(err('{{ upper .nul }}', data, { funcs })).toBe('template: t:1:9: executing "t" at <.nul>: wrong type for value; expected string; got interface {}');
    expect(err('{{ .missing | upper }}', data, { funcs })).toBe('template: t:1:14: executing "t" at <upper>: invalid value; expected string');
    expect(err('{{ upper nil }}', data, { funcs })).toBe('template: t:1:9: executing "t" at <nil>: cannot assign nil to string');
    expect(err('{{ i64 .i }}', data, { funcs })).toBe('template: t:1:7: executing "t" at <.i>: wrong type for value; expected int64; got int');
    expect(err('{{ upper }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <upper>: wrong number of args for upper: want 1 got 0');
    expect(err('{{ upper "a" "b" }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <upper>: wrong number of args for upper: want 1 got 2');
    expect(err('{{ printf }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <printf>: wrong number of args for printf: want at least 1 got 0');
    expect(err('{{ keys "x" }}', data, { funcs })).toBe('template: t:1:8: executing "t" at <"x">: can\'t handle "x" for arg of type map[string]interface {}');
    expect(exec('{{ keys .m }} {{ keys .missing }}', data, { funcs })).toBe('[a b] []');
    expect(err('{{ boom }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <boom>: error calling boom: runtime error: integer divide by zero');
  });
  it('call', () => {
    expect(exec('{{ call fnv "x" }} {{ call (fnv) "y" }}', data, { funcs })).toBe('x! y!');
    expect(err('{{ call .s }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <call .s>: error calling call: non-function of type string');
    expect(err('{{ call fnv 1 }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <call fnv 1>: error calling call: arg 0: value has type int; should be string');
    expect(err('{{ call nilf }}', data, { funcs })).toBe('template: t:1:3: executing "t" at <call nilf>: error calling call: call of nil');
  });
  it('a nil interface{} result prints <no value>', () => {
    expect(exec('{{ nilf }}', data, { funcs })).toBe('<no value>');
  });
});

describe('builtins', () => {
  const data = { list: ['b', 'a', 'c'], m: { 'k.x': 'v', n: { x: 1 } }, s: 'héllo', f: 3, i: int(3), u: int(3, 'uint8'), nul: null, b: true };
  it('and / or / not', () => {
    expect(exec('{{ and 1 0 "x" }} {{ or 0 "" "z" }} {{ and 1 2 }} {{ or 0 nil }} {{ not 0 }} {{ not "a" }} {{ and }}'.replace(' {{ and }}', ''))).toBe('0 z 2 <no value> true false');
    expect(exec('{{ or .s .missing.deeper }} {{ and .nul .missing.deeper }}', data)).toBe('héllo <no value>');
    expect(exec('{{ .missing | not }} {{ 0 | or 5 }} {{ 1 | and 5 }}', data)).toBe('true 5 1');
  });
  it('len', () => {
    expect(exec('{{ len .list }} {{ len .m }} {{ len .s }} {{ len "" }}', data)).toBe('3 2 6 0');
    expect(err('{{ len 3 }}')).toBe('template: t:1:3: executing "t" at <len 3>: error calling len: len of type int');
    expect(err('{{ len .nul }}', data)).toBe('template: t:1:3: executing "t" at <len .nul>: error calling len: len of nil pointer');
  });
  it('index', () => {
    expect(exec('{{ index .list 1 }} {{ index .m "k.x" }} {{ index .m "n" "x" }} {{ index .s 1 }} {{ index .m "zz" }} {{ index .list }}', data)).toBe('a v 1 195 <no value> [b a c]');
    expect(err('{{ index .list 9 }}', data)).toBe('template: t:1:3: executing "t" at <index .list 9>: error calling index: index out of range: 9');
    expect(err('{{ index .list 3 }}', data)).toBe('template: t:1:3: executing "t" at <index .list 3>: error calling index: index out of range: 3');
    expect(err('{{ index .list -1 }}', data)).toBe('template: t:1:3: executing "t" at <index .list -1>: error calling index: index out of range: -1');
    expect(err('{{ index nil 1 }}', data)).toBe('template: t:1:3: executing "t" at <index nil 1>: error calling index: index of untyped nil');
    expect(err('{{ index .list "x" }}', data)).toBe('template: t:1:3: executing "t" at <index .list "x">: error calling index: cannot index slice/array with type string');
    expect(err('{{ index .list .f }}', data)).toBe('template: t:1:3: executing "t" at <index .list .f>: error calling index: cannot index slice/array with type float64');
    expect(err('{{ index .m 1 }}', data)).toBe('template: t:1:3: executing "t" at <index .m 1>: error calling index: value has type int; should be string');
    expect(err('{{ index 3 1 }}', data)).toBe('template: t:1:3: executing "t" at <index 3 1>: error calling index: can\'t index item of type int');
    expect(err('{{ index .m "zz" "a" }}', data)).toBe('template: t:1:3: executing "t" at <index .m "zz" "a">: error calling index: index of nil pointer');
  });
  it('slice', () => {
    expect(exec('{{ slice .list 1 }} {{ slice .list 0 2 }} {{ slice .list }} {{ slice "abcd" 1 3 }} {{ slice .list 1 2 3 }}', data)).toBe('[a c] [b a] [b a c] bc [a]');
    expect(err('{{ slice .list 2 1 }}', data)).toBe('template: t:1:3: executing "t" at <slice .list 2 1>: error calling slice: invalid slice index: 2 > 1');
    expect(err('{{ slice "abc" 1 2 3 }}', data)).toBe('template: t:1:3: executing "t" at <slice "abc" 1 2 3>: error calling slice: cannot 3-index slice a string');
    expect(err('{{ slice 3 1 }}', data)).toBe('template: t:1:3: executing "t" at <slice 3 1>: error calling slice: can\'t slice item of type int');
  });
  it('comparisons', () => {
    expect(exec('{{ eq 1 1 }} {{ eq 1 2 3 1 }} {{ eq "a" "a" }} {{ eq .f 3.0 }} {{ ne 1 2 }} {{ eq .i 3 }} {{ eq .u 3 }} {{ eq .nul .missing }} {{ eq .missing "x" }}', data)).toBe(
      'true true true true true true true true false',
    );
    expect(exec('{{ lt 1 2 }} {{ le 2 2 }} {{ gt "b" "a" }} {{ ge 1.5 2.5 }} {{ lt .u 4 }} {{ lt -1 .u }}', data)).toBe('true true true false true true');
    expect(err('{{ eq .f 3 }}', data)).toBe('template: t:1:3: executing "t" at <eq .f 3>: error calling eq: incompatible types for comparison');
    expect(err('{{ lt .f 5 }}', data)).toBe('template: t:1:3: executing "t" at <lt .f 5>: error calling lt: incompatible types for comparison');
    expect(err('{{ lt true false }}', data)).toBe('template: t:1:3: executing "t" at <lt true false>: error calling lt: invalid type for comparison');
    expect(err('{{ lt .list 1 }}', data)).toBe('template: t:1:3: executing "t" at <lt .list 1>: error calling lt: invalid type for comparison');
    expect(err('{{ eq 1 }}', data)).toBe('template: t:1:3: executing "t" at <eq 1>: error calling eq: missing argument for comparison');
    expect(err('{{ eq .list .list }}', data)).toBe('template: t:1:3: executing "t" at <eq .list .list>: error calling eq: non-comparable type [b a c]: []interface {}');
  });
  it('print family and escapers', () => {
    expect(exec('{{ print "a" 1 2 "b" 3.5 true }}|{{ println 1 "x" }}|{{ printf "%d-%s" 3 "x" }}')).toBe('a1 2b3.5 true|1 x\n|3-x');
    expect(exec('{{ html "<a href=\'x\'>&</a>" }}|{{ js "a\'b\\"c<d>" }}|{{ urlquery "a b&c=d" }}|{{ html .missing }}')).toBe(
      '&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;|a\\\'b\\"c\\u003Cd\\u003E|a+b%26c%3Dd|&lt;no value&gt;',
    );
  });
});

describe('error locations', () => {
  it('line and byte column on later lines', () => {
    expect(err('line1\n  é{{ .a.b.c }}', { a: 'x' })).toBe('template: t:2:9: executing "t" at <.a.b.c>: can\'t evaluate field b in type interface {}');
  });
  it('errors inside defined templates name the template and the parse name', () => {
    expect(err('{{ define "x" }}\n{{ index . 5 }}{{ end }}{{ template "x" .l }}', { l: [] })).toBe(
      'template: t:2:3: executing "x" at <index . 5>: error calling index: index out of range: 5',
    );
  });
  it('ExecError carries the template name', () => {
    try {
      exec('{{ nil }}');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ExecError);
      expect((e as ExecError).templateName).toBe('t');
    }
  });
});

describe('Template set API', () => {
  it('new / lookup / templates / executeTemplate / clone / delims', () => {
    const t = new Template('root');
    t.new('a').parse('A{{ template "b" . }}');
    t.new('b').parse('B{{ . }}');
    expect(t.lookup('a')?.name()).toBe('a');
    expect(t.templates().map((x) => x.name()).sort()).toEqual(['a', 'b']);
    expect(t.executeTemplate('a', 1 as unknown)).toBe('B1'.replace('B', 'AB'));
    expect(() => t.executeTemplate('zz', null)).toThrow('template: no template "zz" associated with template "root"');
    const c = t.clone();
    c.new('b').parse('C');
    expect(c.executeTemplate('a', null)).toBe('AC');
    expect(t.executeTemplate('a', 'x')).toBe('ABx');
    const d = new Template('d').delims('<<', '>>');
    d.parse('<< .x >> {{ .x }}');
    expect(d.execute({ x: 1 })).toBe('1 {{ .x }}');
    expect(() => new Template('e').execute(null)).toThrow('template: e: "e" is an incomplete or empty template');
    expect(() => t.option('bogus')).toThrow('unrecognized option: bogus');
  });
  it('funcs added later are visible to later parses and executions', () => {
    const t = new Template('x');
    expect(() => t.parse('{{ f }}')).toThrow('function "f" not defined');
    t.funcs({ f: def([], 'string', () => 'one') });
    t.parse('{{ f }}');
    expect(t.execute(null)).toBe('one');
    t.funcs({ f: def([], 'string', () => 'two') });
    expect(t.execute(null)).toBe('two');
  });
});
