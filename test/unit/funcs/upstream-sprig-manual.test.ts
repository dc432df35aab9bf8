// Test vectors ported by hand from Sprig v3.2.3's tests where they need data (sprig's runtv; runt here), span several lines, call
// the Go functions directly (regex_test.go, url_test.go, numeric_test.go ceil/floor/round/toDecimal), or check
// only part of the output: strings_test.go, numeric_test.go, dict_test.go, defaults_test.go, reflect_test.go,
// regex_test.go, url_test.go, date_test.go, crypto_test.go, issue_188_test.go, flow_control_test.go.
// Direct Go calls are written as the equivalent template call.
import { describe, it, expect } from 'vitest';
import { GoInt, GoStruct, sliceOf } from '../../../src/template/types.js';
import { GoTime } from '../../../src/funcs/dates.js';
import { SPRIG_URL_TESTS } from './_url-table.js';
import { runt } from './_render.js';

const I = (n: number, kind: any = 'int') => new GoInt(BigInt(n), kind);

describe('strings_test.go', () => {
  it('quote/squote/cat skip nil', () => {
    expect(runt('{{ .value | quote }}', { value: null })).toBe('');
    expect(runt('{{ .value | squote }}', { value: null })).toBe('');
    expect(runt('{{ .value | cat "a" "b"}}', { value: null })).toBe('a b');
  });
  it('TestContains / TestTrim', () => {
    for (const t of ['{{if contains "cat" "fair catch"}}1{{end}}', '{{if hasPrefix "cat" "catch"}}1{{end}}', '{{if hasSuffix "cat" "ducat"}}1{{end}}']) expect(runt(t)).toBe('1');
    for (const t of ['{{trim "   5.00   "}}', '{{trimAll "$" "$5.00$"}}', '{{trimPrefix "$" "$5.00"}}', '{{trimSuffix "$" "5.00$"}}']) expect(runt(t)).toBe('5.00');
  });
  it('TestToStrings', () => {
    expect(runt('{{ list 1 .value 2 | toStrings }}', { value: null })).toBe('[1 2]');
  });
  it('TestJoin', () => {
    expect(runt('{{ join "-" .V }}', { V: sliceOf(['a', 'b', 'c'], '[]string') })).toBe('a-b-c');
    expect(runt('{{ join "-" .V }}', { V: 'abc' })).toBe('abc');
    expect(runt('{{ join "-" .V }}', { V: sliceOf([I(1), I(2), I(3)], '[]int') })).toBe('1-2-3');
    expect(runt('{{ join "-" .value }}', { value: ['1', null, '2'] })).toBe('1-2');
  });
  it('TestBase64EncodeDecode / TestBase32EncodeDecode', () => {
    expect(runt('{{b64enc "coffee"}}')).toBe('Y29mZmVl');
    expect(runt('{{b64dec "Y29mZmVl"}}')).toBe('coffee');
    expect(runt('{{b32enc "coffee"}}')).toBe('MNXWMZTFMU======');
    expect(runt('{{b32dec "MNXWMZTFMU======"}}')).toBe('coffee');
  });
  it('TestRandomString lengths', () => {
    for (const f of ['randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric']) expect([...runt(`{{${f} 5}}`)].length).toBe(5);
  });
});

