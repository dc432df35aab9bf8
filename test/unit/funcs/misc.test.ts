import { describe, it, expect } from 'vitest';
import { render, renderErr, callErr } from './_render.js';
import { miscFuncs, toInt64, toFloat64, empty, deepEqual, strval, pathClean, pathBase, pathDir, pathExt, goString, sliceString } from '../../../src/funcs/misc.js';
import { GoDuration, GoInt, namedMap, sliceOf } from '../../../src/template/types.js';

describe('conversions', () => {
  it('atoi: base 10, errors give 0, overflow clamps', () => {
    expect(render('{{ atoi "42" }} {{ atoi "+5" }} {{ atoi "-7" }} {{ atoi " 42" }} {{ atoi "x" }} {{ atoi "0x10" }} {{ atoi "99999999999999999999" }} {{ typeOf (atoi "1") }}')).toBe(
      '42 5 -7 0 0 0 9223372036854775807 int',
    );
  });
  it('int / int64 via cast (base-0 strings, trimmed .0 decimals, truncated floats)', () => {
    expect(render('{{ int "42" }} {{ int 3.9 }} {{ int -3.9 }} {{ int "0x1F" }} {{ int "0777" }} {{ int "0o17" }} {{ int "1_000" }} {{ int "1e3" }} {{ int "12.00" }} {{ int true }} {{ int .nul }}', { nul: null })).toBe(
      '42 3 -3 31 511 15 1000 0 12 1 0',
    );
    expect(render('{{ int64 "7" }} {{ typeOf (int64 "7") }} {{ typeOf (int 1) }} {{ int64 .d }} {{ int64 (list 1) }}', { d: new GoDuration(5n) })).toBe('7 int64 int 0 0');
    expect(toInt64(new GoInt(18446744073709551615n, 'uint64'))).toBe(-1n);
    expect(toInt64(NaN)).toBe(-9223372036854775808n);
  });
  it('float64 via cast', () => {
    expect(render('{{ float64 "1.5" }} {{ float64 "x" }} {{ float64 "1e3" }} {{ float64 3 }} {{ float64 "inf" }} {{ float64 "0x1p-2" }} {{ typeOf (float64 1) }} {{ float64 true }}')).toBe('1.5 0 1000 3 +Inf 0.25 float64 1');
    expect(toFloat64('1e400')).toBe(0);
    expect(toFloat64(new GoInt(9007199254740993n, 'int64'))).toBe(9007199254740992);
  });
  it('toDecimal parses fmt.Sprint(v) in base 8', () => {
    expect(render('{{ toDecimal "0777" }} {{ toDecimal 777 }} {{ toDecimal "8" }} {{ toDecimal "-10" }} {{ typeOf (toDecimal 1) }}')).toBe('511 511 0 -8 int64');
  });
  it('toString and toStrings', () => {
    expect(render('{{ toString 1.5 }} {{ toString .r }} {{ toString .nul }} {{ toString (list 1 "a") }} {{ toString 1e6 }}', { r: 3, nul: null })).toBe('1.5 3 <nil> [1 a] 1e+06');
    expect(render('{{ toStrings .mixed }} {{ typeOf (toStrings 1) }} {{ toStrings "a" }} {{ toStrings .nul }} {{ len (toStrings .nul) }}', { mixed: [1, 'two', 3.5, true, null], nul: null })).toBe('[1 two 3.5 true] []string [a] [] 0');
    expect(strval(new Uint8Array([104, 105]))).toBe('hi');
  });
});

