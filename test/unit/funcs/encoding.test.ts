import { describe, it, expect } from 'vitest';
import { encodingFuncs, base64Decode, base32Decode, base32Encode } from '../../../src/funcs/encoding.js';
import { encodeToml } from '../../../src/funcs/toml.js';
import { GoInt } from '../../../src/template/types.js';

const call = (name: string, ...args: unknown[]) => encodingFuncs[name].fn(...args);

describe('encodingFuncs signatures', () => {
  it('declares Go signatures', () => {
    expect(encodingFuncs.toYaml).toMatchObject({ args: ['interface {}'], ret: 'string' });
    expect(encodingFuncs.fromYaml).toMatchObject({ args: ['string'], ret: 'map[string]interface {}' });
    expect(encodingFuncs.fromYamlArray).toMatchObject({ args: ['string'], ret: '[]interface {}' });
    expect(encodingFuncs.mustToJson).toMatchObject({ args: ['interface {}'], ret: 'string', err: true });
    expect(encodingFuncs.mustFromJson).toMatchObject({ args: ['string'], ret: 'interface {}', err: true });
    expect(encodingFuncs.b64enc).toMatchObject({ args: ['string'], ret: 'string' });
    // Helm 3.13 has no fromToml
    expect(encodingFuncs.fromToml).toBeUndefined();
  });
});

