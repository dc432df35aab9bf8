import { describe, it, expect } from 'vitest';
import {
  sprintf,
  sprint,
  sprintln,
  formatValue,
  formatFloat,
  quote,
  quoteRune,
  htmlEscapeString,
  jsEscapeString,
  urlQueryEscape,
  evalArgsString,
} from '../../../src/template/fmt.js';
import { GoInt, GoDuration, GoStruct, GoFuncValue, sliceOf, namedMap, type IntKind } from '../../../src/template/types.js';

const i = (n: number | bigint, k: IntKind = 'int') => new GoInt(BigInt(n), k);

class Pt extends GoStruct {
  readonly goType = 'main.Pt';
  constructor(public X: unknown, public Y: unknown) {
    super();
    Object.defineProperty(this, 'goType', { enumerable: false, value: 'main.Pt' });
  }
}
class PPt extends GoStruct {
  goType!: string;
  constructor(public Name: unknown) {
    super();
    Object.defineProperty(this, 'goType', { enumerable: false, value: '*main.PPt' });
  }
}
class Named extends GoStruct {
  static goMethods = ['String'];
  goType!: string;
  constructor(public N: string) {
    super();
    Object.defineProperty(this, 'goType', { enumerable: false, value: 'main.Named' });
  }
  String() {
    return 'named:' + this.N;
  }
}
class Boom extends GoStruct {
  static goMethods = ['String'];
  goType!: string;
  constructor() {
    super();
    Object.defineProperty(this, 'goType', { enumerable: false, value: 'main.Boom' });
  }
  String(): string {
    throw new Error('boom');
  }
}
class Err extends GoStruct {
  static goMethods = ['Error'];
  goType!: string;
  constructor() {
    super();
    Object.defineProperty(this, 'goType', { enumerable: false, value: '*errors.errorString' });
  }
  Error() {
    return 'an error';
  }
}

type Case = [string, unknown[], string];