describe('numeric_test.go', () => {
  it('TestCeil / TestFloor / TestRound', () => {
    const cases: [string, string][] = [
      ['{{ ceil 123 }}', '123'],
      ['{{ ceil "123" }}', '123'],
      ['{{ ceil 123.01 }}', '124'],
      ['{{ ceil "123.01" }}', '124'],
      ['{{ floor 123 }}', '123'],
      ['{{ floor "123" }}', '123'],
      ['{{ floor 123.9999 }}', '123'],
      ['{{ floor "123.9999" }}', '123'],
      ['{{ round 123.5555 3 }}', '123.556'],
      ['{{ round "123.55555" 3 }}', '123.556'],
      ['{{ round 123.500001 0 }}', '124'],
      ['{{ round 123.49999999 0 }}', '123'],
      ['{{ round 123.2329999 2 .3 }}', '123.23'],
      ['{{ round 123.233 2 .3 }}', '123.24'],
    ];
    for (const [t, want] of cases) expect(runt(t), t).toBe(want);
  });
  it('TestToDecimal', () => {
    expect(runt('{{ toDecimal "777" }} {{ toDecimal 777 }} {{ toDecimal 770 }} {{ toDecimal 755 }}')).toBe('511 511 504 493');
  });
  it('TestToFloat64 / TestToInt64 / TestToInt', () => {
    const d = { i8: I(102, 'int8'), i: I(102), i32: I(102, 'int32'), i16: I(102, 'int16'), i64: I(102, 'int64'), u16: I(102, 'uint16'), u64: I(102, 'uint64'), f: 102.1234 };
    expect(runt('{{ float64 .i8 }} {{ float64 .i }} {{ float64 .i32 }} {{ float64 .i16 }} {{ float64 .i64 }} {{ float64 "102" }} {{ float64 "frankie" }} {{ float64 .u16 }} {{ float64 .u64 }} {{ float64 .f }} {{ float64 true }}', d)).toBe('102 102 102 102 102 102 0 102 102 102.1234 1');
    expect(runt('{{ int64 .i8 }} {{ int64 .i }} {{ int64 .i32 }} {{ int64 .i16 }} {{ int64 .i64 }} {{ int64 "102" }} {{ int64 "frankie" }} {{ int64 .u16 }} {{ int64 .u64 }} {{ int64 .f }} {{ int64 true }}', d)).toBe('102 102 102 102 102 102 0 102 102 102 1');
    expect(runt('{{ int .i8 }} {{ int .i }} {{ int .i32 }} {{ int .i16 }} {{ int .i64 }} {{ int "102" }} {{ int "frankie" }} {{ int .u16 }} {{ int .u64 }} {{ int .f }} {{ int true }}', d)).toBe('102 102 102 102 102 102 0 102 102 102 1');
  });
  it('TestRandomInt range', () => {
    for (const [min, max] of [[10, 11], [10, 13], [0, 1], [5, 50]]) {
      const r = Number(runt(`{{ randInt ${min} ${max} }}`));
      expect(r >= min && r < max).toBe(true);
    }
  });
});

