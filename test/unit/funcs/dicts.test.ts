import { describe, it, expect } from 'vitest';
import { render, renderErr, callErr } from './_render.js';
import { dictFuncs, mergeMaps, deepCopyValue } from '../../../src/funcs/dicts.js';
import { namedMap, sliceOf, goTypeName } from '../../../src/template/types.js';

describe('dict access', () => {
  it('dict/get/set/unset/hasKey', () => {
    expect(render('{{ $d := dict "b" 2 "a" 1 }}{{ $d }} {{ get $d "a" }} [{{ get $d "zz" }}] {{ hasKey $d "b" }} {{ hasKey $d "c" }}')).toBe('map[a:1 b:2] 1 [] true false');
    expect(render('{{ dict "a" }} {{ dict 1 2 true "x" }} {{ dict }} {{ typeOf (dict) }}')).toBe('map[a:] map[1:2 true:x] map[] map[string]interface {}');
    expect(render('{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }} {{ unset $d "a" }} {{ unset $d "nope" }} {{ set $d "c" nil }}')).toBe('map[a:1 b:2] map[b:2] map[b:2] map[b:2 c:<nil>]');
    expect(render('{{ $_ := set .Values "added" "v" }}{{ .Values.added }}', { Values: namedMap({}, 'chartutil.Values') })).toBe('v');
  });
  it('pluck/keys/values/pick/omit', () => {
    expect(render('{{ pluck "a" (dict "a" 1) (dict "a" 2) (dict "b" 3) }} {{ keys (dict "b" 1 "a" 2) (dict "c" 3) }} {{ values (dict "b" 1 "a" 2) }}')).toBe('[1 2] [a b c] [2 1]');
    expect(render('{{ typeOf (keys (dict)) }} {{ keys (dict) }} {{ typeOf (values (dict)) }}')).toBe('[]string [] []interface {}');
    const img = { Values: { image: { repository: 'metallb/controller', tag: 'v0.8.2', pullPolicy: 'IfNotPresent' } } };
    expect(render('{{ pick .Values.image "tag" "nope" }} {{ omit .Values.image "tag" }} {{ pick .Values.image }}', img)).toBe('map[tag:v0.8.2] map[pullPolicy:IfNotPresent repository:metallb/controller] map[]');
  });
  it('dig walks nested map[string]interface{} values', () => {
    const data = { nested: { a: { b: { c: 'deep' } } }, Values: namedMap({ a: 1 }, 'chartutil.Values') };
    expect(render('{{ dig "a" "b" "c" "default" .nested }} {{ dig "x" "y" "dflt" .nested }} {{ dig "a" "b" "z" 5 .nested }} {{ dig "a" "b" "" .nested }}', data)).toBe('deep dflt 5 map[c:deep]');
    expect(renderErr('{{ dig "a" .nested }}', data)).toBe(callErr('dig', 'dig "a" .nested', 'dig needs at least three arguments'));
    expect(renderErr('{{ dig "a" "b" "c" "d" "x" .nested }}', data)).toBe(
      callErr('dig', 'dig "a" "b" "c" "d" "x" .nested', 'interface conversion: interface {} is string, not map[string]interface {}'),
    );
    expect(renderErr('{{ dig "a" "" .Values }}', data)).toBe(callErr('dig', 'dig "a" "" .Values', 'interface conversion: interface {} is chartutil.Values, not map[string]interface {}'));
    expect(renderErr('{{ dig 1 "" .nested }}', data)).toBe(callErr('dig', 'dig 1 "" .nested', 'interface conversion: interface {} is int, not string'));
  });
  it('wants map[string]interface{} arguments', () => {
    expect(renderErr('{{ get .s "a" }}', { s: 'x' })).toContain('wrong type for value; expected map[string]interface {}; got string');
  });
});