describe('Helm data functions', () => {
  it('fromYaml / fromYamlArray put errors where Helm does', () => {
    expect(call('fromYaml', 'a: 1\nb: [x, y]\nc: yes')).toEqual({ a: 1, b: ['x', true], c: true });
    expect(call('fromYaml', 'a: b: c')).toEqual({ Error: 'error converting YAML to JSON: yaml: mapping values are not allowed in this context' });
    expect(call('fromYaml', '- 1')).toEqual({
      Error: 'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    expect(call('fromYamlArray', '- 1\n- two')).toEqual([1, 'two']);
    expect(call('fromYamlArray', 'a: 1')).toEqual([
      'error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}',
    ]);
  });
  it('toJson / fromJson / fromJsonArray', () => {
    expect(call('toJson', { b: '<x>', a: 1 })).toBe('{"a":1,"b":"\\u003cx\\u003e"}');
    expect(call('toJson', { a: NaN })).toBe('');
    expect(call('fromJson', '{"a":{"b":[1,2]}}')).toEqual({ a: { b: [1, 2] } });
    expect(call('fromJson', 'not json')).toEqual({ Error: "invalid character 'o' in literal null (expecting 'u')" });
    expect(call('fromJsonArray', '[1,"a"]')).toEqual([1, 'a']);
    expect(call('fromJsonArray', '{}')).toEqual(['json: cannot unmarshal object into Go value of type []interface {}']);
  });
  it('sprig JSON variants', () => {
    expect(call('toPrettyJson', { a: [1], b: {} })).toBe('{\n  "a": [\n    1\n  ],\n  "b": {}\n}');
    expect(call('toRawJson', { h: '<b>&</b>' })).toBe('{"h":"<b>&</b>"}');
    expect(() => call('toRawJson', NaN)).toThrow('json: unsupported value: NaN');
    expect(() => call('mustToJson', Infinity)).toThrow('json: unsupported value: +Inf');
    expect(() => call('mustFromJson', '{')).toThrow('unexpected end of JSON input');
    expect(call('mustFromJson', '[1]')).toEqual([1]);
  });
  it('toToml returns the error text on failure', () => {
    expect(call('toToml', { a: [1, null] })).toBe('toml: cannot encode array with nil element');
    expect(() => call('toToml', null)).toThrow('reflect: call of reflect.Value.Type on zero Value');
  });
});

describe('base64 / base32 as Go encoding/base64, base32 (sprig b64dec/b32dec return the error text)', () => {
  it('round-trips', () => {
    expect(call('b64enc', 'hello')).toBe('aGVsbG8=');
    expect(call('b64dec', 'aGVsbG8=')).toBe('hello');
    expect(call('b32enc', 'hello')).toBe('NBSWY3DP');
    expect(call('b32dec', 'NBSWY3DP')).toBe('hello');
    for (const s of ['', 'f', 'fo', 'foo', 'foob', 'fooba', 'foobar', 'héllo wörld']) {
      expect(call('b32dec', call('b32enc', s))).toBe(s);
      expect(call('b64dec', call('b64enc', s))).toBe(s);
    }
    expect(base32Encode(Buffer.from('foobar'))).toBe('MZXW6YTBOI======');
    expect(Buffer.from(base64Decode('aGVs\nbG8=')).toString()).toBe('hello');
    expect(Buffer.from(base32Decode('MZXW6YQ=')).toString()).toBe('foob');
  });
  it('reports corrupt input at the byte Go reports', () => {
    expect(call('b64dec', 'aGVsbG8')).toBe('illegal base64 data at input byte 4');
    expect(call('b64dec', 'a!')).toBe('illegal base64 data at input byte 1');
    expect(call('b64dec', 'aGVsbG8=x')).toBe('illegal base64 data at input byte 8');
    expect(call('b64dec', '=')).toBe('illegal base64 data at input byte 0');
    expect(call('b64dec', 'aG=')).toBe('illegal base64 data at input byte 3');
    expect(call('b32dec', 'NBSWY3D')).toBe('illegal base32 data at input byte 0');
    expect(call('b32dec', 'NBSWY3D!')).toBe('illegal base32 data at input byte 7');
    expect(call('b32dec', 'MZXW6YQ')).toBe('illegal base32 data at input byte 0');
  });
});

describe('toToml: BurntSushi/toml v1.3.2 Encoder', () => {
  it('writes keys, tables and arrays of tables', () => {
    expect(encodeToml({ pullPolicy: 'IfNotPresent', repository: 'metallb/controller', tag: 'v0.8.2' })).toBe(
      'pullPolicy = "IfNotPresent"\nrepository = "metallb/controller"\ntag = "v0.8.2"\n',
    );
    expect(encodeToml({ b: 1, a: { Int: 2 } })).toBe('b = 1.0\n\n[a]\n  Int = 2.0\n');
    expect(encodeToml({ a: { b: new GoInt(1n) }, c: { d: new GoInt(2n) } })).toBe('[a]\n  b = 1\n\n[c]\n  d = 2\n');
    expect(encodeToml({ map: { zero: new GoInt(5n), arr: [{ friend: new GoInt(5n) }] } })).toBe('[map]\n  zero = 5\n\n  [[map.arr]]\n    friend = 5\n');
    expect(encodeToml({ '': { v: new GoInt(1n) } })).toBe('[""]\n  v = 1\n');
    expect(encodeToml({ '\n': '\n', 'a b': true, n: null })).toBe('"\\n" = "\\n"\n"a b" = true\n');
  });
  it('writes inline tables inside arrays', () => {
    expect(
      encodeToml({
        arr: [[{ a: ['hello', 'world'], b: [1.12, 4.1], c: new GoInt(1n), d: { e: 'E' }, g: [{ A: new GoInt(3n) }] }]],
      }),
    ).toBe('arr = [[{a = ["hello", "world"], b = [1.12, 4.1], c = 1, d = {e = "E"}, g = [{A = 3}]}]]\n');
  });
  it('formats floats and strings', () => {
    expect(encodeToml({ f: 1e21, g: 0.5, h: NaN, i: -Infinity, s: 'tab\t"q"\u0001\u007f' })).toBe(
      'f = 1000000000000000000000.0\ng = 0.5\nh = nan\ni = -inf\ns = "tab\\t\\"q\\"\\u0001\\u007f"\n',
    );
  });
  it('fails as Go for top-level arrays of tables', () => {
    expect(() => encodeToml([{ a: 1 }])).toThrow('toml: top-level values must be Go maps or structs');
    expect(encodeToml('x')).toBe('"x"');
  });
});