describe('dict_test.go', () => {
  it('TestDict', () => {
    const out = runt('{{$d := dict 1 2 "three" "four" 5}}{{range $k, $v := $d}}{{$k}}{{$v}}{{end}}');
    expect(out.length).toBe(12);
    expect(out).toContain('12');
    expect(out).toContain('threefour');
    expect(out).toContain('5');
    expect(runt('{{$t := dict "I" "shot" "the" "albatross"}}{{$t.the}} {{$t.I}}')).toBe('albatross shot');
  });
  it('TestUnset / TestHasKey / TestPluck / TestSet', () => {
    expect(runt('{{- $d := dict "one" 1 "two" 222222 -}}\n\t{{- $_ := unset $d "two" -}}\n\t{{- range $k, $v := $d}}{{$k}}{{$v}}{{- end -}}\n\t')).toBe('one1');
    expect(runt('{{- $d := dict "one" 1 "two" 222222 -}}\n\t{{- if hasKey $d "one" -}}1{{- end -}}\n\t')).toBe('1');
    expect(runt('\n\t{{- $d := dict "one" 1 "two" 222222 -}}\n\t{{- $d2 := dict "one" 1 "two" 33333 -}}\n\t{{- $d3 := dict "one" 1 -}}\n\t{{- $d4 := dict "one" 1 "two" 4444 -}}\n\t{{- pluck "two" $d $d2 $d3 $d4 -}}\n\t')).toBe('[222222 33333 4444]');
    expect(runt('{{- $d := dict "one" 1 "two" 222222 -}}\n\t{{- $_ := set $d "two" 2 -}}\n\t{{- $_ := set $d "three" 3 -}}\n\t{{- if hasKey $d "one" -}}{{$d.one}}{{- end -}}\n\t{{- if hasKey $d "two" -}}{{$d.two}}{{- end -}}\n\t{{- if hasKey $d "three" -}}{{$d.three}}{{- end -}}\n\t')).toBe('123');
  });
  const mergeData = () => ({
    src2: { h: I(10), i: 'i', j: 'j' },
    src1: { a: I(1), b: I(2), d: { e: 'four' }, g: sliceOf([I(6), I(7)], '[]int'), i: 'aye', j: 'jay', k: { l: false } },
    dst: { a: 'one', c: I(3), d: { f: I(5) }, g: sliceOf([I(8), I(9)], '[]int'), i: 'eye', k: { l: true } },
  });
  it('TestMerge', () => {
    const d = mergeData();
    runt('{{merge .dst .src1 .src2}}', d);
    expect(runt('{{ .dst }}', d)).toBe('map[a:one b:2 c:3 d:map[e:four f:5] g:[8 9] h:10 i:eye j:jay k:map[l:true]]');
  });
  it('TestMergeOverwrite', () => {
    const d = mergeData();
    runt('{{mergeOverwrite .dst .src1 .src2}}', d);
    expect(runt('{{ .dst }}', d)).toBe('map[a:1 b:2 c:3 d:map[e:four f:5] g:[6 7] h:10 i:i j:j k:map[l:false]]');
  });
  it('TestIssue188 (merge is not a deep copy)', () => {
    expect(runt('{{- $target := dict -}}\n\t\t\t{{- $one := dict "foo" (dict "bar" "baz") "qux" true -}}\n\t\t\t{{- $two := dict "foo" (dict "bar" "baz2") "qux" false -}}\n\t\t\t{{- mergeOverwrite $target $one | toString | trunc 0 }}{{ $__ := mergeOverwrite $target $two }}{{ $one }}')).toBe('map[foo:map[bar:baz2] qux:true]');
    expect(runt('{{- $target := dict -}}\n\t\t\t{{- $one := dict "foo" (dict "bar" "baz") "qux" true -}}\n\t\t\t{{- $two := dict "foo" (dict "bar" "baz2") "qux" false -}}\n\t\t\t{{- deepCopy $one | mergeOverwrite $target | toString | trunc 0 }}{{ $__ := mergeOverwrite $target $two }}{{ $one }}')).toBe('map[foo:map[bar:baz] qux:true]');
  });
});

describe('defaults_test.go', () => {
  it('TestEmpty / TestCoalesce / TestAll / TestAny with missing keys', () => {
    const d = { top: {} };
    expect(runt('{{if empty .top.NoSuchThing}}1{{else}}0{{end}}', d)).toBe('1');
    expect(runt('{{if empty .bottom.NoSuchThing}}1{{else}}0{{end}}', d)).toBe('1');
    expect(runt('{{ coalesce .top.NoSuchThing .bottom .bottom.dollar "airplane"}}', d)).toBe('airplane');
    expect(runt('{{ all .top.NoSuchThing .bottom .bottom.dollar "airplane"}}', d)).toBe('false');
    expect(runt('{{ any .top.NoSuchThing .bottom .bottom.dollar "airplane"}}', d)).toBe('true');
  });
  it('TestFromJson / TestToJson / TestToPrettyJson / TestToRawJson', () => {
    const d = { Input: '{"foo": 55}' };
    expect(runt('{{.Input | fromJson}}', d)).toBe('map[foo:55]');
    expect(runt('{{(.Input | fromJson).foo}}', d)).toBe('55');
    const top = { bool: true, string: 'test', number: I(42) };
    expect(runt('{{.Top | toJson}}', { Top: top })).toBe('{"bool":true,"number":42,"string":"test"}');
    expect(runt('{{.Top | toPrettyJson}}', { Top: top })).toBe('{\n  "bool": true,\n  "number": 42,\n  "string": "test"\n}');
    expect(runt('{{.Top | toRawJson}}', { Top: { ...top, html: '<HEAD>' } })).toBe('{"bool":true,"html":"<HEAD>","number":42,"string":"test"}');
  });
});