describe('merge (mergo semantics)', () => {
  it('merge keeps dst values, fills missing and empty ones, recurses into maps', () => {
    expect(render('{{ $a := dict "a" 1 "n" (dict "x" 1 "y" 2) }}{{ $b := dict "a" 2 "b" 3 "n" (dict "x" 9 "z" 3) }}{{ merge $a $b }} {{ $a }}')).toBe('map[a:1 b:3 n:map[x:1 y:2 z:3]] map[a:1 b:3 n:map[x:1 y:2 z:3]]');
    expect(render('{{ merge (dict "a" "" "b" 0 "c" false "d" nil) (dict "a" "x" "b" 1 "c" true "d" 4) }}')).toBe('map[a:x b:1 c:true d:4]');
    expect(render('{{ merge (dict "a" 1) (dict "a" nil "b" nil) }}')).toBe('map[a:1]');
    expect(render('{{ merge (dict "l" (list 1)) (dict "l" (list 2 3)) }} {{ merge (dict "l" (list)) (dict "l" (list 2)) }} {{ merge (dict) (dict "l" (list 2)) }}')).toBe('map[l:[1]] map[l:[2]] map[l:[2]]');
    expect(render('{{ merge (dict "a" (dict "x" 1)) (dict "a" "s") }} {{ merge (dict "a" "s") (dict "a" (dict "x" 1)) }}')).toBe('map[a:map[x:1]] map[a:s]');
    expect(render('{{ merge (dict "a" 1) (dict "b" 2) (dict "a" 3 "c" 4) }} {{ mustMerge (dict) (dict "a" (dict "b" 1)) }}')).toBe('map[a:1 b:2 c:4] map[a:map[b:1]]');
  });
  it('mergeOverwrite replaces values, including with empty ones and nil', () => {
    expect(render('{{ $a := dict "a" 1 "n" (dict "x" 1) }}{{ $b := dict "a" 2 "b" 3 "n" (dict "x" 9) }}{{ mergeOverwrite $a $b }}')).toBe('map[a:2 b:3 n:map[x:9]]');
    expect(render('{{ mergeOverwrite (dict "a" "x" "b" 1) (dict "a" "" "b" nil) }}')).toBe('map[a: b:<nil>]');
    expect(render('{{ mergeOverwrite (dict "l" (list 1)) (dict "l" (list 2 3)) }} {{ mergeOverwrite (dict "a" (dict "x" 1)) (dict "a" "s") }}')).toBe('map[l:[2 3]] map[a:s]');
    expect(render('{{ mergeOverwrite (dict "a" "s") (dict "a" (dict "x" 1)) }} {{ mustMergeOverwrite (dict "a" (dict "x" 1 "y" 2)) (dict "a" (dict "x" 2)) }}')).toBe('map[a:s] map[a:map[x:2 y:2]]');
  });
  it("matches sprig's own merge tests", () => {
    const mk = () => ({
      src2: { h: 10, i: 'i', j: 'j' },
      src1: { a: 1, b: 2, d: { e: 'four' }, g: sliceOf([6, 7], '[]int'), i: 'aye', j: 'jay', k: { l: false } },
      dst: { a: 'one', c: 3, d: { f: 5 }, g: sliceOf([8, 9], '[]int'), i: 'eye', k: { l: true } },
    });
    const d1 = mk();
    render('{{ merge .dst .src1 .src2 }}', d1);
    expect(d1.dst).toEqual({ a: 'one', b: 2, c: 3, d: { e: 'four', f: 5 }, g: [8, 9], h: 10, i: 'eye', j: 'jay', k: { l: true } });
    const d2 = mk();
    render('{{ mergeOverwrite .dst .src1 .src2 }}', d2);
    expect(d2.dst).toEqual({ a: 1, b: 2, c: 3, d: { e: 'four', f: 5 }, g: [6, 7], h: 10, i: 'i', j: 'j', k: { l: false } });
  });
  it('mergeMaps works in place', () => {
    const dst: Record<string, unknown> = { n: { x: 1 } };
    const inner = dst.n;
    mergeMaps(dst, { n: { y: 2 } }, false);
    expect(dst).toEqual({ n: { x: 1, y: 2 } });
    expect(dst.n).toBe(inner);
  });
});

describe('deepCopy', () => {
  it('copies maps and slices deeply, keeping Go types', () => {
    const data = { Values: { image: { tag: 'v0.8.2' } } };
    expect(render('{{ $c := deepCopy .Values.image }}{{ $_ := set $c "tag" "new" }}{{ .Values.image.tag }} {{ $c.tag }}', data)).toBe('v0.8.2 new');
    const src = namedMap({ l: sliceOf(['a'], '[]string'), m: { k: [1] } }, 'chartutil.Values');
    const c = deepCopyValue(src) as any;
    expect(c).toEqual(src);
    expect(c).not.toBe(src);
    expect(c.m.k).not.toBe(src.m.k);
    expect(goTypeName(c)).toBe('chartutil.Values');
    expect(goTypeName(c.l)).toBe('[]string');
    expect(render('[{{ deepCopy .nul }}] {{ mustDeepCopy (list 1 (dict "a" 2)) }}', { nul: null })).toBe('[<no value>] [1 map[a:2]]');
  });
  it('declares sprig signatures', () => {
    expect(dictFuncs.merge.args).toEqual(['map[string]interface {}', 'map[string]interface {}']);
    expect(dictFuncs.merge.variadic).toBe(true);
    expect(dictFuncs.keys.args).toEqual(['map[string]interface {}']);
    expect(dictFuncs.dig.args).toEqual(['interface {}']);
  });
});
