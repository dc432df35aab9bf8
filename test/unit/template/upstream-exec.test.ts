// Test vectors ported from Go's text/template exec_test.go (execTests, cmpTests, TestInterfaceValues,
// TestMissingMapKey, TestExecError, TestJSEscaping, TestTree, TestBlock, TestMessageForExecuteEmpty,
// TestExecutePanicDuringCall), restricted to what applies to Go 1.21 and to Helm's value model (maps with string
// keys, slices, ints of every kind, float64, strings, bools, nil; no methods on structs, pointers, channels,
// complex numbers, func-valued fields or range over ints/iterators, which came later than Go 1.21).
// Expected strings are upstream's.
import { describe, it, expect } from 'vitest';
import { Template } from '../../../src/template/index.js';
import { GoInt, GoStruct, def, namedMap, sliceOf, type FuncMap } from '../../../src/template/types.js';

const I = (n: number, kind: any = 'int') => new GoInt(BigInt(n), kind);
const ints = (...n: number[]) => sliceOf(n.map((x) => I(x)), '[]int');

class U extends GoStruct {
  readonly goType = '*template.U';
  constructor(public V: string) {
    super();
  }
}

class T extends GoStruct {
  readonly goType = '*template.T';
  True = true;
  I = I(17);
  U16 = I(16, 'uint16');
  X = 'x';
  S = 'xyz';
  FloatZero = 0;
  U = new U('v');
  SI = ints(3, 4, 5);
  SIEmpty = ints();
  SB = sliceOf([true, false], '[]bool');
  AI = sliceOf([I(3), I(4), I(5)], '[3]int');
  MSI = namedMap({ one: I(1), two: I(2), three: I(3) }, 'map[string]int');
  MSIone = namedMap({ one: I(1) }, 'map[string]int');
  MSIEmpty = namedMap({}, 'map[string]int');
  SMSI = sliceOf([namedMap({ one: I(1), two: I(2) }, 'map[string]int'), namedMap({ eleven: I(11), twelve: I(12) }, 'map[string]int')], '[]map[string]int');
  Empty0 = null;
  Empty1 = I(3);
  Empty2 = 'empty2';
  Empty3 = ints(7, 8);
  Empty4 = new U('UinEmpty');
}
const tVal = new T();

const funcs: FuncMap = {
  add: def(['int'], 'int', (...a: GoInt[]) => I(a.reduce((s, x) => s + Number(x.value), 0)), { variadic: true }),
  dddArg: def(['int', 'string'], 'string', (a: GoInt, ...b: string[]) => `${a} [${b.join(' ')}]\n`, { variadic: true }),
  die: def([], 'bool', () => {
    throw new Error('die');
  }),
  echo: def(['interface {}'], 'interface {}', (x: unknown) => x),
  makemap: def(['string'], 'map[string]string', (...a: string[]) => {
    const m: Record<string, string> = {};
    for (let i = 0; i < a.length; i += 2) m[a[i]] = a[i + 1];
    return namedMap(m, 'map[string]string');
  }, { variadic: true }),
  mapOfThree: def([], 'interface {}', () => namedMap({ three: I(3) }, 'map[string]int')),
  oneArg: def(['string'], 'string', (a: string) => 'oneArg=' + a),
  returnInt: def([], 'int', () => I(7)),
  twoArgs: def(['string', 'string'], 'string', (a: string, b: string) => 'twoArgs=' + a + b),
  typeOf: def(['interface {}'], 'string', (x: unknown) => {
    if (x instanceof GoInt) return x.kind;
    return typeof x === 'number' ? 'float64' : typeof x;
  }),
  valueString: def(['string'], 'string', () => 'value is ignored'),
  zeroArgs: def([], 'string', () => 'zeroArgs'),
};

function run(input: string, data: unknown): string {
  const t = new Template('t').funcs(funcs);
  t.parse(input);
  return t.execute(data);
}