describe('reflect_test.go', () => {
  class FixtureTO extends GoStruct {
    readonly goType: string;
    constructor(ptr: boolean, public Name = 'hello', public Value = 'world') {
      super();
      this.goType = ptr ? '*sprig.fixtureTO' : 'sprig.fixtureTO';
    }
  }
  it('typeOf / kindOf / typeIs / typeIsLike / kindIs', () => {
    expect(runt('{{typeOf .}}', new FixtureTO(true))).toBe('*sprig.fixtureTO');
    expect(runt('{{kindOf .}}', new FixtureTO(false))).toBe('struct');
    expect(runt('{{kindOf .}}', sliceOf(['hello'], '[]string'))).toBe('slice');
    expect(runt('{{if typeIs "*sprig.fixtureTO" .}}t{{else}}f{{end}}', new FixtureTO(true))).toBe('t');
    expect(runt('{{if typeIs "*sprig.fixtureTO" .}}t{{else}}f{{end}}', 'hello')).toBe('f');
    expect(runt('{{if typeIsLike "string" .}}t{{else}}f{{end}}', 'foo')).toBe('t');
    expect(runt('{{if kindIs "ptr" .}}t{{else}}f{{end}}', new FixtureTO(true))).toBe('t');
    expect(runt('{{if kindIs "ptr" .}}t{{else}}f{{end}}', 'hello')).toBe('f');
  });
});

describe('regex_test.go', () => {
  const email = '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}';
  it('regexMatch / mustRegexMatch', () => {
    for (const f of ['regexMatch', 'mustRegexMatch']) {
      const m = (s: string) => runt(`{{ ${f} .r .s }}`, { r: email, s });
      expect([m('test@acme.com'), m('Test@Acme.Com'), m('test'), m('test.com'), m('test@acme')]).toEqual(['true', 'true', 'false', 'false', 'false']);
    }
  });
  it('regexFindAll / regexFind', () => {
    for (const f of ['regexFindAll', 'mustRegexFindAll']) {
      const n = (s: string, k: number) => runt(`{{ ${f} "a{2}" .s .n | len }}`, { s, n: I(k) });
      expect([n('aa', -1), n('aaaaaaaa', 1), n('aaaa', -1), n('none', -1)]).toEqual(['1', '1', '2', '0']);
    }
    for (const f of ['regexFind', 'mustRegexFind']) {
      expect([runt(`{{ ${f} "fo.?" "foorbar" }}`), runt(`{{ ${f} "fo.?" "foo foe fome" }}`), runt(`{{ ${f} "fo.?" "none" }}`)]).toEqual(['foo', 'foo', '']);
    }
  });
  it('regexReplaceAll / regexReplaceAllLiteral', () => {
    for (const f of ['regexReplaceAll', 'mustRegexReplaceAll']) {
      const r = (repl: string) => runt(`{{ ${f} "a(x*)b" "-ab-axxb-" .repl }}`, { repl });
      expect([r('T'), r('$1'), r('$1W'), r('${1}W')]).toEqual(['-T-T-', '--xx-', '---', '-W-xxW-']);
    }
    for (const f of ['regexReplaceAllLiteral', 'mustRegexReplaceAllLiteral']) {
      const r = (repl: string) => runt(`{{ ${f} "a(x*)b" "-ab-axxb-" .repl }}`, { repl });
      expect([r('T'), r('$1'), r('${1}')]).toEqual(['-T-T-', '-$1-$1-', '-${1}-${1}-']);
    }
  });
  it('regexSplit / regexQuoteMeta', () => {
    for (const f of ['regexSplit', 'mustRegexSplit']) {
      const n = (re: string, s: string, k: number) => runt(`{{ ${f} .re .s .n | len }}`, { re, s, n: I(k) });
      expect([n('a', 'banana', -1), n('a', 'banana', 0), n('a', 'banana', 1), n('a', 'banana', 2)]).toEqual(['4', '0', '1', '2']);
      expect([n('z+', 'pizza', -1), n('z+', 'pizza', 0), n('z+', 'pizza', 1), n('z+', 'pizza', 2)]).toEqual(['2', '0', '1', '2']);
    }
    expect(runt('{{ regexQuoteMeta "1.2.3" }}')).toBe('1\\.2\\.3');
  });
});

