// Test vectors ported from Go's text/template/parse/lex_test.go (lexTests, lexDelimTests, lexPosTests).
// Items are written as [type, value] with upstream's type names; comments are not emitted (as Go's lexer
// without ParseComments).
import { describe, it, expect } from 'vitest';
import { lex, T, type Item } from '../../../src/template/lex.js';

const NAMES: Record<number, string> = {
  [T.Error]: 'error',
  [T.Bool]: 'bool',
  [T.Char]: 'char',
  [T.CharConstant]: 'charconst',
  [T.Complex]: 'complex',
  [T.Declare]: ':=',
  [T.Assign]: '=',
  [T.EOF]: 'EOF',
  [T.Field]: 'field',
  [T.Identifier]: 'identifier',
  [T.LeftDelim]: 'left delim',
  [T.LeftParen]: '(',
  [T.Number]: 'number',
  [T.Pipe]: 'pipe',
  [T.RawString]: 'raw string',
  [T.RightDelim]: 'right delim',
  [T.RightParen]: ')',
  [T.Space]: 'space',
  [T.String]: 'string',
  [T.Text]: 'text',
  [T.Variable]: 'variable',
  [T.Dot]: '.',
  [T.Define]: 'define',
  [T.Else]: 'else',
  [T.If]: 'if',
  [T.End]: 'end',
  [T.Nil]: 'nil',
  [T.Range]: 'range',
  [T.Template]: 'template',
  [T.With]: 'with',
  [T.Block]: 'block',
  [T.Break]: 'break',
  [T.Continue]: 'continue',
};

function collect(input: string, left = '', right = ''): Item[] {
  return lex(input, left, right, { breakOK: true, continueOK: true }).filter((i) => i.typ !== T.Comment);
}
const items = (input: string, left = '', right = '') => collect(input, left, right).map((i) => [NAMES[i.typ] ?? `item${i.typ}`, i.val]);

type I = [string, string];
const tEOF: I = ['EOF', ''];
const tFor: I = ['identifier', 'for'];
const tLeft: I = ['left delim', '{{'];
const tLpar: I = ['(', '('];
const tPipe: I = ['pipe', '|'];
const tQuote: I = ['string', '"abc \\n\\t\\" "'];
const tRange: I = ['range', 'range'];
const tRight: I = ['right delim', '}}'];
const tRpar: I = [')', ')'];
const tSpace: I = ['space', ' '];
const raw = '`abc\\n\\t\\" `';
const rawNL = '`now is{{\n}}the time`';
const tRawQuote: I = ['raw string', raw];
const tRawQuoteNL: I = ['raw string', rawNL];

