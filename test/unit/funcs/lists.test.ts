import { describe, it, expect } from 'vitest';
import { render, renderErr, callErr } from './_render.js';
import { listFuncs } from '../../../src/funcs/lists.js';

const data = { list: ['b', 'a', 'c'], nums: [3, 1, 2], empty: [], nul: null, str: 'abc' };

describe('list construction and access', () => {
  it('list/tuple, first/rest/last/initial', () => {
    expect(render('{{ list 1 "a" nil 2.5 }} {{ typeOf (list) }} {{ tuple 1 2 }}')).toBe('[1 a <nil> 2.5] []interface {} [1 2]');
    expect(render('{{ first .list }} {{ rest .list }} {{ last .list }} {{ initial .list }}', data)).toBe('b [a c] c [b a]');
    expect(render('[{{ first .empty }}] {{ rest .empty }} [{{ last .empty }}] {{ initial .empty }}', data)).toBe('[<no value>] [] [<no value>] []');
    expect(render('{{ mustFirst .list }} {{ mustLast .list }} {{ mustRest .list }} {{ mustInitial .list }}', data)).toBe('b c [a c] [b a]');
  });
  it('fails on non-lists with the reflect kind, and on nil like Go', () => {
    expect(renderErr('{{ first "abc" }}')).toBe(callErr('first', 'first "abc"', 'Cannot find first on type string'));
    expect(renderErr('{{ mustLast 3 }}')).toBe(callErr('mustLast', 'mustLast 3', 'Cannot find last on type int'));
    expect(renderErr('{{ rest .m }}', { m: {} })).toBe(callErr('rest', 'rest .m', 'Cannot find rest on type map'));
    expect(renderErr('{{ initial 1.5 }}')).toBe(callErr('initial', 'initial 1.5', 'Cannot find initial on type float64'));
    expect(renderErr('{{ first .nul }}', data)).toBe(callErr('first', 'first .nul', 'runtime error: invalid memory address or nil pointer dereference'));
    expect(renderErr('{{ append "x" 1 }}')).toBe(callErr('append', 'append "x" 1', 'Cannot push on type string'));
    expect(renderErr('{{ mustPrepend true 1 }}')).toBe(callErr('mustPrepend', 'mustPrepend true 1', 'Cannot prepend on type bool'));
    expect(renderErr('{{ reverse "x" }}')).toBe(callErr('reverse', 'reverse "x"', 'Cannot find reverse on type string'));
    expect(renderErr('{{ uniq "x" }}')).toBe(callErr('uniq', 'uniq "x"', 'Cannot find uniq on type string'));
    expect(renderErr('{{ without "x" 1 }}')).toBe(callErr('without', 'without "x" 1', 'Cannot find without on type string'));
    expect(renderErr('{{ compact "x" }}')).toBe(callErr('compact', 'compact "x"', 'Cannot compact on type string'));
    expect(renderErr('{{ chunk 2 "x" }}')).toBe(callErr('chunk', 'chunk 2 "x"', 'Cannot chunk type string'));
  });
});