describe('url_test.go', () => {
  it.each(Object.entries(SPRIG_URL_TESTS))('urlParse %s and urlJoin back', (url, want) => {
    const got = runt('{{ range $k, $v := urlParse .u }}{{ $k }}={{ $v }};{{ end }}', { u: url });
    expect(got).toBe(Object.keys(want).sort().map((k) => `${k}=${want[k]};`).join(''));
    expect(runt('{{ urlJoin .m }}', { m: want })).toBe(url);
  });
});

describe('date_test.go', () => {
  const tm = GoTime.unix(1560458379, 0);
  it('TestUnixEpoch / TestDateInZone', () => {
    expect(runt('{{unixEpoch .Time}}', { Time: tm })).toBe('1560458379');
    const tpl = '{{ date_in_zone "02 Jan 06 15:04 -0700" .Time "UTC" }}';
    expect(runt(tpl, { Time: tm })).toBe('13 Jun 19 20:39 +0000');
    expect(runt(tpl, { Time: I(1560458379, 'int64') })).toBe('13 Jun 19 20:39 +0000');
    expect(runt(tpl, { Time: I(1560458379, 'int32') })).toBe('13 Jun 19 20:39 +0000');
    expect(runt(tpl, { Time: I(1560458379) })).toBe('13 Jun 19 20:39 +0000');
    expect(runt('{{ date_in_zone "02 Jan 06 15:04 -0700" .Time "foobar" }}', { Time: tm })).toBe('13 Jun 19 20:39 +0000');
  });
  it('TestAgo', () => {
    const now = GoTime.now();
    expect(runt('{{ ago .Time }}', { Time: now.Add(I(-125e9, 'int64')) })).toBe('2m5s');
    expect(runt('{{ ago .Time }}', { Time: now.Add(I(-(2 * 3600 + 34 * 60 + 17) * 1e9, 'int64')) })).toBe('2h34m17s');
  });
  it('TestHtmlDate / TestDateModify / TestDateMustModifyReturnsErr (tests added after v3.2.3, same functions)', () => {
    const parsed = '(toDate "02 Jan 06 15:04:05 MST" "13 Jun 19 20:39:39 GMT")';
    expect(runt(`{{ ${parsed} | htmlDate }}`)).toBe('2019-06-13');
    expect(runt(`{{ date_modify "24h" ${parsed} }}`)).toBe('2019-06-14 20:39:39 +0000 GMT');
    expect(() => runt(`{{ must_date_modify "1f" ${parsed} }}`)).toThrow();
  });
  it('TestDuration / TestDurationRound', () => {
    expect(runt('{{ duration .Secs }}', { Secs: '61' })).toBe('1m1s');
    expect(runt('{{ duration .Secs }}', { Secs: '3600' })).toBe('1h0m0s');
    expect(runt('{{ duration .Secs }}', { Secs: '93784' })).toBe('26h3m4s');
    expect(runt('{{ durationRound .Time }}', { Time: '2h5s' })).toBe('2h');
    expect(runt('{{ durationRound .Time }}', { Time: '24h5s' })).toBe('1d');
    expect(runt('{{ durationRound .Time }}', { Time: '2400h5s' })).toBe('3mo');
  });
});

describe('crypto_test.go', () => {
  it('TestGenPrivateKey unknown type', () => {
    expect(runt('{{genPrivateKey "bad"}}')).toBe('Unknown type bad');
  });
  it('TestRandBytes / TestUUIDGeneration', () => {
    const out = runt('{{randBytes 12}}');
    expect(Buffer.from(out, 'base64').length).toBe(12);
    expect(runt('{{randBytes 12}}')).not.toBe(out);
    expect(runt('{{uuidv4}}').length).toBe(36);
  });
  it('TestHtpasswd username', () => {
    expect(runt('{{htpasswd .Username .Password}}', { Username: 'myUser', Password: 'myPassword' }).split(':')[0]).toBe('myUser');
  });
});

describe('flow_control_test.go', () => {
  it('TestFail', () => {
    expect(() => runt('{{fail "This is an error!"}}')).toThrow('This is an error!');
  });
});
