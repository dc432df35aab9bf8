import { describe, it, expect } from 'vitest';
import { render, renderErr, callErr } from './_render.js';
import { mathFuncs } from '../../../src/funcs/math.js';

describe('int64 arithmetic through cast.ToInt64', () => {
  it('add/add1/sub/mul/div/mod', () => {
    expect(render('{{ add 1 2 3 }} {{ add }} {{ add1 "5" }} {{ sub 5 "2" }} {{ mul 2 3 4 }} {{ mul 7 }} {{ div 7 2 }} {{ div -7 2 }} {{ mod -7 3 }} {{ mod 7 -3 }}')).toBe('6 0 6 3 24 7 3 -3 -1 1');
    expect(render('{{ typeOf (add 1 1) }} {{ typeOf (add1 1) }} {{ typeOf (max 1) }}')).toBe('int64 int64 int64');
  });
  it('converts arguments like spf13/cast', () => {
    expect(render('{{ add "0x10" 1 }} {{ add "0777" 0 }} {{ add "0b101" 0 }} {{ add "1_000" 0 }} {{ add "1.0" 0 }} {{ add "1.00" 1 }} {{ add "1.5" 0 }} {{ add "abc" 2 }}')).toBe('17 511 5 1000 1 2 0 2');
    expect(render('{{ add 1.9 0 }} {{ add -1.9 0 }} {{ add true 1 }} {{ add .nul 1 }} {{ add (list 1) 1 }}', { nul: null })).toBe('1 -1 2 1 1');
    expect(render('{{ add .f 1 }} {{ mul .f 2 }} {{ div .big 3 }}', { f: 3.14159, big: 1000000 })).toBe('4 6 333333');
  });
  it('wraps around like Go int64', () => {
    expect(render('{{ add 9223372036854775807 1 }} {{ mul 9223372036854775807 2 }} {{ div -9223372036854775808 -1 }}')).toBe('-9223372036854775808 -2 -9223372036854775808');
    expect(render('{{ add 1e300 0 }}')).toBe('-9223372036854775808');
  });
  it('integer division by zero is a runtime error', () => {
    expect(renderErr('{{ div 1 0 }}')).toBe(callErr('div', 'div 1 0', 'runtime error: integer divide by zero'));
    expect(renderErr('{{ mod 1 "0" }}')).toBe(callErr('mod', 'mod 1 "0"', 'runtime error: integer divide by zero'));
  });
  it('max/min/biggest', () => {
    expect(render('{{ max 1 5 3 }} {{ min 3 1 2 }} {{ biggest 1 9 3 }} {{ max "7" 2.9 }} {{ min -1 }}')).toBe('5 1 9 7 -1');
  });
});

describe('float64 arithmetic', () => {
  it('floor/ceil/round', () => {
    expect(render('{{ floor 1.5 }} {{ ceil 1.2 }} {{ floor "-1.5" }} {{ ceil 3 }} {{ typeOf (floor 1) }}')).toBe('1 2 -2 3 float64');
    expect(render('{{ round 3.14159 2 }} {{ round 2.5 0 }} {{ round -2.5 0 }} {{ round 1.2345 3 0.4 }} {{ round 123.5 -1 }} {{ round "1.25" 1 }}')).toBe('3.14 3 -3 1.235 120 1.3');
  });
  it('the *f functions go through shopspring/decimal', () => {
    expect(render('{{ addf 1.5 2 }} {{ subf 5 1.25 }} {{ mulf 1.5 2 }} {{ divf 10 4 }} {{ maxf 1 2.5 }} {{ minf 1 2.5 }}')).toBe('3.5 3.75 3 2.5 2.5 1');
    expect(render('{{ addf 0.1 0.2 }} {{ mulf 0.1 3 }} {{ subf 0.3 0.1 }} {{ add1f 1.5 }} {{ addf }} {{ divf 1 3 }} {{ divf 2 3 }} {{ divf -2 3 }}')).toBe('0.3 0.3 0.2 2.5 0 0.3333333333333333 0.6666666666666667 -0.6666666666666667');
    expect(render('{{ divf 1 3 3 }} {{ mulf 1e20 1e20 }} {{ addf "1.5" true }} {{ divf 10 4 2 }}')).toBe('0.1111111111111111 1e+40 2.5 1.25');
    expect(render('{{ typeOf (addf 1 1) }} {{ maxf 1 "x" }} {{ minf 0 -0.5 }}')).toBe('float64 1 -0.5');
  });
  it('decimal errors', () => {
    expect(renderErr('{{ divf 1 0 }}')).toBe(callErr('divf', 'divf 1 0', 'decimal division by zero'));
    expect(renderErr('{{ addf "NaN" 1 }}')).toBe(callErr('addf', 'addf "NaN" 1', 'Cannot create a Decimal from NaN'));
    expect(renderErr('{{ mulf "inf" 1 }}')).toBe(callErr('mulf', 'mulf "inf" 1', 'Cannot create a Decimal from +Inf'));
  });
});

describe('randInt', () => {
  it('returns an int in [min, max)', () => {
    for (let i = 0; i < 20; i++) {
      const v = Number(render('{{ randInt 3 7 }}'));
      expect(v).toBeGreaterThanOrEqual(3);
      expect(v).toBeLessThan(7);
    }
    expect(render('{{ randInt 1 2 }} {{ typeOf (randInt 0 5) }}')).toBe('1 int');
    expect(renderErr('{{ randInt 5 5 }}')).toBe(callErr('randInt', 'randInt 5 5', 'invalid argument to Intn'));
  });
  it('declares sprig signatures', () => {
    expect(mathFuncs.add.args).toEqual(['interface {}']);
    expect(mathFuncs.add.variadic).toBe(true);
    expect(mathFuncs.mul.args).toEqual(['interface {}', 'interface {}']);
    expect(mathFuncs.round.args).toEqual(['interface {}', 'int', 'float64']);
    expect(mathFuncs.randInt.args).toEqual(['int', 'int']);
  });
});