const lexTests: [string, string, I[]][] = [
  ['empty', '', [tEOF]],
  ['spaces', ' \t\n', [['text', ' \t\n'], tEOF]],
  ['text', 'now is the time', [['text', 'now is the time'], tEOF]],
  ['text with comment', 'hello-{{/* this is a comment */}}-world', [['text', 'hello-'], ['text', '-world'], tEOF]],
  ['punctuation', '{{,@% }}', [tLeft, ['char', ','], ['char', '@'], ['char', '%'], tSpace, tRight, tEOF]],
  ['parens', '{{((3))}}', [tLeft, tLpar, tLpar, ['number', '3'], tRpar, tRpar, tRight, tEOF]],
  ['empty action', '{{}}', [tLeft, tRight, tEOF]],
  ['for', '{{for}}', [tLeft, tFor, tRight, tEOF]],
  ['quote', '{{"abc \\n\\t\\" "}}', [tLeft, tQuote, tRight, tEOF]],
  ['raw quote', '{{' + raw + '}}', [tLeft, tRawQuote, tRight, tEOF]],
  ['raw quote with newline', '{{' + rawNL + '}}', [tLeft, tRawQuoteNL, tRight, tEOF]],
  ['numbers', '{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}', [
    tLeft, ['number', '1'], tSpace, ['number', '02'], tSpace, ['number', '0x14'], tSpace, ['number', '0X14'], tSpace,
    ['number', '-7.2i'], tSpace, ['number', '1e3'], tSpace, ['number', '1E3'], tSpace, ['number', '+1.2e-4'], tSpace,
    ['number', '4.2i'], tSpace, ['complex', '1+2i'], tSpace, ['number', '1_2'], tSpace, ['number', '0x1.e_fp4'], tSpace,
    ['number', '0X1.E_FP4'], tRight, tEOF,
  ]],
  ['characters', "{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '本'}}", [
    tLeft, ['charconst', "'a'"], tSpace, ['charconst', "'\\n'"], tSpace, ['charconst', "'\\''"], tSpace,
    ['charconst', "'\\\\'"], tSpace, ['charconst', "'\\u00FF'"], tSpace, ['charconst', "'\\xFF'"], tSpace,
    ['charconst', "'本'"], tRight, tEOF,
  ]],
  ['bools', '{{true false}}', [tLeft, ['bool', 'true'], tSpace, ['bool', 'false'], tRight, tEOF]],
  ['dot', '{{.}}', [tLeft, ['.', '.'], tRight, tEOF]],
  ['nil', '{{nil}}', [tLeft, ['nil', 'nil'], tRight, tEOF]],
  ['dots', '{{.x . .2 .x.y.z}}', [tLeft, ['field', '.x'], tSpace, ['.', '.'], tSpace, ['number', '.2'], tSpace, ['field', '.x'], ['field', '.y'], ['field', '.z'], tRight, tEOF]],
  ['keywords', '{{range if else end with}}', [tLeft, ['range', 'range'], tSpace, ['if', 'if'], tSpace, ['else', 'else'], tSpace, ['end', 'end'], tSpace, ['with', 'with'], tRight, tEOF]],
  ['variables', '{{$c := printf $ $hello $23 $ $var.Field .Method}}', [
    tLeft, ['variable', '$c'], tSpace, [':=', ':='], tSpace, ['identifier', 'printf'], tSpace, ['variable', '$'], tSpace,
    ['variable', '$hello'], tSpace, ['variable', '$23'], tSpace, ['variable', '$'], tSpace, ['variable', '$var'],
    ['field', '.Field'], tSpace, ['field', '.Method'], tRight, tEOF,
  ]],
  ['variable invocation', '{{$x 23}}', [tLeft, ['variable', '$x'], tSpace, ['number', '23'], tRight, tEOF]],
  ['pipeline', 'intro {{echo hi 1.2 |noargs|args 1 "hi"}} outro', [
    ['text', 'intro '], tLeft, ['identifier', 'echo'], tSpace, ['identifier', 'hi'], tSpace, ['number', '1.2'], tSpace,
    tPipe, ['identifier', 'noargs'], tPipe, ['identifier', 'args'], tSpace, ['number', '1'], tSpace, ['string', '"hi"'],
    tRight, ['text', ' outro'], tEOF,
  ]],
  ['declaration', '{{$v := 3}}', [tLeft, ['variable', '$v'], tSpace, [':=', ':='], tSpace, ['number', '3'], tRight, tEOF]],
  ['2 declarations', '{{$v , $w := 3}}', [tLeft, ['variable', '$v'], tSpace, ['char', ','], tSpace, ['variable', '$w'], tSpace, [':=', ':='], tSpace, ['number', '3'], tRight, tEOF]],
  ['field of parenthesized expression', '{{(.X).Y}}', [tLeft, tLpar, ['field', '.X'], tRpar, ['field', '.Y'], tRight, tEOF]],
  ['trimming spaces before and after', 'hello- {{- 3 -}} -world', [['text', 'hello-'], tLeft, ['number', '3'], tRight, ['text', '-world'], tEOF]],
  ['trimming spaces before and after comment', 'hello- {{- /* hello */ -}} -world', [['text', 'hello-'], ['text', '-world'], tEOF]],
  ['badchar', '#{{\x01}}', [['text', '#'], tLeft, ['error', 'unrecognized character in action: U+0001']]],
  ['unclosed action', '{{', [tLeft, ['error', 'unclosed action']]],
  ['EOF in action', '{{range', [tLeft, tRange, ['error', 'unclosed action']]],
  ['unclosed quote', '{{"\n"}}', [tLeft, ['error', 'unterminated quoted string']]],
  ['unclosed raw quote', '{{`xx}}', [tLeft, ['error', 'unterminated raw quoted string']]],
  ['unclosed char constant', "{{'\n}}", [tLeft, ['error', 'unterminated character constant']]],
  ['bad number', '{{3k}}', [tLeft, ['error', 'bad number syntax: "3k"']]],
  ['unclosed paren', '{{(3}}', [tLeft, tLpar, ['number', '3'], ['error', 'unclosed left paren']]],
  ['extra right paren', '{{3)}}', [tLeft, ['number', '3'], ['error', "unexpected right paren"]]],
  ['long pipeline deadlock', '{{|||||}}', [tLeft, tPipe, tPipe, tPipe, tPipe, tPipe, tRight, tEOF]],
  ['text with bad comment', 'hello-{{/*/}}-world', [['text', 'hello-'], ['error', 'unclosed comment']]],
  ['text with comment close separated from delim', 'hello-{{/* */ }}-world', [['text', 'hello-'], ['error', 'comment ends before closing delimiter']]],
  ['unmatched right delimiter', 'hello-{.}}-world', [['text', 'hello-{.}}-world'], tEOF]],
];

describe('lex_test.go lexTests', () => {
  it.each(lexTests)('%s', (_name, input, want) => {
    expect(items(input)).toEqual(want);
  });
});

describe('lex_test.go lexDelimTests', () => {
  const tLeftDelim: I = ['left delim', '$$'];
  const tRightDelim: I = ['right delim', '@@'];
  const cases: [string, string, I[]][] = [
    ['punctuation', '$$,@%{{}}@@', [tLeftDelim, ['char', ','], ['char', '@'], ['char', '%'], ['char', '{'], ['char', '{'], ['char', '}'], ['char', '}'], tRightDelim, tEOF]],
    ['empty action', '$$@@', [tLeftDelim, tRightDelim, tEOF]],
    ['for', '$$for@@', [tLeftDelim, tFor, tRightDelim, tEOF]],
    ['quote', '$$"abc \\n\\t\\" "@@', [tLeftDelim, tQuote, tRightDelim, tEOF]],
    ['raw quote', '$$' + raw + '@@', [tLeftDelim, tRawQuote, tRightDelim, tEOF]],
  ];
  it.each(cases)('%s', (_name, input, want) => {
    expect(items(input, '$$', '@@')).toEqual(want);
  });
});

describe('lex_test.go lexPosTests', () => {
  const cases: [string, string, [string, number, string][]][] = [
    ['empty', '', [['EOF', 0, '']]],
    ['punctuation', '{{,@%#}}', [['left delim', 0, '{{'], ['char', 2, ','], ['char', 3, '@'], ['char', 4, '%'], ['char', 5, '#'], ['right delim', 6, '}}'], ['EOF', 8, '']]],
    ['sample', '0123{{hello}}xyz', [['text', 0, '0123'], ['left delim', 4, '{{'], ['identifier', 6, 'hello'], ['right delim', 11, '}}'], ['text', 13, 'xyz'], ['EOF', 16, '']]],
  ];
  it.each(cases)('%s', (_name, input, want) => {
    expect(collect(input).map((i) => [NAMES[i.typ], i.pos, i.val])).toEqual(want);
  });
});
