// Helm's strvals semantics (vectors after pkg/strvals/parser_test.go) and MergeValues' order and errors.
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInto, parseIntoString, parseJSON, parseLiteralInto, parseIntoFile, typedVal } from '../../../src/chart/strvals.js';
import { mergeValues, mergeValuesPlain, mergeMaps } from '../../../src/chart/values.js';
import { GoInt } from '../../../src/template/types.js';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x) => (x instanceof GoInt ? Number(x.value) : typeof x === 'bigint' ? Number(x) : x)));
function set(s: string): unknown {
  const m = {};
  parseInto(s, m);
  return plain(m);
}
function setErr(s: string): string {
  try {
    parseInto(s, {});
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}

describe('strvals.ParseInto', () => {
  it.each([
    ['name=value', { name: 'value' }],
    ['long_int_string=1234567890', { long_int_string: 1234567890 }],
    ['boolean=true', { boolean: true }],
    ['is_null=null', { is_null: null }],
    ['zero=0', { zero: 0 }],
    ['leading_zeros=00009', { leading_zeros: '00009' }],
    ['name1=value1,name2=value2', { name1: 'value1', name2: 'value2' }],
    ['name1=value1,name2=value2,', { name1: 'value1', name2: 'value2' }],
    ['name1=,name2=value2', { name1: '', name2: 'value2' }],
    ['name1=one\\,two,name2=three\\,four', { name1: 'one,two', name2: 'three,four' }],
    ['name1=one\\=two,name2=three\\=four', { name1: 'one=two', name2: 'three=four' }],
    ['name1=one two three,name2=three two one', { name1: 'one two three', name2: 'three two one' }],
    ['outer.inner=value', { outer: { inner: 'value' } }],
    ['outer.middle.inner=value', { outer: { middle: { inner: 'value' } } }],
    ['outer.inner1=value,outer.inner2=value2', { outer: { inner1: 'value', inner2: 'value2' } }],
    ['name1.name2=', { name1: { name2: '' } }],
    ['name1={value1,value2}', { name1: ['value1', 'value2'] }],
    ['name1={value1,value2},name2={value1,value2}', { name1: ['value1', 'value2'], name2: ['value1', 'value2'] }],
    ['list[0]=foo', { list: ['foo'] }],
    ['list[0].foo=bar', { list: [{ foo: 'bar' }] }],
    ['list[0].foo=bar,list[0].hello=world', { list: [{ foo: 'bar', hello: 'world' }] }],
    ['list[0]=foo,list[1]=bar', { list: ['foo', 'bar'] }],
    ['list[0]=foo,list[1]=bar,', { list: ['foo', 'bar'] }],
    ['list[0]=foo,list[3]=bar', { list: ['foo', null, null, 'bar'] }],
    ['nested[0][0]=1', { nested: [[1]] }],
    ['nested[1][1]=1', { nested: [null, [null, 1]] }],
    ['name1.name2[0].foo=bar,name1.name2[1].foo=bar', { name1: { name2: [{ foo: 'bar' }, { foo: 'bar' }] } }],
    ['name1.name2[1].foo=bar,name1.name2[0].foo=bar', { name1: { name2: [{ foo: 'bar' }, { foo: 'bar' }] } }],
    ['name1.name2[1].foo=bar', { name1: { name2: [null, { foo: 'bar' }] } }],
    ['key[0]={a,b}', { key: [['a', 'b']] }],
    ['a\\.b=c', { 'a.b': 'c' }],
    ['master.nodeSelector.kubernetes\\.io/hostname=m-k8s', { master: { nodeSelector: { 'kubernetes.io/hostname': 'm-k8s' } } }],
    ['emoji=✓,greeting=안녕', { emoji: '✓', greeting: '안녕' }],
    ['big=9223372036854775807,over=9223372036854775808,neg=-9223372036854775808', { big: 9223372036854775807, over: '9223372036854775808', neg: -9223372036854775808 }],
  ])('%s', (line, want) => {
    expect(set(line)).toEqual(want);
  });

  it('types: int64 for integers, bool and nil case-insensitively, strings otherwise', () => {
    const m: Record<string, unknown> = {};
    parseInto('i=42,t=TRUE,f=False,n=NULL,p=+7,h=0x10,e=1e3', m);
    expect(m.i).toEqual(new GoInt(42n, 'int64'));
    expect(m.p).toEqual(new GoInt(7n, 'int64'));
    expect([m.t, m.f, m.n, m.h, m.e]).toEqual([true, false, null, '0x10', '1e3']);
    expect(typedVal('42', true)).toBe('42');
  });

  it.each([
    ['name', 'key "name" has no value'],
    ['name1=value1,name2', 'key "name2" has no value'],
    ['name1,name2=', 'key "name1" has no value (cannot end with ,)'],
    ['a.b.=x', 'key map "b" has no value'],
    ['name1={value1,value2', "list must terminate with '}'"],
    ['list[0=x', 'error parsing index: EOF'],
    ['list[x]=y', 'error parsing index: strconv.Atoi: parsing "x": invalid syntax'],
    ['list[-1]=x', 'negative -1 index not allowed'],
    ['list[65537]=x', 'index of 65537 is greater than maximum supported index of 65536'],
    ['list[0]x=y', 'unexpected data at end of array index: "x"'],
    ['a=2,a.b=1', 'unable to parse key: interface conversion: interface {} is int64, not map[string]interface {}'],
    ['a=x,a[0]=1', 'unable to parse key: interface conversion: interface {} is string, not []interface {}'],
    [Array.from({ length: 32 }, (_, i) => `k${i}`).join('.') + '=x', 'value name nested level is greater than maximum supported nested level of 30'],
  ])('error: %s', (line, msg) => {
    expect(setErr(line)).toBe(msg);
  });

  it('merges into an existing map, overwriting scalars and extending lists', () => {
    const dest: Record<string, unknown> = { a: { keep: 1, over: 'old' }, l: ['x', 'y'] };
    parseInto('a.over=new,l[1]=z', dest);
    expect(plain(dest)).toEqual({ a: { keep: 1, over: 'new' }, l: ['x', 'z'] });
  });
});

describe('strvals: string, JSON, literal and file forms', () => {
  it('--set-string keeps every value a string', () => {
    const m = {};
    parseIntoString('i=42,t=true,n=null,l={1,2}', m);
    expect(m).toEqual({ i: '42', t: 'true', n: 'null', l: ['1', '2'] });
  });
  it('--set-json takes JSON values (numbers float64), several per line, empty means null', () => {
    const m: Record<string, unknown> = {};
    parseJSON('a={"b":[1,2,{"c":true}]},s="x,y",e=,l[1]={"k":"v"}', m);
    expect(m).toEqual({ a: { b: [1, 2, { c: true }] }, s: 'x,y', e: null, l: [null, { k: 'v' }] });
    expect(() => parseJSON('a={bad', {})).toThrow();
  });
  it('--set-literal takes everything after = as one string', () => {
    const m = {};
    parseLiteralInto('a.b=c,d={e}\\n', m);
    expect(m).toEqual({ a: { b: 'c,d={e}\\n' } });
  });
  it('--set-file reads each value through the reader', () => {
    const m = {};
    parseIntoFile('cert=/x/a.pem,other=/x/b', m, (rs) => `<${rs}>`);
    expect(m).toEqual({ cert: '</x/a.pem>', other: '</x/b>' });
  });
});

describe('values.MergeValues', () => {
  it('applies -f files in order, then --set-json, --set, --set-string, --set-file, --set-literal', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tshelm-values-'));
    writeFileSync(join(d, 'a.yaml'), 'x:\n  k: 1\n  z: [1, 2]\nkeep: a\n');
    writeFileSync(join(d, 'b.yaml'), 'x:\n  k: 2\n  y: yes\n');
    writeFileSync(join(d, 'f.txt'), 'file-content\n');
    const v = await mergeValuesPlain({
      valueFiles: [join(d, 'a.yaml'), join(d, 'b.yaml')],
      literalValues: ['lit=a,b'],
      fileValues: [`file=${join(d, 'f.txt')}`],
      stringValues: ['s=1'],
      values: ['s=2,n=3'],
      jsonValues: ['j={"k":[1]}', 'n="json"'],
    });
    expect(v).toEqual({ x: { k: 2, z: [1, 2], true: true }, keep: 'a', j: { k: [1] }, n: 3, s: '1', file: 'file-content\n', lit: 'a,b' });
    const typed = await mergeValues({ values: ['n=3'] });
    expect(typed.n).toEqual(new GoInt(3n, 'int64'));
  });

  it('errors name the flag or the file', async () => {
    const d = mkdtempSync(join(tmpdir(), 'tshelm-values-'));
    writeFileSync(join(d, 'bad.yaml'), 'a: b\n  c: d\n');
    writeFileSync(join(d, 'list.yaml'), '- a\n');
    await expect(mergeValues({ valueFiles: [join(d, 'bad.yaml')] })).rejects.toThrow(`failed to parse ${join(d, 'bad.yaml')}: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context`);
    await expect(mergeValues({ valueFiles: [join(d, 'list.yaml')] })).rejects.toThrow(`failed to parse ${join(d, 'list.yaml')}: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}`);
    await expect(mergeValues({ valueFiles: [join(d, 'missing.yaml')] })).rejects.toThrow(`open ${join(d, 'missing.yaml')}: no such file or directory`);
    await expect(mergeValues({ values: ['a[0=x'] })).rejects.toThrow('failed parsing --set data: error parsing index: EOF');
    await expect(mergeValues({ stringValues: ['a'] })).rejects.toThrow('failed parsing --set-string data: key "a" has no value');
    await expect(mergeValues({ jsonValues: ['a={bad'] })).rejects.toThrow('failed parsing --set-json data a={bad');
    await expect(mergeValues({ fileValues: [`a=${join(d, 'nope')}`] })).rejects.toThrow(`failed parsing --set-file data: open ${join(d, 'nope')}: no such file or directory`);
  });

  it('mergeMaps merges maps recursively and replaces everything else', () => {
    expect(mergeMaps({ a: { b: 1, c: [1] }, d: 'x' }, { a: { c: [2], e: null }, d: { f: 1 } })).toEqual({ a: { b: 1, c: [2], e: null }, d: { f: 1 } });
  });
});