const printfCases: Case[] = [
  // basic verbs
  ['%d', [i(12345)], '12345'],
  ['%v', [i(12345)], '12345'],
  ['%+d', [i(12345)], '+12345'],
  ['%+d', [i(-12345)], '-12345'],
  ['% d', [i(12345)], ' 12345'],
  ['%+v', [i(5)], '5'],
  ['%x', [i(-255)], '-ff'],
  ['%X', [i(255)], 'FF'],
  ['%#x', [i(255)], '0xff'],
  ['%#X', [i(255)], '0XFF'],
  ['%#o', [i(8)], '010'],
  ['%O', [i(8)], '0o10'],
  ['%b', [i(5)], '101'],
  ['%#b', [i(5)], '0b101'],
  ['%o', [i(-8)], '-10'],
  ['%x', [i(-1, 'int8')], '-1'],
  ['%x', [i(255, 'uint8')], 'ff'],
  ['%#v', [i(255, 'uint8')], '0xff'],
  ['%#v', [i(-3)], '-3'],
  ['%d', [i(18446744073709551615n, 'uint64')], '18446744073709551615'],
  ['%c', [i(0x263a)], '☺'],
  ['%c', [i(-1)], '\ufffd'],
  ['%q', [i(65)], "'A'"],
  ['%q', [i(0x263a)], "'☺'"],
  ['%+q', [i(0x263a)], "'\\u263a'"],
  ['%q', [i(10)], "'\\n'"],
  ['%U', [i(0x263a)], 'U+263A'],
  ['%#U', [i(0x263a)], "U+263A '☺'"],
  ['%U', [i(1)], 'U+0001'],
  ['%.6U', [i(0x263a)], 'U+00263A'],
  // widths and precision on integers
  ['%5d', [i(42)], '   42'],
  ['%-5d|', [i(42)], '42   |'],
  ['%05d', [i(42)], '00042'],
  ['%05d', [i(-42)], '-0042'],
  ['%+05d', [i(42)], '+0042'],
  ['%-05d|', [i(42)], '42   |'],
  ['%.3d', [i(7)], '007'],
  ['%6.3d', [i(7)], '   007'],
  ['%.0d', [i(0)], ''],
  ['%5.0d|', [i(0)], '     |'],
  ['%#08x', [i(255)], '0x000000ff'],
  ['%*d', [i(5), i(42)], '   42'],
  ['%-*d|', [i(5), i(42)], '42   |'],
  ['%*d|', [i(-5), i(42)], '42   |'],
  ['%.*d', [i(3), i(7)], '007'],
  ['%*d', ['x', i(42)], '%!(BADWIDTH)42'],
  ['%.*d', ['x', i(42)], '%!(BADPREC)42'],
  ['%*d', [i(10000000), i(42)], '%!(BADWIDTH)42'],
  // strings
  ['%s', ['hello'], 'hello'],
  ['%v', ['hello'], 'hello'],
  ['%#v', ['hello'], '"hello"'],
  ['%.2s', ['hello'], 'he'],
  ['%.1s', ['☺x'], '☺'],
  ['%5s|', ['☺'], '    ☺|'],
  ['%-5s|', ['ab'], 'ab   |'],
  ['%05s', ['ab'], '000ab'],
  ['%q', ['abc'], '"abc"'],
  ['%q', ['a\u0001"b☺\\'], '"a\\x01\\"b☺\\\\"'],
  ['%q', ['\u00a0\u2028'], '"\\u00a0\\u2028"'],
  ['%q', ['\u{1F600}'], '"\u{1F600}"'],
  ['%+q', ['☺'], '"\\u263a"'],
  ['%+q', ['\u{10FFFF}'], '"\\U0010ffff"'],
  ['%#q', ['abc'], '`abc`'],
  ['%#q', ['a`b'], '"a`b"'],
  ['%#q', ['a\nb'], '"a\\nb"'],
  ['%.3q', ['abcdef'], '"abc"'],
  ['%x', ['hi'], '6869'],
  ['%X', ['hi'], '6869'],
  ['%X', ['\xff'], 'C3BF'],
  ['% x', ['hi'], '68 69'],
  ['%#x', ['hi'], '0x6869'],
  ['%# x', ['hi'], '0x68 0x69'],
  ['%.1x', ['hi'], '68'],
  ['%6x|', ['hi'], '  6869|'],
  ['%x', [''], ''],
  ['%5x|', [''], '     |'],
  // booleans
  ['%t', [true], 'true'],
  ['%v', [false], 'false'],
  ['%6t|', [true], '  true|'],
  // floats
  ['%v', [1.0], '1'],
  ['%v', [1e6], '1e+06'],
  ['%v', [1e-5], '1e-05'],
  ['%v', [0.0001], '0.0001'],
  ['%v', [123456.0], '123456'],
  ['%v', [1234567.0], '1.234567e+06'],
  ['%v', [1.5], '1.5'],
  ['%v', [-0.0], '-0'],
  ['%v', [0.1 + 0.2], '0.30000000000000004'],
  ['%v', [1e21], '1e+21'],
  ['%v', [5e-324], '5e-324'],
  ['%v', [1.7976931348623157e308], '1.7976931348623157e+308'],
  ['%f', [1.0], '1.000000'],
  ['%F', [1.0], '1.000000'],
  ['%.2f', [3.14159], '3.14'],
  ['%.0f', [2.5], '2'],
  ['%.0f', [3.5], '4'],
  ['%.0f', [0.5], '0'],
  ['%.1f', [0.25], '0.2'],
  ['%.1f', [0.35], '0.3'],
  ['%.2f', [1.005], '1.00'],
  ['%.1f', [0.06], '0.1'],
  ['%.1f', [0.006], '0.0'],
  ['%8.3f|', [3.14159], '   3.142|'],
  ['%-8.3f|', [3.14159], '3.142   |'],
  ['%08.3f', [-3.14159], '-003.142'],
  ['%+.3f', [3.14159], '+3.142'],
  ['% .3f', [3.14159], ' 3.142'],
  ['%e', [1234.5678], '1.234568e+03'],
  ['%E', [1234.5678], '1.234568E+03'],
  ['%.2e', [0.0], '0.00e+00'],
  ['%e', [1e100], '1.000000e+100'],
  ['%g', [1234.5678], '1234.5678'],
  ['%g', [0.00001234], '1.234e-05'],
  ['%G', [1e-10], '1E-10'],
  ['%.3g', [1234.5678], '1.23e+03'],
  ['%.3g', [1.0], '1'],
  ['%#.3g', [1.0], '1.00'],
  ['%#g', [1.0], '1.00000'],
  ['%#.0f', [1.0], '1.'],
  ['%#.0e', [1.0], '1.e+00'],
  ['%.4g', [100000.0], '1e+05'],
  ['%x', [1.0], '0x1p+00'],
  ['%X', [-10.0], '-0X1.4P+03'],
  ['%.1x', [1.5], '0x1.8p+00'],
  ['%b', [1.0], '4503599627370496p-52'],
  ['%f', [Infinity], '+Inf'],
  ['%v', [-Infinity], '-Inf'],
  ['%v', [NaN], 'NaN'],
  ['%+v', [NaN], 'NaN'],
  ['%+f', [NaN], '+NaN'],
  ['% f', [NaN], ' NaN'],
  ['%06f', [Infinity], '  +Inf'],
  ['%06.1f', [-Infinity], '  -Inf'],
  ['%010.2f', [-1.5], '-000001.50'],
  // nil
  ['%v', [null], '<nil>'],
  ['%s', [null], '%!s(<nil>)'],
  ['%d', [null], '%!d(<nil>)'],
  ['%T', [null], '<nil>'],
  // type
  ['%T', [1.5], 'float64'],
  ['%T', [i(1, 'int64')], 'int64'],
  ['%T', ['x'], 'string'],
  ['%T', [[1]], '[]interface {}'],
  ['%T', [{}], 'map[string]interface {}'],
  ['%T', [new Uint8Array(1)], '[]uint8'],
  ['%10T|', [true], '      bool|'],
  // errors
  ['%d', ['hi'], '%!d(string=hi)'],
  ['%s', [i(5)], '%!s(int=5)'],
  ['%t', [i(1)], '%!t(int=1)'],
  ['%5t', [i(1)], '%!t(int=    1)'],
  ['%z', [1.5], '%!z(float64=1.5)'],
  ['%d', [1.5], '%!d(float64=1.5)'],
  ['%s', [true], '%!s(bool=true)'],
  ['%s', [], '%!s(MISSING)'],
  ['%d %d', [i(1)], '1 %!d(MISSING)'],
  ['%d', [i(1), 'x'], '1%!(EXTRA string=x)'],
  ['%d', [i(1), 'x', null, 2.5], '1%!(EXTRA string=x, <nil>, float64=2.5)'],
  ['x', [i(1)], 'x%!(EXTRA int=1)'],
  ['%', [], '%!(NOVERB)'],
  ['abc%', [], 'abc%!(NOVERB)'],
  ['%-', [], '%!(NOVERB)'],
  ['%%', [], '%'],
  ['%5%', [], '%'],
  ['%!', [i(1)], '%!!(int=1)'],
  ['%☺', [i(1)], '%!☺(int=1)'],
  // argument indexes
  ['%[2]d %[1]d', [i(1), i(2)], '2 1'],
  ['%[1]d %[1]x', [i(255)], '255 ff'],
  ['%[2]d %d', [i(1), i(2), i(3)], '2 3'],
  ['%[3]d', [i(1)], '%!d(BADINDEX)'],
  ['%[0]d', [i(1)], '%!d(BADINDEX)'],
  ['%[x]d', [i(1)], '%!d(BADINDEX)'],
  ['%[1]*d', [i(3), i(1)], '  1'],
  ['%[2]*[1]d', [i(12), i(5)], '   12'],
  ['%[1]d', [i(1), i(2)], '1'],
  ['%.[2]d', [i(7)], '%!d(BADINDEX)'],
  ['%.[2]d', [i(1), i(2)], '2'],
  // composite values
  ['%v', [['a', i(1), null, 1.5]], '[a 1 <nil> 1.5]'],
  ['%d', [[i(1), i(2)]], '[1 2]'],
  ['%x', [[i(10), i(11)]], '[a b]'],
  ['%s', [['a', 'b']], '[a b]'],
  ['%q', [['a', 'b']], '["a" "b"]'],
  ['%d', [[null]], '[<nil>]'],
  ['%s', [[i(1)]], '[%!s(int=1)]'],
  ['%#v', [['a', i(1)]], '[]interface {}{"a", 1}'],
  ['%#v', [sliceOf(['a'], '[]string')], '[]string{"a"}'],
  ['%#v', [[null]], '[]interface {}{interface {}(nil)}'],
  ['%v', [[]], '[]'],
  ['%v', [[[i(1)], []]], '[[1] []]'],
  ['%v', [{ b: i(2), a: i(1) }], 'map[a:1 b:2]'],
  ['%v', [{}], 'map[]'],
  ['%v', [{ B: 1, a: 2, _: 3 }], 'map[B:1 _:3 a:2]'],
  ['%v', [{ é: 1, z: 2 }], 'map[z:2 é:1]'],
  ['%d', [{ a: i(1) }], 'map[%!d(string=a):1]'],
  ['%#v', [{ a: i(1), b: 'x' }], 'map[string]interface {}{"a":1, "b":"x"}'],
  ['%#v', [namedMap({ a: null }, 'chartutil.Values')], 'chartutil.Values{"a":interface {}(nil)}'],
  ['%v', [{ m: { x: [i(1)] } }], 'map[m:map[x:[1]]]'],
  ['%v', [new Uint8Array([104, 105])], '[104 105]'],
  ['%d', [new Uint8Array([104, 105])], '[104 105]'],
  ['%s', [new Uint8Array([104, 105])], 'hi'],
  ['%q', [new Uint8Array([104, 105])], '"hi"'],
  ['%x', [new Uint8Array([104, 255])], '68ff'],
  ['%X', [new Uint8Array([104, 255])], '68FF'],
  ['%o', [new Uint8Array([8, 9])], '[10 11]'],
  ['%#v', [new Uint8Array([1, 2])], '[]byte{0x1, 0x2}'],
  ['%v', [[new Uint8Array([1])]], '[[1]]'],
  ['%s', [[new Uint8Array([104])]], '[h]'],
  // structs
  ['%v', [new Pt(i(1), 'a')], '{1 a}'],
  ['%+v', [new Pt(i(1), 'a')], '{X:1 Y:a}'],
  ['%#v', [new Pt(i(1), 'a')], 'main.Pt{X:1, Y:"a"}'],
  ['%d', [new Pt(i(1), i(2))], '{1 2}'],
  ['%v', [new PPt('x')], '&{x}'],
  ['%+v', [new PPt('x')], '&{Name:x}'],
  ['%#v', [new PPt('x')], '&main.PPt{Name:"x"}'],
  ['%v', [new Pt(null, [i(1)])], '{<nil> [1]}'],
  ['%T', [new PPt('x')], '*main.PPt'],
  // Stringer / error
  ['%v', [new Named('a')], 'named:a'],
  ['%s', [new Named('a')], 'named:a'],
  ['%q', [new Named('a')], '"named:a"'],
  ['%x', [new Named('a')], '6e616d65643a61'],
  ['%10v|', [new Named('a')], '   named:a|'],
  ['%d', [new Named('a')], '{%!d(string=a)}'],
  ['%#v', [new Named('a')], 'main.Named{N:"a"}'],
  ['%v', [[new Named('a'), new Named('b')]], '[named:a named:b]'],
  ['%v', [{ k: new Named('a') }], 'map[k:named:a]'],
  ['%v', [new Pt(new Named('a'), i(1))], '{named:a 1}'],
  ['%v', [new Err()], 'an error'],
  ['%s', [new Err()], 'an error'],
  ['%v', [new Boom()], '%!v(PANIC=String method: boom)'],
  ['%s', [i(3), new Named('q')], '%!s(int=3)%!(EXTRA main.Named=named:q)'],
  // durations
  ['%v', [new GoDuration(3600000000000n)], '1h0m0s'],
  ['%s', [new GoDuration(1500000000n)], '1.5s'],
  ['%v', [new GoDuration(0n)], '0s'],
  ['%v', [new GoDuration(-90000000000n)], '-1m30s'],
  ['%v', [new GoDuration(1500n)], '1.5µs'],
  ['%v', [new GoDuration(2500000n)], '2.5ms'],
  ['%v', [new GoDuration(999n)], '999ns'],
  ['%v', [new GoDuration(3723004005006n)], '1h2m3.004005006s'],
  ['%d', [new GoDuration(5n)], '5'],
  ['%T', [new GoDuration(5n)], 'time.Duration'],
];