describe('list transformation', () => {
  it('append/push/prepend/concat copy into []interface{}', () => {
    expect(render('{{ append .list "z" }} {{ push .list 1 }} {{ prepend .list "z" }} {{ concat .list .nums }} {{ .list }}', data)).toBe('[b a c z] [b a c 1] [z b a c] [b a c 3 1 2] [b a c]');
    expect(render('{{ mustAppend .list 1 }} {{ mustPush .empty 1 }} {{ concat }} {{ concat (list 1) (splitList "," "a,b") }}', data)).toBe('[b a c 1] [1] [] [1 a b]');
    expect(render('{{ typeOf (append (splitList "," "a") "b") }}')).toBe('[]interface {}');
    expect(renderErr('{{ concat (list 1) "x" }}')).toBe(callErr('concat', 'concat (list 1) "x"', 'Cannot concat type string as list'));
  });
  it('reverse/uniq/without/has/compact', () => {
    expect(render('{{ reverse .list }} {{ uniq (list 1 1 2 "a" "a") }} {{ without .list "a" }} {{ has "a" .list }} {{ compact (list 1 "" nil 0 "x" false (list) (dict)) }}', data)).toBe('[c a b] [1 2 a] [b c] true [1 x]');
    expect(render('{{ uniq (list 1 (add 1 0) 1.0) }} {{ uniq (list (list 1) (list 1) (dict "a" 1) (dict "a" 1)) }}')).toBe('[1 1 1] [[1] map[a:1]]');
    expect(render('{{ without (list 1 2 3 2 "2") 2 "x" }} {{ has 1 .nul }} {{ has 2 .nums }} {{ has 2.0 .nums }} {{ mustHas "c" .list }}', data)).toBe('[1 3 2] false false true true');
    expect(renderErr('{{ has 1 "abc" }}')).toBe(callErr('has', 'has 1 "abc"', 'Cannot find has on type string'));
  });
  it('slice', () => {
    expect(render('{{ slice .nums }} {{ slice .nums 1 }} {{ slice .nums 1 2 }} {{ slice .nums "0" "1" }}', data)).toBe('[3 1 2] [1 2] [1] [3]');
    expect(render('{{ typeOf (slice (splitList "," "a,b,c") 1) }} {{ slice .empty 0 5 }}', data)).toBe('[]string <no value>');
    expect(renderErr('{{ slice .nums 2 1 }}', data)).toBe(callErr('slice', 'slice .nums 2 1', 'reflect.Value.Slice: slice index out of bounds'));
    expect(renderErr('{{ mustSlice .nums 0 9 }}', data)).toBe(callErr('mustSlice', 'mustSlice .nums 0 9', 'reflect.Value.Slice: slice index out of bounds'));
    expect(renderErr('{{ slice "abc" 1 }}')).toBe(callErr('slice', 'slice "abc" 1', 'list should be type of slice or array but string'));
  });
  it('chunk', () => {
    expect(render('{{ chunk 2 (list 1 2 3 4 5) }} {{ chunk 5 (list 1 2) }} {{ chunk 2 (list) }} {{ typeOf (chunk 1 (list 1)) }}')).toBe('[[1 2] [3 4] [5]] [[1 2]] [] [][]interface {}');
    expect(renderErr('{{ chunk 0 (list 1 2) }}')).toBe(callErr('chunk', 'chunk 0 (list 1 2)', 'runtime error: makeslice: len out of range'));
  });
  it('sortAlpha sorts strings byte-wise', () => {
    expect(render('{{ sortAlpha (list "b" "a" 10 "B" "é" "z") }} {{ sortAlpha "x" }} {{ typeOf (sortAlpha .list) }} {{ .list }}', data)).toBe('[10 B a b z é] [x] []string [b a c]');
  });
});

describe('sequences', () => {
  it('until and untilStep give []int', () => {
    expect(render('{{ until 3 }} {{ until -3 }} {{ until 0 }} {{ typeOf (until 1) }}')).toBe('[0 1 2] [0 -1 -2] [] []int');
    expect(render('{{ untilStep 0 10 3 }} {{ untilStep 10 0 -4 }} {{ untilStep 0 10 0 }} {{ untilStep 0 10 -1 }} {{ untilStep 3 3 1 }}')).toBe('[0 3 6 9] [10 6 2] [] [] []');
  });
  it('seq as sprig: end, start end, start step end', () => {
    expect(render('{{ seq 5 }}|{{ seq 2 5 }}|{{ seq 5 2 }}|{{ seq 0 }}|{{ seq -3 }}|{{ seq }}')).toBe('1 2 3 4 5|2 3 4 5|5 4 3 2|1 0|1 0 -1 -2 -3|');
    expect(render('{{ seq 1 2 10 }}|{{ seq 10 -2 1 }}|{{ seq 5 1 -2 }}|{{ seq 1 1 1 1 }}')).toBe('1 3 5 7 9|10 8 6 4 2||');
  });
  it('declares sprig signatures', () => {
    expect(listFuncs.first.args).toEqual(['interface {}']);
    expect(listFuncs.chunk.args).toEqual(['int', 'interface {}']);
    expect(listFuncs.seq.variadic).toBe(true);
    expect(listFuncs.mustFirst.err).toBe(true);
  });
});
