import { describe, it, expect } from 'vitest';
import { marshalJson, parseJson, parseJsonObject, parseJsonArray, formatJsonFloat, quoteJsonString, compareGoStrings } from '../../../src/funcs/json.js';
import { GoInt, GoStruct, GoDuration, GoFuncValue, def } from '../../../src/template/types.js';

class Meta extends GoStruct {
  readonly goType = '*chart.Metadata';
  static jsonFields = [
    ['Name', 'name', true],
    ['Version', 'version', true],
    ['Keywords', 'keywords', true],
    ['Deprecated', 'deprecated', true],
  ] as const;
  Name = 'x';
  Version = '';
  Keywords: string[] = ['a'];
  Deprecated = false;
}

class Plain extends GoStruct {
  readonly goType = 'main.Plain';
  Zed = 1;
  Alpha = 'a';
  hidden = 'no';
}

describe('marshalJson: Go encoding/json', () => {
  it('sorts map keys by bytes, escapes HTML and line separators', () => {
    expect(marshalJson({ b: 1, a: [true, null, 'x'], 'é': 2, Z: 3 })).toBe('{"Z":3,"a":[true,null,"x"],"b":1,"é":2}');
    expect(marshalJson('<b>&amp;</b>')).toBe('"\\u003cb\\u003e\\u0026amp;\\u003c/b\\u003e"');
    expect(marshalJson('<b>', { escapeHtml: false })).toBe('"<b>"');
    expect(marshalJson('a\u2028b\u2029')).toBe('"a\\u2028b\\u2029"');
    expect(quoteJsonString('\b\f\n\r\t\u0001"\\\u007f')).toBe('"\\u0008\\u000c\\n\\r\\t\\u0001\\"\\\\\u007f"');
    expect(marshalJson('\ud800x')).toBe('"\ufffdx"');
  });
  it('formats float64 as Go does', () => {
    const cases: [number, string][] = [
      [1, '1'], [1.5, '1.5'], [1e6, '1000000'], [1e20, '100000000000000000000'], [1e21, '1e+21'], [1e-6, '0.000001'],
      [1e-7, '1e-7'], [-0, '-0'], [123456789.125, '123456789.125'], [5e-324, '5e-324'], [1.7976931348623157e308, '1.7976931348623157e+308'],
    ];
    for (const [f, s] of cases) expect(formatJsonFloat(f)).toBe(s);
    expect(() => marshalJson(NaN)).toThrow('json: unsupported value: NaN');
    expect(() => marshalJson({ a: [Infinity] })).toThrow('json: unsupported value: +Inf');
  });
  it('writes Go ints, bytes, durations, structs', () => {
    expect(marshalJson([new GoInt(-3n, 'int64'), new GoInt(18446744073709551615n, 'uint64')])).toBe('[-3,18446744073709551615]');
    expect(marshalJson(new Uint8Array([104, 105]))).toBe('"aGk="');
    expect(marshalJson(new GoDuration(1500000000n))).toBe('1500000000');
    expect(marshalJson(new Meta())).toBe('{"name":"x","keywords":["a"]}');
    expect(marshalJson(new Plain())).toBe('{"Zed":1,"Alpha":"a"}');
    expect(() => marshalJson(new GoFuncValue(def([], 'string', () => '')))).toThrow('json: unsupported type: func(...interface {}) interface {}');
  });
  it('indents as MarshalIndent(v, "", "  ")', () => {
    expect(marshalJson({ a: [1, { b: [] }], c: {} }, { indent: '  ' })).toBe('{\n  "a": [\n    1,\n    {\n      "b": []\n    }\n  ],\n  "c": {}\n}');
  });
  it('orders strings as Go compares bytes', () => {
    expect(['\uffff', '\u{1f600}', 'a'].sort(compareGoStrings)).toEqual(['a', '\uffff', '\u{1f600}']);
  });
});

describe('parseJson: json.Unmarshal into interface{}', () => {
  it('decodes with float64 numbers', () => {
    expect(parseJson('{"a":{"b":[1,2.5,-0.5e2]},"c":null,"d":"\\u00e9\\ud83d\\ude00\\/"}')).toEqual({ a: { b: [1, 2.5, -50] }, c: null, d: 'é😀/' });
    expect(parseJson(' [true , false] ')).toEqual([true, false]);
    expect(parseJson('"\\ud800"')).toBe('\ufffd');
  });
  it('reports syntax errors as Go', () => {
    const cases: [string, string][] = [
      ['not json', "invalid character 'o' in literal null (expecting 'u')"],
      ['', 'unexpected end of JSON input'],
      ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
      ['[1,]', "invalid character ']' looking for beginning of value"],
      ['{"a" 1}', "invalid character '1' after object key"],
      ['{"a":1 "b"}', "invalid character '\"' after object key:value pair"],
      ['[1 2]', "invalid character '2' after array element"],
      ['"abc', 'unexpected end of JSON input'],
      ['01', "invalid character '1' after top-level value"],
      ['1.x', "invalid character 'x' after decimal point in numeric literal"],
      ['1e+', 'unexpected end of JSON input'],
      ['-x', "invalid character 'x' in numeric literal"],
      ['"a\nb"', "invalid character '\\n' in string literal"],
      ['"\\q"', "invalid character 'q' in string escape code"],
      ['"\\u12x4"', "invalid character 'x' in \\u hexadecimal character escape"],
      ["'a'", "invalid character '\\'' looking for beginning of value"],
      ['é', "invalid character 'Ã' looking for beginning of value"],
      ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ];
    for (const [text, msg] of cases) expect(() => parseJson(text), text).toThrow(msg);
  });
  it('checks the target type', () => {
    expect(parseJsonObject('null')).toEqual({});
    expect(() => parseJsonObject('[1]')).toThrow('json: cannot unmarshal array into Go value of type map[string]interface {}');
    expect(() => parseJsonObject('"s"')).toThrow('json: cannot unmarshal string into Go value of type map[string]interface {}');
    expect(parseJsonArray('[1,"a"]')).toEqual([1, 'a']);
    expect(() => parseJsonArray('{}')).toThrow('json: cannot unmarshal object into Go value of type []interface {}');
    expect(() => parseJsonArray('1')).toThrow('json: cannot unmarshal number into Go value of type []interface {}');
  });
});
