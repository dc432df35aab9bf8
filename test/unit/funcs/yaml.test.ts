import { describe, it, expect } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml, parseYamlDocuments, toYaml, marshalYaml, keyLess, unmarshalYamlMap, unmarshalYamlArray, resolvePlain } from '../../../src/funcs/yaml.js';
import { GoInt } from '../../../src/template/types.js';

const err = (text: string): string => {
  try {
    parseYaml(text);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('parseYaml: yaml.v2 YAML 1.1 resolution, then JSON numbers', () => {
  it('resolves scalars as go-yaml v2', () => {
    const v = parseYaml(
      [
        'a: yes', 'b: No', 'c: on', 'd: OFF', 'e: y', 'f: n', 'g: True', 'h: ~', 'i: null', 'j:', 'k: 0755', 'l: 0x1F',
        'm: 0b101', 'n2: -0b101010', 'o: 1_000', 'p: +12', 'q: 1e3', 'r: .5', 's: -.inf2', 't: 2001-12-14', 'u: "1"',
        "v: '0755'", 'w: 08', 'x: 685.230_15e+03', 'y2: 0o17', 'z: 12:30', 'aa: 1.0', 'bb: -0', 'cc: .', 'dd: 0x',
      ].join('\n'),
    );
    expect(v).toEqual({
      a: true, b: false, c: true, d: false, e: true, f: false, g: true, h: null, i: null, j: null, k: 493, l: 31,
      m: 5, n2: -42, o: 1000, p: 12, q: 1000, r: 0.5, s: '-.inf2', t: '2001-12-14', u: '1', v: '0755', w: 8,
      x: 685230.15, y2: 15, z: '12:30', aa: 1, bb: 0, cc: '.', dd: '0x',
    });
  });
  it('makes every number a float64 with Go precision loss', () => {
    expect(parseYaml('a: 9007199254740993\nb: 18446744073709551615\nc: 1e400')).toEqual({ a: 9007199254740992, b: 18446744073709551616, c: '1e400' });
  });
  it('converts non-string keys as sigs.k8s.io/yaml does', () => {
    expect(parseYaml('1: a\n1.5: b\ntrue: c\nyes: d\nno: e\n0x10: f\n100000000.0: g')).toEqual({
      '1': 'a', '1.5': 'b', true: 'd', false: 'e', '16': 'f', '1e+08': 'g',
    });
    expect(err('~: x')).toBe('error converting YAML to JSON: Unsupported map key of type: %!s(<nil>), key: <nil>, value: "x"');
  });
  it('rejects NaN and infinities as encoding/json does', () => {
    expect(err('a: .inf')).toBe('error converting YAML to JSON: json: unsupported value: +Inf');
    expect(err('b: .nan\na: -.Inf')).toBe('error converting YAML to JSON: json: unsupported value: -Inf');
  });
  it('handles anchors, aliases and merge keys (later keys win, sequence merges earlier-first)', () => {
    const v = parseYaml(
      ['base: &b {x: 1, p: 2}', 'other: &o {p: 3, z: 4}', 'm:', '  x: 0', '  <<: *b', '  p: 9', 'q:', '  <<: [*o, *b]', 'l: &l [1, 2]', 'k: *l', 'y: yes'].join('\n'),
    );
    expect(v).toEqual({
      base: { x: 1, p: 2 }, other: { p: 3, z: 4 }, m: { x: 1, p: 9 }, q: { x: 1, p: 3, z: 4 }, l: [1, 2], k: [1, 2], true: true,
    });
    expect(parseYaml('"<<": 1')).toEqual({ '<<': 1 });
  });
  it('keeps the last of duplicate keys and only reads the first document', () => {
    expect(parseYaml('a: 1\na: 2')).toEqual({ a: 2 });
    expect(parseYaml('a: 1\n---\nb: 2')).toEqual({ a: 1 });
    expect(parseYaml('')).toBeNull();
    expect(parseYaml('# just a comment\n')).toBeNull();
    expect(parseYaml('---\n')).toBeNull();
  });
  it('reads block and flow scalars as libyaml does', () => {
    const v = parseYaml(
      [
        'lit: |', '  a', '  b', '', 'keep: |+', '  x', '', 'strip: >-', '  folded', '  text', '', '  para', 'dq: "a\\tb\\u00e9\\x41\\', '  c"',
        "sq: 'it''s'", 'plain: multi', '  line', 'ind: |2', '    two', 'flow: {a: [1, "2", c], b: {}}',
      ].join('\n'),
    );
    expect(v).toEqual({
      lit: 'a\nb\n', keep: 'x\n\n', strip: 'folded text\npara', dq: 'a\tbéAc', sq: "it's", plain: 'multi line', ind: '  two\n',
      flow: { a: [1, '2', 'c'], b: {} },
    });
  });
  it('applies explicit tags', () => {
    expect(parseYaml('a: !!str 123\nb: !!int "12"\nc: !!float 1\nd: !custom x\ne: !!binary aGVsbG8=\nf: ! 12\ng: !!null ~')).toEqual({
      a: '123', b: 12, c: 1, d: 'x', e: 'hello', f: '12', g: null,
    });
  });
  it('words errors exactly as go-yaml v2 (decode_test.go vectors)', () => {
    const cases: [string, string][] = [
      ["v: !!float 'error'", 'yaml: cannot decode !!str `error` as a !!float'],
      ['v: [A,', 'yaml: line 1: did not find expected node content'],
      ['v:\n- [A,', 'yaml: line 2: did not find expected node content'],
      ['a:\n- b: *,', 'yaml: line 2: did not find expected alphabetic or numeric character'],
      ['a: *b\n', "yaml: unknown anchor 'b' referenced"],
      ['a: &a\n  b: *a\n', "yaml: anchor 'a' value contains itself"],
      ['a: &x null\n<<:\n- *x\nb: &x {}\n', 'yaml: map merge requires map or sequence of maps as the value'],
      ['value: -', 'yaml: block sequence entries are not allowed in this context'],
      ['a: !!binary ==', 'yaml: !!binary value contains invalid base64 data'],
      ['{[.]}', 'yaml: invalid map key: []interface {}{"."}'],
      ['{{.}}', 'yaml: invalid map key: map[interface {}]interface {}{".":interface {}(nil)}'],
      ['b: *a\na: &a {c: 1}', "yaml: unknown anchor 'a' referenced"],
      ["%TAG !%79! tag:yaml.org,2002:\n---\nv: !%79!int '1'", 'yaml: did not find expected whitespace'],
      ['a:\n  1:\nb\n  2:', "yaml: line 4: could not find expected ':'"],
    ];
    for (const [text, msg] of cases) expect(err(text)).toBe('error converting YAML to JSON: ' + msg);
  });
  it('reports the usual mistakes with go-yaml line numbering', () => {
    const p = 'error converting YAML to JSON: yaml: ';
    expect(err('a: b: c')).toBe(p + 'mapping values are not allowed in this context');
    expect(err('key: value\n  bad: indent')).toBe(p + 'line 2: mapping values are not allowed in this context');
    expect(err('a:\n\tb: 1')).toBe(p + 'line 2: found character that cannot start any token');
    expect(err("a: 'unclosed\nb: 2")).toBe(p + 'line 2: found unexpected end of stream');
    expect(err('a:\n  b: 1\n c: 2')).toBe(p + 'line 2: did not find expected key');
    expect(err('a:\n  - b\n  c: d')).toBe(p + "line 2: did not find expected '-' indicator");
    expect(err('a: b\nc')).toBe(p + "line 3: could not find expected ':'");
    expect(err('a: [1, 2\nb: 3')).toBe(p + "line 1: did not find expected ',' or ']'");
    expect(err('a: @foo')).toBe(p + 'found character that cannot start any token');
    expect(err('a: \u0001')).toBe(p + 'control characters are not allowed');
  });
  it('unmarshals into maps and slices with encoding/json type errors', () => {
    expect(unmarshalYamlMap('')).toEqual({});
    expect(() => unmarshalYamlMap('- a')).toThrow('error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(() => unmarshalYamlMap('hello', 'chartutil.Values')).toThrow('json: cannot unmarshal string into Go value of type chartutil.Values');
    expect(unmarshalYamlArray('- 1\n- two')).toEqual([1, 'two']);
    expect(() => unmarshalYamlArray('a: 1')).toThrow('json: cannot unmarshal object into Go value of type []interface {}');
  });
  it('resolves as the encoder checks plain strings', () => {
    expect(resolvePlain('2015-02-24T18:19:39Z').tag).toBe('timestamp');
    expect(resolvePlain('<<').tag).toBe('str');
    expect(resolvePlain('0b2').tag).toBe('str');
    expect(resolvePlain('1e3').tag).toBe('float');
  });
});

describe('toYaml: sigs.k8s.io/yaml.Marshal (json.Marshal, then yaml.v2)', () => {
  it('quotes strings that would resolve to something else', () => {
    const out = toYaml({
      a: '1', b: 'yes', c: 'on', d: 'null', e: '', f: '~', g: '0755', h: '1e3', i: 'true', j: ': x', k: '- y', l: '#c',
      m: 'a: b', n: '@x', o: '`t', p: 'multi\nline', q: 'trailing ', r: '*star', s: '2015-02-24T18:19:39Z', t: '1:1', u: '-',
      v: '<foo>', w: 'Hello #comment', x: '你好', y: '\x00', z: 'tab\there',
    });
    expect(out).toBe(
      [
        'a: "1"', 'b: "yes"', 'c: "on"', 'd: "null"', 'e: ""', 'f: "~"', 'g: "0755"', 'h: "1e3"', 'i: "true"', "j: ': x'", "k: '- y'",
        "l: '#c'", "m: 'a: b'", `"n": '@x'`, "o: '`t'", 'p: |-', '  multi', '  line', "q: 'trailing '", "r: '*star'",
        's: "2015-02-24T18:19:39Z"', 't: "1:1"', "u: '-'", 'v: <foo>', "w: 'Hello #comment'", 'x: 你好', '"y": "\\0"', 'z: "tab\\there"',
      ].join('\n'),
    );
  });
  it('prints numbers after the JSON round trip', () => {
    expect(toYaml({ f: 3.14159, b: 1000000, s: 0.000001, i: new GoInt(3n), n: -7, big: 1e21, neg0: -0, u: 1.5e20 })).toBe(
      'b: 1000000\nbig: 1e+21\nf: 3.14159\ni: 3\n"n": -7\nneg0: 0\ns: 1e-06\nu: 1.5e+20',
    );
    expect(toYaml({ x: new GoInt(18446744073709551615n, 'uint64') })).toBe('x: 18446744073709551615');
  });
  it('lays out collections as yaml.v2', () => {
    expect(toYaml({ a: { b: { c: 'deep' } }, list: [{ name: 'x', port: 80 }, { name: true, port: 443 }] })).toBe(
      'a:\n  b:\n    c: deep\nlist:\n- name: x\n  port: 80\n- name: true\n  port: 443',
    );
    expect(toYaml([['a', 'b'], { x: [] }, {}, null])).toBe('- - a\n  - b\n- x: []\n- {}\n- null');
    expect(toYaml({})).toBe('{}');
    expect(toYaml([])).toBe('[]');
    expect(toYaml(null)).toBe('null');
    expect(toYaml('')).toBe('""');
    expect(toYaml('a\nb')).toBe('|-\n  a\n  b');
    expect(toYaml({ v: ['A', 'B\nC'] })).toBe('v:\n- A\n- |-\n  B\n  C');
  });
  it('chooses block scalar chomping and indentation hints', () => {
    expect(toYaml({ a: 'x\n' })).toBe('a: |\n  x');
    expect(toYaml({ a: 'x\n\n' })).toBe('a: |+\n  x\n');
    expect(toYaml({ a: '\n' })).toBe('a: |2+\n');
    expect(toYaml({ a: ' lead\nx' })).toBe('a: |2-\n   lead\n  x');
    expect(toYaml({ a: 'trailing \nx' })).toBe('a: "trailing \\nx"');
    expect(toYaml({ a: 'a\n\nb' })).toBe('a: |-\n  a\n\n  b');
  });
  it('folds long plain and quoted scalars at 80 columns', () => {
    const s = 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 ';
    expect(marshalYaml({ a: s })).toBe(
      "a: 'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 abcdefghijklmnopqrstuvwxyz\n  ABCDEFGHIJKLMNOPQRSTUVWXYZ 1234567890 '\n",
    );
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    expect(toYaml({ k: { deep: words } })).toBe(
      'k:\n  deep: w0 w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20\n    w21 w22 w23 w24 w25 w26 w27 w28 w29',
    );
    // keys are never folded; a key over 128 bytes is written as a complex key
    const longKey = 'k'.repeat(130);
    expect(toYaml({ [longKey]: 1 })).toBe(`? ${longKey}\n: 1`);
  });
  it('escapes what yaml.v2 cannot print', () => {
    expect(toYaml({ e: '😀' })).toBe('e: "\\U0001F600"');
    expect(toYaml({ e: 'a\u0085b' })).toBe('e: "a\\Nb"');
    expect(toYaml({ e: 'x\r\ny' })).toBe('e: "x\\r\\ny"');
    expect(toYaml({ e: 'nb\u00a0sp' })).toBe('e: nb\u00a0sp');
  });
  it('sorts keys as yaml.v2 keyList.Less (TestSortedOutput order)', () => {
    const order = [
      '', '.1', '.2', '.a', '1', '2', 'a!10', 'a/0001', 'a/002', 'a/3', 'a/10', 'a/11', 'a/0012', 'a/100', 'a~10', 'ab/1', 'b/1', 'b/01',
      'b/2', 'b/02', 'b/3', 'b/03', 'b1', 'b01', 'b3', 'c2.10', 'c10.2', 'd1', 'd7', 'd7abc', 'd12', 'd12a',
    ];
    const shuffled = [...order].reverse();
    const sorted = [...shuffled].sort((a, b) => (keyLess(a, b) ? -1 : keyLess(b, a) ? 1 : 0));
    expect(sorted).toEqual(order);
    expect(toYaml({ k10: 1, k2: 2, k1: 3, a: 1, B: 2, _x: 3 })).toBe('_x: 3\nB: 2\na: 1\nk1: 3\nk2: 2\nk10: 1');
  });
  it('returns "" when encoding/json fails', () => {
    expect(toYaml({ a: NaN })).toBe('');
  });
  it('round-trips through parseYaml', () => {
    const v = { a: ['x', { b: 'multi\nline\n', c: 'yes' }], d: 1.25, e: '', f: null, g: { h: [] } };
    expect(parseYaml(toYaml(v))).toEqual(v);
  });
});

describe('parseYamlDocuments', () => {
  it('decodes every document', () => {
    expect(parseYamlDocuments('a: 1\n---\n- x\n---\n')).toEqual([{ a: 1 }, ['x'], null]);
    expect(parseYamlDocuments('')).toEqual([]);
    expect(() => parseYamlDocuments('a: 1\n---\nb: : c')).toThrow('yaml: line 3: mapping values are not allowed in this context');
  });
});

const chartsDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/conformance/charts');
describe.skipIf(!existsSync(chartsDir))('toYaml against the conformance charts (needs ../shared/conformance)', () => {
  it('renders values subtrees exactly as they appear in helm template output', () => {
    let found = 0;
    for (const chart of readdirSync(chartsDir)) {
      const valuesFile = `${chartsDir}/${chart}/chart/values.yaml`;
      if (!existsSync(valuesFile)) continue;
      const expected = readdirSync(`${chartsDir}/${chart}/expected`).map((f) => readFileSync(`${chartsDir}/${chart}/expected/${f}`, 'utf8')).join('\n');
      const walk = (v: unknown): void => {
        if (!v || typeof v !== 'object') return;
        const y = toYaml(v);
        if (y.includes('\n') && y.length > 30) {
          for (let ind = 0; ind <= 16; ind += 2) {
            if (expected.includes(y.split('\n').map((l) => (l ? ' '.repeat(ind) + l : l)).join('\n'))) {
              found++;
              break;
            }
          }
        }
        for (const x of Object.values(v as object)) walk(x);
      };
      walk(parseYaml(readFileSync(valuesFile, 'utf8')));
    }
    // 79 multi-line subtrees of the charts' values are rendered verbatim by their templates (toYaml | nindent).
    expect(found).toBeGreaterThanOrEqual(79);
  });
});