describe('sprintf', () => {
  it.each(printfCases.map(([f, a, w], n) => ({ n, f, a, w })))('#$n $f', ({ f, a, w }) => {
    expect(sprintf(f, ...a)).toBe(w);
  });
});

describe('pointers (stable fake addresses)', () => {
  it('prints func values as the same stable address each time, distinct per value', () => {
    const f1 = new GoFuncValue({ args: [], ret: 'string', fn: () => 'x' });
    const f2 = new GoFuncValue({ args: [], ret: 'string', fn: () => 'y' });
    const a = formatValue(f1);
    expect(a).toMatch(/^0xc[0-9a-f]{9}$/);
    expect(formatValue(f1)).toBe(a);
    expect(formatValue(f2)).not.toBe(a);
    expect(sprintf('%p', f1)).toBe(a);
    expect(sprintf('%p', i(1))).toBe('%!p(int=1)');
  });
  it('prints a nested pointer-to-struct as an address and a top-level one as &{}', () => {
    const p = new PPt('n');
    expect(formatValue(p)).toBe('&{n}');
    expect(formatValue([p])).toMatch(/^\[0xc[0-9a-f]{9}\]$/);
  });
});

describe('sprint / sprintln / formatValue', () => {
  it('adds spaces between operands when neither is a string', () => {
    expect(sprint('a', i(1), i(2), 'b', 'c', 1.5)).toBe('a1 2bc1.5');
    expect(sprint(i(1), 'x', i(2))).toBe('1x2');
    expect(sprint(null, null)).toBe('<nil> <nil>');
    expect(sprint(true, false)).toBe('true false');
    expect(sprint()).toBe('');
    expect(sprint('%d', i(1))).toBe('%d1');
  });
  it('always adds spaces and a newline in sprintln', () => {
    expect(sprintln('a', 'b', i(1))).toBe('a b 1\n');
    expect(sprintln()).toBe('\n');
  });
  it('formats single values', () => {
    expect(formatValue(null)).toBe('<nil>');
    expect(formatValue('s')).toBe('s');
    expect(formatValue(3.0)).toBe('3');
    expect(formatValue(i(-7, 'int64'))).toBe('-7');
    expect(formatValue({ a: [1, 'x'], b: true })).toBe('map[a:[1 x] b:true]');
    expect(formatValue(new GoDuration(60000000000n))).toBe('1m0s');
  });
});

