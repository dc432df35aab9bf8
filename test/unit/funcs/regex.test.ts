import { describe, it, expect } from 'vitest';
import { Template } from '../../../src/template/index.js';
import { funcMap } from '../../../src/funcs/index.js';
import { compileRegexp, quoteMeta } from '../../../src/funcs/regex.js';

function render(text: string, data: unknown = {}): string {
  const t = new Template('t').option('missingkey=zero').funcs(funcMap());
  t.parse(text);
  return t.execute(data);
}
function renderErr(text: string): string {
  try {
    render(text);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}
const parseErr = (p: string): string => {
  try {
    compileRegexp(p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${p} to fail`);
};

describe('Go regexp syntax errors', () => {
  it('reports Go error texts', () => {
    const cases: [string, string][] = [
      ['[', 'missing closing ]: `[`'],
      ['a[bc', 'missing closing ]: `[bc`'],
      ['(', 'missing closing ): `(`'],
      ['a(b', 'missing closing ): `a(b`'],
      ['a)', 'unexpected ): `a)`'],
      ['*', 'missing argument to repetition operator: `*`'],
      ['a|*', 'missing argument to repetition operator: `*`'],
      ['(+)', 'missing argument to repetition operator: `+`'],
      ['a**', 'invalid nested repetition operator: `**`'],
      ['a+?*', 'invalid nested repetition operator: `+?*`'],
      ['a{2}{3}', 'invalid nested repetition operator: `{2}{3}`'],
      ['x{1001}', 'invalid repeat count: `{1001}`'],
      ['x{3,2}', 'invalid repeat count: `{3,2}`'],
      ['(x{500}){3}', 'invalid repeat count: `{3}`'],
      ['[z-a]', 'invalid character class range: `z-a`'],
      ['[[:foo:]]', 'invalid character class range: `[:foo:]`'],
      ['\\p{Foo}', 'invalid character class range: `\\p{Foo}`'],
      ['\\pX', 'invalid character class range: `\\pX`'],
      ['\\p{L', 'invalid character class range: `\\p{L`'],
      ['\\1', 'invalid escape sequence: `\\1`'],
      ['\\q', 'invalid escape sequence: `\\q`'],
      ['\\C', 'invalid escape sequence: `\\C`'],
      ['\\x{110000}', 'invalid escape sequence: `\\x{110000`'],
      ['\\xZ1', 'invalid escape sequence: `\\xZ1`'],
      ['[\\b]', 'invalid escape sequence: `\\b`'],
      ['a\\', 'trailing backslash at end of expression: ``'],
      ['(?=x)', 'invalid or unsupported Perl syntax: `(?=`'],
      ['(?!x)', 'invalid or unsupported Perl syntax: `(?!`'],
      ['(?<=x)', 'invalid or unsupported Perl syntax: `(?<`'],
      ['(?<name>x)', 'invalid or unsupported Perl syntax: `(?<`'],
      ['(?P=name)', 'invalid or unsupported Perl syntax: `(?P`'],
      ['(?i', 'invalid or unsupported Perl syntax: `(?i`'],
      ['(?-)', 'invalid or unsupported Perl syntax: `(?-)`'],
      ['(?P<>x)', 'invalid named capture: `(?P<>`'],
      ['(?P<a-b>x)', 'invalid named capture: `(?P<a-b>`'],
      ['(?P<name', 'invalid named capture: `(?P<name`'],
    ];
    for (const [p, msg] of cases) expect(parseErr(p), p).toBe(`error parsing regexp: ${msg}`);
  });
  it('accepts what Go accepts', () => {
    for (const p of ['a{,3}', 'a{', '{}', 'x{0}', '(?i)(?-i:a)', '(?)', '(?:)', '[]a]', '[^]a]', '[a-]', '\\Q*+\\E', '^*', '\\_', '[[:^alpha:]]', '\\p{Greek}', '\\PL', '\\p{^L}', '(?P<n_1>x)', '\\x41\\x{263a}\\101\\0', '(?U)a+?', 'a{2}?'])
      expect(() => compileRegexp(p), p).not.toThrow();
  });
});

describe('Go regexp semantics', () => {
  const find = (p: string, s: string) => compileRegexp(p).findString(s);
  it('Perl classes and POSIX classes are ASCII', () => {
    expect(find('\\d+', '٣12')).toBe('12');
    expect(find('\\w+', 'éab_1')).toBe('ab_1');
    expect(find('\\s+', 'a\u00a0\v \tb')).toBe(' \t');
    expect(find('[[:alpha:]]+', '12abC3')).toBe('abC');
    expect(find('[[:^digit:]x]+', '12abx3')).toBe('abx');
    expect(find('\\pL+', '1Grüße2')).toBe('Grüße');
    expect(find('\\p{Greek}+', 'abαβγd')).toBe('αβγ');
  });
  it('dot, anchors and flags', () => {
    expect(find('a.c', 'a\nc abc')).toBe('abc');
    expect(find('(?s)a.c', 'a\nc')).toBe('a\nc');
    expect(find('^b', 'a\nb')).toBe('');
    expect(find('(?m)^b$', 'a\nb\nc')).toBe('b');
    expect(find('a$', 'a\n')).toBe('');
    expect(find('\\Aab\\z', 'ab')).toBe('ab');
    expect(find('(?i)straße', 'STRAßE')).toBe('STRAßE');
    expect(find('(?i)k', '\u212a')).toBe('\u212a');
    expect(find('(?i:a)b', 'AB Ab')).toBe('Ab');
    expect(find('(?U)a+', 'aaa')).toBe('a');
    expect(find('(?U)a+?', 'aaa')).toBe('aaa');
    expect(find('\\bfoo\\b', 'a foo b')).toBe('foo');
    expect(find('x*', 'aaa')).toBe('');
    expect(find('\\x{263a}|\\101', 'zA☺')).toBe('A');
    expect(find('[\\d-z]+', 'a-9z')).toBe('-9z');
  });
  it('leftmost-first alternation', () => {
    expect(find('a|ab', 'ab')).toBe('a');
    expect(find('(a+)(b)?', 'aab')).toBe('aab');
  });
  it('FindAll / ReplaceAll skip an empty match right after a match', () => {
    const re = compileRegexp('a*');
    expect(re.findAllString('baaac', -1)).toEqual(['', 'aaa', '']);
    expect(re.replaceAllString('baaac', 'X')).toBe('XbXcX');
    expect(compileRegexp('').replaceAllString('abc', '-')).toBe('-a-b-c-');
    expect(compileRegexp('x*').findAllString('日本', -1)).toEqual(['', '', '']);
    expect(compileRegexp('b').findAllString('abc', -1)).toEqual(['b']);
    expect(compileRegexp('z').findAllString('abc', -1)).toBeNull();
    expect(compileRegexp('a').findAllString('aaaa', 2)).toEqual(['a', 'a']);
  });
  it('expands $ templates like Go', () => {
    const re = compileRegexp('(?P<first>\\w+)\\s(?P<last>\\w+)');
    expect(re.replaceAllString('Hello World', '${last} $first')).toBe('World Hello');
    expect(re.replaceAllString('Hello World', '$1x|${1}x|$$|$|$9|$first_x|${nope}')).toBe('|Hellox|$|$||'+'|');
    expect(compileRegexp('a(x*)b').replaceAllString('-ab-axxb-', '$1W')).toBe('---');
    expect(compileRegexp('a(x*)b').replaceAllString('-ab-axxb-', '${1}W')).toBe('-W-xxW-');
    expect(compileRegexp('a(x*)b').replaceAllLiteralString('-ab-axxb-', '${1}')).toBe('-${1}-${1}-');
    expect(compileRegexp('(a)|b').replaceAllString('ab', '[$1]')).toBe('[a][]');
  });
  it('splits like Regexp.Split', () => {
    const split = (p: string, s: string, n: number) => compileRegexp(p).split(s, n);
    expect(split('a', 'banana', -1)).toEqual(['b', 'n', 'n', '']);
    expect(split('a', 'banana', 2)).toEqual(['b', 'nana']);
    expect(split('a', 'banana', 0)).toBeNull();
    expect(split('', 'abc', -1)).toEqual(['a', 'b', 'c']);
    expect(split('z+', 'pizza', -1)).toEqual(['pi', 'a']);
    expect(split('x', '', -1)).toEqual(['']);
    expect(split('a*', 'baaac', -1)).toEqual(['b', 'c']);
  });
  it('QuoteMeta', () => {
    expect(quoteMeta('1.2.3 [a]{b}(c)|^$*+?\\')).toBe('1\\.2\\.3 \\[a\\]\\{b\\}\\(c\\)\\|\\^\\$\\*\\+\\?\\\\');
    expect(compileRegexp(quoteMeta('a.b*c')).findString('xa.b*cx')).toBe('a.b*c');
  });
  it('records group names', () => {
    expect(compileRegexp('(a)(?P<x>b)(?:c)').subexpNames).toEqual(['', '', 'x']);
  });
});

describe('sprig regex functions', () => {
  it('match, find, findAll, replace, split, quoteMeta', () => {
    expect(render('{{ regexMatch "^[a-z]+$" "abc" }} {{ regexFind "[0-9]+" "ab123cd45" }} {{ regexFindAll "[0-9]+" "ab123cd45e6" -1 }} {{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }} {{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }} {{ regexSplit "z+" "pizza" -1 }} {{ regexQuoteMeta "1.2.3" }}'))
      .toBe('true 123 [123 45 6] -W-xxW- -${1}-${1}- [pi a] 1\\.2\\.3');
    expect(render('{{ regexFindAll "a" "aaa" 2 }} {{ regexFindAll "a" "bbb" -1 }} {{ typeOf (regexFindAll "a" "b" -1) }} {{ regexFind "x" "abc" | quote }}')).toBe('[a a] [] []string ""');
    expect(render('{{ regexMatch "[" "x" }} {{ regexMatch "(?i)ABC" "xabcx" }}')).toBe('false true');
  });
  it('must forms return the parse error, plain forms panic like MustCompile', () => {
    expect(renderErr('{{ mustRegexMatch "[" "x" }}')).toBe(
      'template: t:1:3: executing "t" at <mustRegexMatch "[" "x">: error calling mustRegexMatch: error parsing regexp: missing closing ]: `[`',
    );
    expect(renderErr('{{ regexFind "a(" "x" }}')).toBe(
      'template: t:1:3: executing "t" at <regexFind "a(" "x">: error calling regexFind: regexp: Compile(`a(`): error parsing regexp: missing closing ): `a(`',
    );
    expect(renderErr('{{ regexReplaceAll "`(" "x" "y" }}')).toContain('regexp: Compile("`("): error parsing regexp: missing closing ): ``(`');
    expect(renderErr('{{ mustRegexFindAll "*" "x" 1 }}')).toContain('error calling mustRegexFindAll: error parsing regexp: missing argument to repetition operator: `*`');
    expect(renderErr('{{ mustRegexSplit "(?=a)" "x" 1 }}')).toContain('error calling mustRegexSplit: error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
    expect(render('{{ mustRegexReplaceAll "b+" "abbc" "$$" }} {{ mustRegexReplaceAllLiteral "b+" "abbc" "$1" }} {{ mustRegexFind "c." "abcd" }} {{ mustRegexSplit "," "a,b" -1 }}')).toBe('a$c a$1c cd [a b]');
  });
});