// [name, input, output, data, ok]
type V = [string, string, string, unknown, boolean];
const execTests: V[] = [
  ['empty', '', '', null, true],
  ['text', 'some text', 'some text', null, true],
  ['nil action', '{{nil}}', '', null, false],
  ['ideal int', '{{typeOf 3}}', 'int', I(0), true],
  ['ideal float', '{{typeOf 1.0}}', 'float64', I(0), true],
  ['ideal exp float', '{{typeOf 1e1}}', 'float64', I(0), true],
  ['ideal int big', '{{typeOf 0x7fffffffffffffff}}', 'int', I(0), true],
  ['ideal too big', '{{typeOf 0x8000000000000000}}', '', I(0), false],
  ['ideal nil without type', '{{nil}}', '', I(0), false],
  ['.X', '-{{.X}}-', '-x-', tVal, true],
  ['.U.V', '-{{.U.V}}-', '-v-', tVal, true],
  ['.unexported', '{{.unexported}}', '', tVal, false],
  ['map .one', '{{.MSI.one}}', '1', tVal, true],
  ['map .two', '{{.MSI.two}}', '2', tVal, true],
  ['map .NO', '{{.MSI.NO}}', '<no value>', tVal, true],
  ['map .WRONG args', '{{.MSI.one 1}}', '', tVal, false],
  ['dot int', '<{{.}}>', '<13>', I(13), true],
  ['dot uint', '<{{.}}>', '<14>', I(14, 'uint'), true],
  ['dot float', '<{{.}}>', '<15.1>', 15.1, true],
  ['dot bool', '<{{.}}>', '<true>', true, true],
  ['dot string', '<{{.}}>', '<hello>', 'hello', true],
  ['dot slice', '<{{.}}>', '<[-1 -2 -3]>', ints(-1, -2, -3), true],
  ['dot map', '<{{.}}>', '<map[two:22]>', namedMap({ two: I(22) }, 'map[string]int'), true],
  ['$ int', '{{$}}', '123', I(123), true],
  ['$.I', '{{$.I}}', '17', tVal, true],
  ['$.U.V', '{{$.U.V}}', 'v', tVal, true],
  ['declare in action', '{{$x := $.U.V}}{{$x}}', 'v', tVal, true],
  ['simple assignment', '{{$x := 2}}{{$x = 3}}{{$x}}', '3', tVal, true],
  ['nested assignment', '{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{$x}}', '3', tVal, true],
  ['nested assignment changes the last declaration', '{{$x := 1}}{{if true}}{{$x := 2}}{{if true}}{{$x = 3}}{{end}}{{end}}{{$x}}', '1', tVal, true],
  ['empty nil', '{{.Empty0}}', '<no value>', tVal, true],
  ['empty with int', '{{.Empty1}}', '3', tVal, true],
  ['empty with string', '{{.Empty2}}', 'empty2', tVal, true],
  ['empty with slice', '{{.Empty3}}', '[7 8]', tVal, true],
  ['empty with struct', '{{.Empty4}}', '{UinEmpty}', tVal, true],
  ['empty with struct, field', '{{.Empty4.V}}', 'UinEmpty', tVal, true],
  ['field on interface', '{{.foo}}', '<no value>', null, true],
  ['field on parenthesized interface', '{{(.).foo}}', '<no value>', null, true],
  ['unparenthesized non-function', '{{1 2}}', '', null, false],
  ['parenthesized non-function', '{{(1) 2}}', '', null, false],
  ['parenthesized non-function with no args', '{{(1)}}', '1', null, true],
  ['parens in pipeline', '{{printf `%d %d %d` (1) (2 | add 3) (add 4 (add 5 6))}}', '1 5 15', tVal, true],
  ['parens: $ in paren', '{{($).X}}', 'x', tVal, true],
  ['parens: $ in paren in pipe', '{{($ | echo).X}}', 'x', tVal, true],
  ['parens: spaces and args', '{{(makemap "up" "down" "left" "right").left}}', 'right', tVal, true],
  ['if true', '{{if true}}TRUE{{end}}', 'TRUE', tVal, true],
  ['if false', '{{if false}}TRUE{{else}}FALSE{{end}}', 'FALSE', tVal, true],
  ['if nil', '{{if nil}}TRUE{{end}}', '', tVal, false],
  ['if 1', '{{if 1}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO', tVal, true],
  ['if 0', '{{if 0}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO', tVal, true],
  ['if 1.5', '{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO', tVal, true],
  ['if 0.0', '{{if .FloatZero}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO', tVal, true],
  ['if emptystring', '{{if ``}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['if string', '{{if `notempty`}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY', tVal, true],
  ['if emptyslice', '{{if .SIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['if slice', '{{if .SI}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY', tVal, true],
  ['if emptymap', '{{if .MSIEmpty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['if map', '{{if .MSI}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY', tVal, true],
  ['if map unset', '{{if .MSI.none}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO', tVal, true],
  ['if map not unset', '{{if not .MSI.none}}ZERO{{else}}NON-ZERO{{end}}', 'ZERO', tVal, true],
  ['if $x with $y int', '{{if $x := true}}{{with $y := .I}}{{$x}},{{$y}}{{end}}{{end}}', 'true,17', tVal, true],
  ['if $x with $x int', '{{if $x := true}}{{with $x := .I}}{{$x}},{{end}}{{$x}}{{end}}', '17,true', tVal, true],
  ['if else if', '{{if false}}FALSE{{else if true}}TRUE{{end}}', 'TRUE', tVal, true],
  ['if else chain', '{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}', '3', tVal, true],
  ['print', '{{print "hello, print"}}', 'hello, print', tVal, true],
  ['print 123', '{{print 1 2 3}}', '1 2 3', tVal, true],
  ['print nil', '{{print nil}}', '<nil>', tVal, true],
  ['println', '{{println 1 2 3}}', '1 2 3\n', tVal, true],
  ['printf int', '{{printf "%04x" 127}}', '007f', tVal, true],
  ['printf float', '{{printf "%g" 3.5}}', '3.5', tVal, true],
  ['printf string', '{{printf "%s" "hello"}}', 'hello', tVal, true],
  ['printf function', '{{printf "%#q" zeroArgs}}', '`zeroArgs`', tVal, true],
  ['printf field', '{{printf "%s" .U.V}}', 'v', tVal, true],
  ['printf dot', '{{with .I}}{{printf "%d" .}}{{end}}', '17', tVal, true],
  ['printf var', '{{with $x := .I}}{{printf "%d" $x}}{{end}}', '17', tVal, true],
  ['html', '{{html "<script>alert(\\"XSS\\");</script>"}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;', null, true],
  ['html pipeline', '{{printf "<script>alert(\\"XSS\\");</script>" | html}}', '&lt;script&gt;alert(&#34;XSS&#34;);&lt;/script&gt;', null, true],
  ['html untyped nil', '{{html .Empty0}}', '&lt;no value&gt;', tVal, true],
  ['js', '{{js .}}', "It\\'d be nice.", "It'd be nice.", true],
  ['urlquery', '{{"http://www.example.org/"|urlquery}}', 'http%3A%2F%2Fwww.example.org%2F', null, true],
  ['not', '{{not true}} {{not false}}', 'false true', null, true],
  ['and', '{{and false 0}} {{and 1 0}} {{and 0 true}} {{and 1 1}}', 'false 0 0 1', null, true],
  ['or', '{{or 0 0}} {{or 1 0}} {{or 0 true}} {{or 1 1}}', '0 1 true 1', null, true],
  ['or short-circuit', '{{or 0 1 (die)}}', '1', null, true],
  ['and short-circuit', '{{and 1 0 (die)}}', '0', null, true],
  ['or short-circuit2', '{{or 0 0 (die)}}', '', null, false],
  ['and short-circuit2', '{{and 1 1 (die)}}', '', null, false],
  ['and pipe-true', '{{1 | and 1}}', '1', null, true],
  ['and pipe-false', '{{0 | and 1}}', '0', null, true],
  ['or pipe-true', '{{1 | or 0}}', '1', null, true],
  ['or pipe-false', '{{0 | or 0}}', '0', null, true],
  ['and undef', '{{and 1 .Unknown}}', '<no value>', null, true],
  ['or undef', '{{or 0 .Unknown}}', '<no value>', null, true],
  ['boolean if', '{{if and true 1 `hi`}}TRUE{{else}}FALSE{{end}}', 'TRUE', tVal, true],
  ['boolean if not', '{{if and true 1 `hi` | not}}TRUE{{else}}FALSE{{end}}', 'FALSE', null, true],
  ['boolean if pipe', '{{if true | not | and 1}}TRUE{{else}}FALSE{{end}}', 'FALSE', null, true],
  ['slice[0]', '{{index .SI 0}}', '3', tVal, true],
  ['slice[1]', '{{index .SI 1}}', '4', tVal, true],
  ['slice[HUGE]', '{{index .SI 10}}', '', tVal, false],
  ['slice[WRONG]', '{{index .SI `hello`}}', '', tVal, false],
  ['slice[nil]', '{{index .SI nil}}', '', tVal, false],
  ['map[one]', '{{index .MSI `one`}}', '1', tVal, true],
  ['map[two]', '{{index .MSI `two`}}', '2', tVal, true],
  ['map[NO]', '{{index .MSI `XXX`}}', '0', tVal, true],
  ['map[nil]', '{{index .MSI nil}}', '', tVal, false],
  ['map[``]', '{{index .MSI ``}}', '0', tVal, true],
  ['map[WRONG]', '{{index .MSI 10}}', '', tVal, false],
  ['double index', '{{index .SMSI 1 `eleven`}}', '11', tVal, true],
  ['nil[1]', '{{index nil 1}}', '', tVal, false],
  ['index of an interface field', '{{index .Empty3 0}}', '7', tVal, true],
  ['slice[:]', '{{slice .SI}}', '[3 4 5]', tVal, true],
  ['slice[1:]', '{{slice .SI 1}}', '[4 5]', tVal, true],
  ['slice[1:2]', '{{slice .SI 1 2}}', '[4]', tVal, true],
  ['slice[-1:]', '{{slice .SI -1}}', '', tVal, false],
  ['slice[1:-2]', '{{slice .SI 1 -2}}', '', tVal, false],
  ['slice[1:2:-1]', '{{slice .SI 1 2 -1}}', '', tVal, false],
  ['slice[2:1]', '{{slice .SI 2 1}}', '', tVal, false],
  ['slice[2:2:1]', '{{slice .SI 2 2 1}}', '', tVal, false],
  ['out of range', '{{slice .SI 4 5}}', '', tVal, false],
  ['out of range 3', '{{slice .SI 2 2 5}}', '', tVal, false],
  ['array[:]', '{{slice .AI}}', '[3 4 5]', tVal, true],
  ['array[1:]', '{{slice .AI 1}}', '[4 5]', tVal, true],
  ['array[1:2]', '{{slice .AI 1 2}}', '[4]', tVal, true],
  ['string[:]', '{{slice .S}}', 'xyz', tVal, true],
  ['string[0:1]', '{{slice .S 0 1}}', 'x', tVal, true],
  ['string[1:]', '{{slice .S 1}}', 'yz', tVal, true],
  ['string[1:2]', '{{slice .S 1 2}}', 'y', tVal, true],
  ['out of range string', '{{slice .S 1 5}}', '', tVal, false],
  ['3-index slice of string', '{{slice .S 1 2 2}}', '', tVal, false],
  ['slice of an interface field', '{{slice .Empty3 0 1}}', '[7]', tVal, true],
  ['len slice', '{{len .SI}}', '3', tVal, true],
  ['len map', '{{len .MSI }}', '3', tVal, true],
  ['len of int', '{{len 3}}', '', tVal, false],
  ['len of nothing', '{{len .Empty0}}', '', tVal, false],
  ['len of an interface field', '{{len .Empty3}}', '2', tVal, true],
  ['with true', '{{with true}}{{.}}{{end}}', 'true', tVal, true],
  ['with false', '{{with false}}{{.}}{{else}}FALSE{{end}}', 'FALSE', tVal, true],
  ['with 1', '{{with 1}}{{.}}{{else}}ZERO{{end}}', '1', tVal, true],
  ['with 0', '{{with 0}}{{.}}{{else}}ZERO{{end}}', 'ZERO', tVal, true],
  ['with 1.5', '{{with 1.5}}{{.}}{{else}}ZERO{{end}}', '1.5', tVal, true],
  ['with 0.0', '{{with .FloatZero}}{{.}}{{else}}ZERO{{end}}', 'ZERO', tVal, true],
  ['with emptystring', '{{with ``}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['with string', '{{with `notempty`}}{{.}}{{else}}EMPTY{{end}}', 'notempty', tVal, true],
  ['with emptyslice', '{{with .SIEmpty}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['with slice', '{{with .SI}}{{.}}{{else}}EMPTY{{end}}', '[3 4 5]', tVal, true],
  ['with emptymap', '{{with .MSIEmpty}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['with map', '{{with .MSIone}}{{.}}{{else}}EMPTY{{end}}', 'map[one:1]', tVal, true],
  ['with empty interface, struct field', '{{with .Empty4}}{{.V}}{{end}}', 'UinEmpty', tVal, true],
  ['with $x int', '{{with $x := .I}}{{$x}}{{end}}', '17', tVal, true],
  ['with $x struct.U.V', '{{with $x := $}}{{$x.U.V}}{{end}}', 'v', tVal, true],
  ['with variable and action', '{{with $x := $}}{{$y := $.U.V}}{{$y}}{{end}}', 'v', tVal, true],
  ['range []int', '{{range .SI}}-{{.}}-{{end}}', '-3--4--5-', tVal, true],
  ['range empty no else', '{{range .SIEmpty}}-{{.}}-{{end}}', '', tVal, true],
  ['range []int else', '{{range .SI}}-{{.}}-{{else}}EMPTY{{end}}', '-3--4--5-', tVal, true],
  ['range empty else', '{{range .SIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['range []int break else', '{{range .SI}}-{{.}}-{{break}}NOTREACHED{{else}}EMPTY{{end}}', '-3-', tVal, true],
  ['range []int continue else', '{{range .SI}}-{{.}}-{{continue}}NOTREACHED{{else}}EMPTY{{end}}', '-3--4--5-', tVal, true],
  ['range []bool', '{{range .SB}}-{{.}}-{{end}}', '-true--false-', tVal, true],
  ['range map', '{{range .MSI}}-{{.}}-{{end}}', '-1--3--2-', tVal, true],
  ['range empty map no else', '{{range .MSIEmpty}}-{{.}}-{{end}}', '', tVal, true],
  ['range map else', '{{range .MSI}}-{{.}}-{{else}}EMPTY{{end}}', '-1--3--2-', tVal, true],
  ['range empty map else', '{{range .MSIEmpty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY', tVal, true],
  ['range empty interface', '{{range .Empty3}}-{{.}}-{{else}}EMPTY{{end}}', '-7--8-', tVal, true],
  ['range empty nil', '{{range .Empty0}}-{{.}}-{{end}}', '', tVal, true],
  ['range $x SI', '{{range $x := .SI}}<{{$x}}>{{end}}', '<3><4><5>', tVal, true],
  ['range $x $y SI', '{{range $x, $y := .SI}}<{{$x}}={{$y}}>{{end}}', '<0=3><1=4><2=5>', tVal, true],
  ['range $x MSIone', '{{range $x := .MSIone}}<{{$x}}>{{end}}', '<1>', tVal, true],
  ['range $x $y MSIone', '{{range $x, $y := .MSIone}}<{{$x}}={{$y}}>{{end}}', '<one=1>', tVal, true],
  ['declare in range', '{{range $x := .SI}}<{{$foo:=$x}}{{$x}}>{{end}}', '<3><4><5>', tVal, true],
  ['or as if true', '{{or .SI "slice is empty"}}', '[3 4 5]', tVal, true],
  ['or as if false', '{{or .SIEmpty "slice is empty"}}', 'slice is empty', tVal, true],
  ['decimal', '{{print 1234}}', '1234', tVal, true],
  ['decimal _', '{{print 12_34}}', '1234', tVal, true],
  ['binary', '{{print 0b101}}', '5', tVal, true],
  ['binary _', '{{print 0b_1_0_1}}', '5', tVal, true],
  ['BINARY', '{{print 0B101}}', '5', tVal, true],
  ['octal0', '{{print 0377}}', '255', tVal, true],
  ['octal', '{{print 0o377}}', '255', tVal, true],
  ['octal _', '{{print 0o_3_7_7}}', '255', tVal, true],
  ['OCTAL', '{{print 0O377}}', '255', tVal, true],
  ['hex', '{{print 0x123}}', '291', tVal, true],
  ['hex _', '{{print 0x1_23}}', '291', tVal, true],
  ['HEX', '{{print 0X123ABC}}', '1194684', tVal, true],
  ['float', '{{print 123.4}}', '123.4', tVal, true],
  ['float _', '{{print 0_0_1_2_3.4}}', '123.4', tVal, true],
  ['hex float', '{{print +0x1.ep+2}}', '7.5', tVal, true],
  ['hex float _', '{{print +0x_1.e_0p+0_2}}', '7.5', tVal, true],
  ['HEX float', '{{print +0X1.EP+2}}', '7.5', tVal, true],
  ['print multi', '{{print 1_2_3_4 7.5_00_00_00}}', '1234 7.5', tVal, true],
  ['print multi2', '{{print 1234 0x0_1.e_0p+02}}', '1234 7.5', tVal, true],
  ['bug4', '{{if .Empty0}}non-nil{{else}}nil{{end}}', 'nil', tVal, true],
  ['bug7a', '{{3 2}}', '', tVal, false],
  ['bug7b', '{{$x := 1}}{{$x 2}}', '', tVal, false],
  ['bug7c', '{{$x := 1}}{{3 | $x}}', '', tVal, false],
  ['bug8a', '{{3|oneArg}}', '', tVal, false],
  ['bug8b', '{{4|dddArg 3}}', '', tVal, false],
  ['bug9', '{{.cause}}', 'neglect', namedMap({ cause: 'neglect' }, 'map[string]string'), true],
  ['bug10', '{{mapOfThree.three}}-{{(mapOfThree).three}}', '3-3', I(0), true],
  ['bug12xe', '{{printf `%T` 0xef}}', 'int', tVal, true],
  ['bug12xE', '{{printf `%T` 0xEE}}', 'int', tVal, true],
  ['bug12Xe', '{{printf `%T` 0Xef}}', 'int', tVal, true],
  ['bug12XE', '{{printf `%T` 0XEE}}', 'int', tVal, true],
  ['bug14a', '{{(nil).True}}', '', tVal, false],
  ['bug14b', '{{$x := nil}}{{$x.anything}}', '', tVal, false],
  ['bug14c', '{{$x := (1.0)}}{{$y := ("hello")}}{{$x.anything}}{{$y.true}}', '', tVal, false],
  ['bug15', '{{valueString returnInt}}', '', tVal, false],
  ['bug16a', '{{true|printf}}', '', tVal, false],
  ['bug16b', '{{1|printf}}', '', tVal, false],
  ['bug16c', '{{1.1|printf}}', '', tVal, false],
  ['bug16d', "{{'x'|printf}}", '', tVal, false],
  ['bug16f', '{{true|twoArgs "xxx"}}', '', tVal, false],
  ['bug16g', '{{"aaa" |twoArgs "bbb"}}', 'twoArgs=bbbaaa', tVal, true],
  ['bug16h', '{{1|oneArg}}', '', tVal, false],
  ['bug16i', '{{"aaa"|oneArg}}', 'oneArg=aaa', tVal, true],
  ['bug16k', '{{"aaa"|printf }}', 'aaa', tVal, true],
  ['bug18a', "{{eq . '.'}}", 'true', I(46, 'int32'), true],
  ['bug18b', "{{eq . 'e'}}", 'true', I(101, 'int32'), true],
  ['bug18c', "{{eq . 'P'}}", 'true', I(80, 'int32'), true],
  ['issue56490', '{{$i := 0}}{{$x := 0}}{{range $i = .AI}}{{end}}{{$i}}', '5', tVal, true],
  ['issue60801', '{{$k := 0}}{{$v := 0}}{{range $k, $v = .AI}}{{$k}}={{$v}} {{end}}', '0=3 1=4 2=5 ', tVal, true],
];

describe('exec_test.go execTests', () => {
  it.each(execTests)('%s', (_name, input, output, data, ok) => {
    if (ok) {
      expect(run(input, data)).toBe(output);
    } else {
      expect(() => run(input, data)).toThrow();
    }
  });
});

const cmpData = { Uthree: I(3, 'uint'), Ufour: I(4, 'uint'), NegOne: I(-1), Three: I(3) };
// [expr, truth, ok]
const cmpTests: [string, string, boolean][] = [
  ['eq true true', 'true', true],
  ['eq true false', 'false', true],
  ['eq 1.5 1.5', 'true', true],
  ['eq 1.5 2.5', 'false', true],
  ['eq 1 1', 'true', true],
  ['eq 1 2', 'false', true],
  ['eq `xy` `xy`', 'true', true],
  ['eq `xy` `xyz`', 'false', true],
  ['eq .Uthree .Uthree', 'true', true],
  ['eq .Uthree .Ufour', 'false', true],
  ['eq 3 4 5 6 3', 'true', true],
  ['eq 3 4 5 6 7', 'false', true],
  ['ne true true', 'false', true],
  ['ne true false', 'true', true],
  ['ne 1.5 1.5', 'false', true],
  ['ne 1.5 2.5', 'true', true],
  ['ne 1 1', 'false', true],
  ['ne 1 2', 'true', true],
  ['ne `xy` `xy`', 'false', true],
  ['ne `xy` `xyz`', 'true', true],
  ['ne .Uthree .Uthree', 'false', true],
  ['ne .Uthree .Ufour', 'true', true],
  ['lt 1.5 1.5', 'false', true],
  ['lt 1.5 2.5', 'true', true],
  ['lt 1 1', 'false', true],
  ['lt 1 2', 'true', true],
  ['lt `xy` `xy`', 'false', true],
  ['lt `xy` `xyz`', 'true', true],
  ['lt .Uthree .Uthree', 'false', true],
  ['lt .Uthree .Ufour', 'true', true],
  ['le 1.5 1.5', 'true', true],
  ['le 1.5 2.5', 'true', true],
  ['le 2.5 1.5', 'false', true],
  ['le 1 1', 'true', true],
  ['le 1 2', 'true', true],
  ['le 2 1', 'false', true],
  ['le `xy` `xy`', 'true', true],
  ['le `xy` `xyz`', 'true', true],
  ['le `xyz` `xy`', 'false', true],
  ['le .Uthree .Uthree', 'true', true],
  ['le .Uthree .Ufour', 'true', true],
  ['le .Ufour .Uthree', 'false', true],
  ['gt 1.5 1.5', 'false', true],
  ['gt 1.5 2.5', 'false', true],
  ['gt 1 1', 'false', true],
  ['gt 2 1', 'true', true],
  ['gt 1 2', 'false', true],
  ['gt `xy` `xy`', 'false', true],
  ['gt `xy` `xyz`', 'false', true],
  ['gt .Uthree .Uthree', 'false', true],
  ['gt .Uthree .Ufour', 'false', true],
  ['gt .Ufour .Uthree', 'true', true],
  ['ge 1.5 1.5', 'true', true],
  ['ge 1.5 2.5', 'false', true],
  ['ge 2.5 1.5', 'true', true],
  ['ge 1 1', 'true', true],
  ['ge 1 2', 'false', true],
  ['ge 2 1', 'true', true],
  ['ge `xy` `xy`', 'true', true],
  ['ge `xy` `xyz`', 'false', true],
  ['ge `xyz` `xy`', 'true', true],
  ['ge .Uthree .Uthree', 'true', true],
  ['ge .Uthree .Ufour', 'false', true],
  ['ge .Ufour .Uthree', 'true', true],
  ['eq .Uthree .Three', 'true', true],
  ['eq .Three .Uthree', 'true', true],
  ['le .Uthree .Three', 'true', true],
  ['le .Three .Uthree', 'true', true],
  ['ge .Uthree .Three', 'true', true],
  ['ge .Three .Uthree', 'true', true],
  ['lt .Uthree .Three', 'false', true],
  ['lt .Three .Uthree', 'false', true],
  ['gt .Uthree .Three', 'false', true],
  ['gt .Three .Uthree', 'false', true],
  ['eq .Ufour .Three', 'false', true],
  ['lt .Ufour .Three', 'false', true],
  ['gt .Ufour .Three', 'true', true],
  ['eq .NegOne .Uthree', 'false', true],
  ['eq .Uthree .NegOne', 'false', true],
  ['ne .NegOne .Uthree', 'true', true],
  ['ne .Uthree .NegOne', 'true', true],
  ['lt .NegOne .Uthree', 'true', true],
  ['lt .Uthree .NegOne', 'false', true],
  ['le .NegOne .Uthree', 'true', true],
  ['le .Uthree .NegOne', 'false', true],
  ['gt .NegOne .Uthree', 'false', true],
  ['gt .Uthree .NegOne', 'true', true],
  ['ge .NegOne .Uthree', 'false', true],
  ['ge .Uthree .NegOne', 'true', true],
  ["eq (index `x` 0) 'x'", 'true', true],
  ["eq (index `x` 0) 'y'", 'false', true],
  ['eq `xy` 1', '', false],
  ['eq 2 2.0', '', false],
  ['lt true true', '', false],
];

describe('exec_test.go cmpTests', () => {
  it.each(cmpTests)('%s', (expr, truth, ok) => {
    const text = `{{if ${expr}}}true{{else}}false{{end}}`;
    if (ok) expect(run(text, cmpData)).toBe(truth);
    else expect(() => run(text, cmpData)).toThrow();
  });
});

describe('exec_test.go TestInterfaceValues', () => {
  const data = { Slice: ints(0, 1, 2, 3), One: I(1), Two: I(2), Nil: null, Zero: I(0) };
  const cases: [string, string][] = [
    ['{{index .Nil 1}}', 'ERROR: index of untyped nil'],
    ['{{index .Slice 2}}', '2'],
    ['{{index .Slice .Two}}', '2'],
    ['{{call .Nil 1}}', 'ERROR: call of nil'],
    ['{{and (index .Slice 0) true}}', '0'],
    ['{{and .Zero true}}', '0'],
    ['{{and (index .Slice 1) false}}', 'false'],
    ['{{and .One false}}', 'false'],
    ['{{or (index .Slice 0) false}}', 'false'],
    ['{{or .Zero false}}', 'false'],
    ['{{or (index .Slice 1) true}}', '1'],
    ['{{or .One true}}', '1'],
    ['{{not (index .Slice 0)}}', 'true'],
    ['{{not .Zero}}', 'true'],
    ['{{not (index .Slice 1)}}', 'false'],
    ['{{not .One}}', 'false'],
    ['{{eq (index .Slice 0) .Zero}}', 'true'],
    ['{{eq (index .Slice 1) .One}}', 'true'],
    ['{{ne (index .Slice 0) .Zero}}', 'false'],
    ['{{ne (index .Slice 1) .One}}', 'false'],
    ['{{ge (index .Slice 0) .One}}', 'false'],
    ['{{ge (index .Slice 1) .Zero}}', 'true'],
    ['{{gt (index .Slice 0) .One}}', 'false'],
    ['{{gt (index .Slice 1) .Zero}}', 'true'],
    ['{{le (index .Slice 0) .One}}', 'true'],
    ['{{le (index .Slice 1) .Zero}}', 'false'],
    ['{{lt (index .Slice 0) .One}}', 'true'],
    ['{{lt (index .Slice 1) .Zero}}', 'false'],
  ];
  it.each(cases)('%s', (text, out) => {
    if (out.startsWith('ERROR:')) {
      expect(() => run(text, data)).toThrow(out.slice('ERROR:'.length).trim());
    } else {
      expect(run(text, data)).toBe(out);
    }
  });
});

describe('exec_test.go other tests', () => {
  it('TestMissingMapKey', () => {
    const data = namedMap({ x: I(99) }, 'map[string]int');
    const t = new Template('t1').parse('{{.x}} {{.y}}');
    expect(t.execute(data)).toBe('99 <no value>');
    t.option('missingkey=default');
    expect(t.execute(data)).toBe('99 <no value>');
    t.option('missingkey=zero');
    expect(t.execute(data)).toBe('99 0');
    t.option('missingkey=error');
    expect(() => t.execute(data)).toThrow();
    expect(() => t.execute(null)).toThrow();
  });
  it('TestUnterminatedStringError', () => {
    expect(() => new Template('X').parse('hello\n\n{{`unterminated\n\n\n\n}}\n some more\n\n')).toThrow('X:3: unterminated raw quoted string');
  });
  it('TestExecuteGivesExecError', () => {
    expect(() => new Template('X').parse('hello, {{.X.Y}}').execute(I(0))).toThrow('field X in type int');
  });
  it('TestExecError', () => {
    const text = 'line 1\nline 2\nline 3\n{{template "one" .}}\n{{define "one"}}{{template "two" .}}{{end}}\n{{define "two"}}{{template "three" .}}{{end}}\n{{define "three"}}{{index "hi" $}}{{end}}';
    const t = new Template('top').parse(text);
    expect(() => t.execute(I(5))).toThrow('template: top:7:20: executing "three" at <index "hi" $>: error calling index: index out of range: 5');
  });
  it('TestJSEscaping', () => {
    const cases: [string, string][] = [
      ['a', 'a'],
      ["'foo", "\\'foo"],
      ['Go "jump" \\', 'Go \\"jump\\" \\\\'],
      ['Yukihiro says "今日は世界"', 'Yukihiro says \\"今日は世界\\"'],
      ['unprintable \uFFFE', 'unprintable \\uFFFE'],
      ['<html>', '\\u003Chtml\\u003E'],
      ['no = in attributes', 'no \\u003D in attributes'],
      ['&#x27; does not become HTML entity', '\\u0026#x27; does not become HTML entity'],
    ];
    for (const [inp, exp] of cases) expect(run('{{js .}}', inp)).toBe(exp);
  });
  it('TestTree (with maps for the tree nodes)', () => {
    const node = (Val: number, Left: unknown = null, Right: unknown = null) => ({ Val: I(Val), Left, Right });
    const tree = node(1, node(2, node(3, node(4)), node(5, node(6))), node(7, node(8, node(9)), node(10, node(11))));
    const text = `
\t(- define "tree" -)
\t[
\t\t(- .Val -)
\t\t(- with .Left -)
\t\t\t(template "tree" . -)
\t\t(- end -)
\t\t(- with .Right -)
\t\t\t(- template "tree" . -)
\t\t(- end -)
\t]
\t(- end -)
`;
    const t = new Template('root').delims('(', ')').parse(text);
    const expect_ = '[1[2[3[4]][5[6]]][7[8[9]][10[11]]]]';
    expect(t.lookup('tree')!.execute(tree)).toBe(expect_);
    expect(t.executeTemplate('tree', tree)).toBe(expect_);
  });
  it('TestDelims', () => {
    const pairs: [string, string][] = [['', ''], ['{{', '}}'], ['<<', '>>'], ['|', '|'], ['(日)', '(本)']];
    for (const [left, right] of pairs) {
      const l = left || '{{';
      const r = right || '}}';
      const text = `${l}.Str${r}${l}/*comment*/${r}${l}"${l}"${r}`;
      const t = new Template('delims').delims(left, right).parse(text);
      expect(t.execute({ Str: 'Hello, world' })).toBe('Hello, world' + l);
    }
  });
  it('TestBlock', () => {
    const tmpl = new Template('outer').parse('a({{block "inner" .}}bar({{.}})baz{{end}})b');
    const tmpl2 = tmpl.clone().parse('{{define "inner"}}foo({{.}})bar{{end}}');
    expect(tmpl.execute('hello')).toBe('a(bar(hello)baz)b');
    expect(tmpl2.execute('goodbye')).toBe('a(foo(goodbye)bar)b');
  });
  it('TestMessageForExecuteEmpty', () => {
    expect(() => new Template('empty').execute(I(0))).toThrow('template: empty: "empty" is an incomplete or empty template');
  });
  it('TestFinalForPrintf', () => {
    expect(new Template('').parse('{{"x" | printf}}').execute(I(0))).toBe('x');
  });
  it('TestExecutePanicDuringCall (direct func call)', () => {
    const t = new Template('t').funcs({ doPanic: def([], 'string', () => { throw new Error('custom panic string'); }) }).parse('{{doPanic}}');
    expect(() => t.execute(null)).toThrow('template: t:1:2: executing "t" at <doPanic>: error calling doPanic: custom panic string');
  });
  it('TestIssue31810', () => {
    expect(new Template('').parse('{{ (.)  }}').execute('result')).toBe('result');
  });
  it('TestMaxExecDepth', () => {
    const t = new Template('tmpl').parse('{{template "tmpl" .}}');
    expect(() => t.execute(null)).toThrow('exceeded maximum template depth');
  });
});