describe('formatFloat (strconv.FormatFloat)', () => {
  const cases: [number, string, number, number, string][] = [
    [1.5, 'e', -1, 64, '1.5e+00'],
    [1.5, 'E', 3, 64, '1.500E+00'],
    [123456789, 'g', -1, 64, '1.23456789e+08'],
    [123456, 'g', -1, 64, '123456'],
    [0.000012, 'g', -1, 64, '1.2e-05'],
    [0.0001, 'g', -1, 64, '0.0001'],
    [100, 'g', 2, 64, '1e+02'],
    [123.456, 'g', 2, 64, '1.2e+02'],
    [123.456, 'g', 5, 64, '123.46'],
    [123.456, 'g', 0, 64, '1e+02'],
    [0.1, 'f', 20, 64, '0.10000000000000000555'],
    [1e21, 'f', -1, 64, '1000000000000000000000'],
    [1e21, 'f', 0, 64, '1000000000000000000000'],
    [1.25e-7, 'f', -1, 64, '0.000000125'],
    [-2.5, 'f', 0, 64, '-2'],
    [9.5, 'f', 0, 64, '10'],
    [0.95, 'f', 1, 64, '0.9'],
    [999.9999, 'e', 2, 64, '1.00e+03'],
    [0.1, 'b', -1, 64, '7205759403792794p-56'],
    [1, 'x', -1, 64, '0x1p+00'],
    [3, 'x', 2, 64, '0x1.80p+01'],
    [0, 'x', -1, 64, '0x0p+00'],
    [0.1, 'g', -1, 32, '0.1'],
    [1 / 3, 'g', -1, 32, '0.33333334'],
    [16777217, 'f', -1, 32, '16777216'],
    [NaN, 'g', -1, 64, 'NaN'],
    [Infinity, 'f', 2, 64, '+Inf'],
    [-Infinity, 'e', -1, 64, '-Inf'],
    [-0, 'g', -1, 64, '-0'],
    [0, 'e', 2, 64, '0.00e+00'],
    [5e-324, 'e', 3, 64, '4.941e-324'],
  ];
  it.each(cases)('%s %s %s %s', (f, fmt, prec, bits, want) => {
    expect(formatFloat(f, fmt, prec, bits)).toBe(want);
  });
});