describe('defaults', () => {
  it('default treats zero values as unset', () => {
    const v = { empty: '', name: 'metallb', zero: 0, off: false, nul: null, l: [], m: {} };
    expect(render('{{ default "d" .nothere }} {{ default "d" .empty }} {{ default "d" .name }} {{ default 5 .zero }} {{ default "d" .off }} {{ default "d" .l }} {{ default "d" .m }} {{ default "d" }}', v)).toBe('d d metallb 5 d d d d');
    expect(render('{{ .name | default "x" }} {{ .nothere | default "x" }} {{ default "d" 0.0 }} {{ default "d" (list 0) }}', v)).toBe('metallb x d [0]');
  });
  it('empty, coalesce, all, any, ternary', () => {
    expect(render('{{ empty 0 }} {{ empty "0" }} {{ empty (dict) }} {{ empty (list nil) }} {{ empty .nul }} {{ empty 0.0 }} {{ empty false }} {{ empty .d }}', { nul: null, d: new GoDuration(0n) })).toBe('true false true false true true true true');
    expect(render('{{ coalesce .nothere "" "x" }} {{ coalesce 0 3 }} [{{ coalesce 0 "" }}]')).toBe('x 3 [<no value>]');
    expect(render('{{ all 1 "a" true }} {{ all 1 "" }} {{ all }} {{ any 0 "" "x" }} {{ any 0 "" }} {{ any }}')).toBe('true false true true false false');
    expect(render('{{ ternary "a" "b" true }} {{ ternary "a" "b" false }} {{ true | ternary "y" "n" }}')).toBe('a b y');
    expect(renderErr('{{ ternary 1 2 "x" }}')).toContain('expected bool; found "x"');
  });
  it('empty over the value model', () => {
    expect(empty(new GoInt(0n, 'uint8'))).toBe(true);
    expect(empty(new Uint8Array(0))).toBe(true);
    expect(empty(new GoInt(2n))).toBe(false);
    expect(empty(namedMap({}, 'chartutil.Values'))).toBe(true);
  });
});

describe('reflection', () => {
  it('typeOf/typeIs/typeIsLike/kindOf/kindIs', () => {
    expect(render('{{ typeOf 1 }} {{ typeOf 1.5 }} {{ typeOf "x" }} {{ typeOf .nul }} {{ typeOf (list 1) }} {{ typeOf (dict) }} {{ typeOf true }}', { nul: null })).toBe('int float64 string <nil> []interface {} map[string]interface {} bool');
    expect(render('{{ kindOf 1 }} {{ kindOf (list) }} {{ kindOf (dict) }} {{ kindOf .nul }} {{ kindOf "s" }} {{ kindOf (splitList "," "") }}', { nul: null })).toBe('int slice map invalid string slice');
    expect(render('{{ typeIs "int" 1 }} {{ typeIs "int64" 1 }} {{ typeIsLike "int" 1 }} {{ kindIs "map" (dict) }} {{ kindIs "slice" "x" }}')).toBe('true false true true false');
  });
  it('deepEqual is reflect.DeepEqual', () => {
    expect(render('{{ deepEqual (list 1 2) (list 1 2) }} {{ deepEqual .l .n }} {{ deepEqual 1 (int64 1) }} {{ deepEqual (dict "a" (list 1)) (dict "a" (list 1)) }} {{ deepEqual .nul .nul }} {{ deepEqual 1.0 1.0 }}', { l: ['a'], n: [1], nul: null })).toBe('true false false true true true');
    expect(deepEqual(NaN, NaN)).toBe(false);
    expect(deepEqual(sliceOf(['a'], '[]string'), ['a'])).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual(new Uint8Array([1]), new Uint8Array([1]))).toBe(true);
  });
});

describe('fail, hello and paths', () => {
  it('fail returns its message as the error', () => {
    expect(renderErr('{{ fail "stop here" }}')).toBe(callErr('fail', 'fail "stop here"', 'stop here'));
  });
  it('hello', () => {
    expect(render('{{ hello }}')).toBe('Hello!');
  });
  it('path and filepath helpers behave like Go on Linux', () => {
    expect(render('{{ base "a/b/c.txt" }} {{ dir "a/b/c.txt" }} {{ ext "a/b.tar.gz" }} {{ clean "a//b/../c/." }} {{ isAbs "/x" }} {{ osBase "/" }} {{ osDir "x" }}')).toBe('c.txt a/b .gz a/c true / .');
    const cleanCases: [string, string][] = [
      ['', '.'], ['/', '/'], ['abc/', 'abc'], ['../../a', '../../a'], ['/../a', '/a'], ['a/../..', '..'], ['./', '.'], ['/a/b/../../..', '/'], ['a/./b', 'a/b'],
    ];
    for (const [i, o] of cleanCases) expect(pathClean(i), i).toBe(o);
    expect(pathBase('')).toBe('.');
    expect(pathBase('a//')).toBe('a');
    expect(pathDir('/a')).toBe('/');
    expect(pathDir('')).toBe('.');
    expect(pathExt('a.b/c')).toBe('');
  });
  it('Go string helpers', () => {
    expect(goString(Buffer.from([0x61, 0xe4, 0xb8, 0x62]))).toBe('a\ufffd\ufffdb');
    expect(() => sliceString('abc', 2, 1)).toThrow('runtime error: slice bounds out of range [2:1]');
    expect(miscFuncs.default.variadic).toBe(true);
    expect(miscFuncs.fail.err).toBe(true);
  });
});
