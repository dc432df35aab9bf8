import { describe, it, expect } from 'vitest';
import { Template } from '../../../src/template/index.js';
import { funcMap } from '../../../src/funcs/index.js';
import { stringFuncs, camelCaseToLowerCase, toCamelCase, goTitle, wrapCustom } from '../../../src/funcs/strings.js';
import { GoInt } from '../../../src/template/types.js';

function render(text: string, data: unknown = {}): string {
  const t = new Template('t').option('missingkey=zero').funcs(funcMap());
  t.parse(text);
  return t.execute(data);
}
function renderErr(text: string, data: unknown = {}): string {
  try {
    render(text, data);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
const callErr = (name: string, expr: string, msg: string) =>
  `template: t:1:3: executing "t" at <${expr}>: error calling ${name}: ${msg}`;

describe('trim and case functions', () => {
  it('trim family', () => {
    expect(render('[{{ trim "  \\t hi \\n" }}]')).toBe('[hi]');
    expect(render('{{ trimAll "$" "$$5.00$" }} {{ trimall "ab" "abcba" }}')).toBe('5.00 c');
    expect(render('{{ trimPrefix "-" "--a-" }} {{ trimSuffix "-" "--a--" }} {{ "xy" | trimSuffix "" }}')).toBe('-a- --a- xy');
    expect(render('[{{ trim "\u00a0x\u3000" }}]')).toBe('[x]');
  });
  it('upper/lower use Go simple case mappings', () => {
    expect(render('{{ upper "abcß" }} {{ lower "ÀB" }}')).toBe('ABCß àb');
    expect(render('{{ lower "İ" }}')).toBe('i');
  });
  it('title follows strings.Title separators', () => {
    expect(render('{{ title "hello world-x" }}')).toBe('Hello World-X');
    expect(render('{{ title "o\'neil is_here x2y ǆemal" }}')).toBe("O'Neil Is_here X2y ǅemal");
    expect(goTitle('élan vital')).toBe('Élan Vital');
  });
  it('untitle lowers the first letter of each word', () => {
    expect(render('{{ untitle "Hello World FOO" }}')).toBe('hello world fOO');
  });
  it('swapcase', () => {
    expect(render('{{ swapcase "Hello W" }} {{ swapcase "This Is A.Test" }}')).toBe('hELLO w tHIS iS a.tEST');
  });
});

describe('substr, trunc, repeat', () => {
  it('substr as sprig substring', () => {
    expect(render('{{ substr 1 3 "hello" }} {{ substr 2 -1 "hello" }} {{ substr -1 2 "hello" }} {{ substr 0 99 "hi" }}')).toBe('el llo he hi');
  });
  it('substr slices bytes', () => {
    expect(render('{{ substr 0 2 "héllo" }}')).toBe('h\ufffd');
    expect(render('{{ substr 1 3 "héllo" }}')).toBe('é');
  });
  it('substr panics like Go on bad bounds', () => {
    expect(renderErr('{{ substr 3 1 "hello" }}')).toBe(callErr('substr', 'substr 3 1 "hello"', 'runtime error: slice bounds out of range [3:1]'));
    expect(renderErr('{{ substr -1 9 "hello" }}')).toBe(callErr('substr', 'substr -1 9 "hello"', 'runtime error: slice bounds out of range [:9] with length 5'));
    expect(renderErr('{{ substr 7 -1 "hello" }}')).toBe(callErr('substr', 'substr 7 -1 "hello"', 'runtime error: slice bounds out of range [7:5]'));
    expect(renderErr('{{ substr -1 -2 "hello" }}')).toBe(callErr('substr', 'substr -1 -2 "hello"', 'runtime error: slice bounds out of range [:-2]'));
  });
  it('trunc', () => {
    expect(render('{{ trunc 5 "hello world" }}|{{ trunc -5 "hello world" }}|{{ trunc 63 "short" }}|{{ trunc 0 "x" }}|{{ trunc -9 "abc" }}')).toBe('hello|world|short||abc');
    expect(render('{{ trunc 2 "日本" }}')).toBe('\ufffd\ufffd');
  });
  it('repeat', () => {
    expect(render('{{ repeat 3 "ab" }}|{{ repeat 0 "x" }}|{{ "-" | repeat 4 }}')).toBe('ababab||----');
    expect(renderErr('{{ repeat -1 "x" }}')).toBe(callErr('repeat', 'repeat -1 "x"', 'strings: negative Repeat count'));
  });
});

describe('abbrev, initials, nospace, wrap', () => {
  it('abbrev / abbrevboth as goutils', () => {
    expect(render('{{ abbrev 5 "hello world" }} {{ abbrev 3 "hello" }} {{ abbrev 20 "hello" }}')).toBe('he... hello hello');
    expect(render('{{ abbrevboth 5 10 "1234 5678 9123" }}')).toBe('...5678...');
    expect(render('{{ abbrevboth 0 10 "1234 5678 9123" }} {{ abbrevboth 10 10 "1234 5678 9123" }}')).toBe('1234 56... ...78 9123');
    expect(render('[{{ abbrevboth 5 6 "abcdefghijkl" }}]')).toBe('[abcdefghijkl]');
  });
  it('initials and nospace work byte-wise', () => {
    expect(render('{{ initials "First Try" }} {{ initials "  a  bb c" }}')).toBe('FT abc');
    expect(render('{{ nospace "a b  c\\t\\nd" }} {{ nospace "abc" }}')).toBe('abcd abc');
    expect(render('{{ nospace "é a" }}')).toBe('Ã©a');
  });
  it('wrap and wrapWith as goutils WrapCustom', () => {
    expect(render('{{ wrap 5 "Hello World" }}')).toBe('Hello\nWorld');
    expect(render('{{ wrap 10 "The quick brown fox" }}')).toBe('The quick\nbrown fox');
    expect(render('{{ wrap 3 "abcdefgh ij" }}')).toBe('abcdefgh\nij');
    expect(render('{{ wrapWith 5 "\\t" "Hello World" }}')).toBe('Hello\tWorld');
    expect(render('{{ wrapWith 3 "|" "abcdefgh" }}')).toBe('abc|def|gh');
    expect(wrapCustom('  a  b', 1, '', false)).toBe('a\nb');
  });
});

describe('contains, quote, cat, indent, replace, plural', () => {
  it('contains/hasPrefix/hasSuffix (argument order switched)', () => {
    expect(render('{{ contains "cat" "catch" }} {{ hasPrefix "cat" "catch" }} {{ hasSuffix "ch" "catch" }} {{ "catch" | contains "dog" }}')).toBe('true true true false');
  });
  it('quote and squote skip nils and print non-strings with fmt', () => {
    expect(render('{{ quote "a" "b" 1 }}')).toBe('"a" "b" "1"');
    expect(render('{{ quote "a\\"b\\n" }}')).toBe('"a\\"b\\n"');
    expect(render('{{ quote .x "y" }}|{{ quote .x }}|{{ squote "a" 2 .x true }}', { x: null })).toBe('"y"||\'a\' \'2\' \'true\'');
    expect(render('{{ quote .l }} {{ squote .l }}', { l: ['a', 1] })).toBe('"[a 1]" \'[a 1]\'');
    expect(render('{{ quote "ü\\x01" }}')).toBe('"ü\\x01"');
  });
  it('cat joins with spaces, skipping nil', () => {
    expect(render('{{ cat "a" 1 .n "b" }}', { n: null })).toBe('a 1 b');
    expect(render('[{{ cat }}]')).toBe('[]');
    expect(render('{{ cat .l 2.5 }}', { l: [1, 'x'] })).toBe('[1 x] 2.5');
  });
  it('indent and nindent', () => {
    expect(render('{{ indent 2 "a\\nb" }}')).toBe('  a\n  b');
    expect(render('key:{{ nindent 2 "a\\nb" }}')).toBe('key:\n  a\n  b');
    expect(render('[{{ indent 0 "x" }}]')).toBe('[x]');
    expect(renderErr('{{ indent -1 "x" }}')).toBe(callErr('indent', 'indent -1 "x"', 'strings: negative Repeat count'));
  });
  it('replace replaces all', () => {
    expect(render('{{ replace "a" "b" "banana" }} {{ "x.y.z" | replace "." "-" }} {{ replace "" "-" "ab" }}')).toBe('bbnbnb x-y-z -a-b-');
  });
  it('plural', () => {
    expect(render('{{ plural "one" "many" 1 }} {{ plural "one" "many" 2 }} {{ plural "one" "many" 0 }}')).toBe('one many many');
    expect(renderErr('{{ plural "a" "b" 1.5 }}')).toContain('expected integer; found 1.5');
  });
});

describe('xstrings case conversions', () => {
  it('snakecase / kebabcase', () => {
    expect(render('{{ snakecase "FirstName" }} {{ kebabcase "FirstName" }}')).toBe('first_name first-name');
    const cases: [string, string][] = [
      ['HTTPServer', 'http_server'],
      ['NoHTTPS', 'no_https'],
      ['GO_PATH', 'go_path'],
      ['GO PATH', 'go_path'],
      ['GO-PATH', 'go_path'],
      ['http2xx', 'http_2xx'],
      ['HTTP20xOK', 'http_20x_ok'],
      ['Duration2m3s', 'duration_2m3s'],
      ['Bld4Floor3rd', 'bld4_floor_3rd'],
      ['a', 'a'],
      ['123', '123'],
      ['already_snake', 'already_snake'],
      ['camelCase', 'camel_case'],
    ];
    for (const [i, o] of cases) expect(camelCaseToLowerCase(i, '_'), i).toBe(o);
    expect(camelCaseToLowerCase('HTTPServer', '-')).toBe('http-server');
  });
  it('camelcase', () => {
    expect(render('{{ camelcase "http_server" }}')).toBe('HttpServer');
    expect(toCamelCase('some_words')).toBe('SomeWords');
    expect(toCamelCase('_complex__case_')).toBe('_Complex_Case_');
    expect(toCamelCase('all')).toBe('All');
    expect(toCamelCase('a-b c')).toBe('ABC');
    expect(toCamelCase('_')).toBe('__');
  });
});

describe('random strings and shuffle', () => {
  it('have the requested length and alphabet', () => {
    const out = render('{{ randAlphaNum 64 }} {{ randAlpha 64 }} {{ randNumeric 64 }} {{ randAscii 64 }}');
    const [an, a, n, asc] = out.split(' ').length === 4 ? out.split(' ') : [out.slice(0, 64), out.slice(65, 129), out.slice(130, 194), out.slice(195)];
    expect(an).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(a).toMatch(/^[A-Za-z]{64}$/);
    expect(n).toMatch(/^[0-9]{64}$/);
    expect(asc).toMatch(/^[\x20-\x7e]{64}$/);
    expect(render('[{{ randAlpha 0 }}{{ randAlpha -3 }}]')).toBe('[]');
    expect(render('{{ randAlphaNum 16 }}')).not.toBe(render('{{ randAlphaNum 16 }}'));
  });
  it('shuffle permutes runes', () => {
    const s = render('{{ shuffle "aäbc日" }}');
    expect(Array.from(s).sort().join('')).toBe(Array.from('aäbc日').sort().join(''));
  });
});

describe('join and split', () => {
  it('join converts elements with strval and skips nil', () => {
    expect(render('{{ join "," .l }}', { l: ['b', 'a', 'c'] })).toBe('b,a,c');
    expect(render('{{ join "-" .l }}', { l: [1, null, true, 'x'] })).toBe('1-true-x');
    expect(render('{{ join "," "abc" }} [{{ join "," .n }}]', { n: null })).toBe('abc []');
  });
  it('split/splitn give maps _0, _1, ...; splitList a []string', () => {
    expect(render('{{ split "$" "a$b$c" }} {{ (split "," "a,b")._1 }}')).toBe('map[_0:a _1:b _2:c] b');
    expect(render('{{ splitn "," 2 "a,b,c" }} {{ splitList "," "a,b,c" }} {{ typeOf (splitList "," "a") }}')).toBe('map[_0:a _1:b,c] [a b c] []string');
    expect(render('{{ splitList "" "abc" }} {{ len (splitList "," "") }} {{ typeOf (split "," "a") }}')).toBe('[a b c] 1 map[string]string');
    expect(render('{{ splitn "," 0 "a,b" }} {{ splitn "," -1 "a,b" }}')).toBe('map[] map[_0:a _1:b]');
  });
  it('exports the whole sprig string set', () => {
    for (const n of ['abbrev', 'abbrevboth', 'trunc', 'trim', 'upper', 'lower', 'title', 'untitle', 'substr', 'repeat', 'trimall', 'trimAll', 'trimSuffix', 'trimPrefix', 'nospace', 'initials', 'randAlphaNum', 'randAlpha', 'randAscii', 'randNumeric', 'swapcase', 'shuffle', 'snakecase', 'camelcase', 'kebabcase', 'wrap', 'wrapWith', 'contains', 'hasPrefix', 'hasSuffix', 'quote', 'squote', 'cat', 'indent', 'nindent', 'replace', 'plural', 'join', 'split', 'splitList', 'splitn'])
      expect(stringFuncs[n], n).toBeDefined();
    expect(stringFuncs.repeat.args).toEqual(['int', 'string']);
    expect(stringFuncs.quote.variadic).toBe(true);
    expect(stringFuncs.trunc.fn(new GoInt(2n), 'abc')).toBe('ab');
  });
});