describe('strconv quoting', () => {
  it('quotes like strconv.Quote', () => {
    expect(quote('hello')).toBe('"hello"');
    expect(quote('a\tb\nc\x07\x08\f\r\v')).toBe('"a\\tb\\nc\\a\\b\\f\\r\\v"');
    expect(quote('\x00\x7f')).toBe('"\\x00\\x7f"');
    expect(quote('\u0085\u00ad')).toBe('"\\u0085\\u00ad"');
    expect(quote('日本語')).toBe('"日本語"');
    expect(quote('\u{E0001}')).toBe('"\\U000e0001"');
    expect(quote('\ud800')).toBe('"\\xed\\xa0\\x80"');
  });
  it('quotes runes', () => {
    expect(quoteRune(0x263a)).toBe("'☺'");
    expect(quoteRune(39)).toBe("'\\''");
    expect(quoteRune(34)).toBe("'\"'");
    expect(quoteRune(0x110000)).toBe("'�'");
  });
});

describe('text/template escapers', () => {
  it('html', () => {
    expect(htmlEscapeString(`<a href="x">'&'</a>\0`)).toBe('&lt;a href=&#34;x&#34;&gt;&#39;&amp;&#39;&lt;/a&gt;\uFFFD');
    expect(htmlEscapeString('plain')).toBe('plain');
  });
  it('js', () => {
    expect(jsEscapeString(`a'b"c\\d<e>f&g=h`)).toBe(`a\\'b\\"c\\\\d\\u003Ce\\u003Ef\\u0026g\\u003Dh`);
    expect(jsEscapeString('\n\t\x7f')).toBe('\\u000A\\u0009\x7f');
    expect(jsEscapeString('☺\u2028')).toBe('☺\\u2028');
  });
  it('urlquery', () => {
    expect(urlQueryEscape('a b&c=d/é~._-')).toBe('a+b%26c%3Dd%2F%C3%A9~._-');
  });
  it('evalArgs', () => {
    expect(evalArgsString(['x'])).toBe('x');
    expect(evalArgsString([i(1), i(2)])).toBe('1 2');
    expect(evalArgsString([null])).toBe('<no value>');
    expect(evalArgsString(['a', null])).toBe('a<no value>');
    expect(evalArgsString([])).toBe('');
  });
});
