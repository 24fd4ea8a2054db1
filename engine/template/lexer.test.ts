import { Item, Tok, describeItem, lex } from './lexer';

/** Compact view of the token stream: [type name, value] pairs. */
function tokens(input: string, options = {}): [string, string][] {
  return lex(input, options).map((i: Item) => [Tok[i.typ], i.val]);
}

describe('lexer', () => {
  test('text and actions with fields, pipes, strings and numbers', () => {
    expect(tokens('a {{.x.y | printf "%d" 3}} b')).toEqual([
      ['Text', 'a '],
      ['LeftDelim', '{{'],
      ['Field', '.x'],
      ['Field', '.y'],
      ['Space', ' '],
      ['Pipe', '|'],
      ['Space', ' '],
      ['Identifier', 'printf'],
      ['Space', ' '],
      ['String', '"%d"'],
      ['Space', ' '],
      ['Number', '3'],
      ['RightDelim', '}}'],
      ['Text', ' b'],
      ['EOF', ''],
    ]);
  });

  test('keywords, variables, declarations, parens, bools, nil, char constants', () => {
    expect(tokens("{{range $i, $v := (list)}}{{if true}}{{nil}}{{'a'}}{{end}}{{$}}{{.}}{{end}}").map((t) => t[0])).toEqual([
      'LeftDelim', 'Range', 'Space', 'Variable', 'Char', 'Space', 'Variable', 'Space', 'Declare', 'Space',
      'LeftParen', 'Identifier', 'RightParen', 'RightDelim',
      'LeftDelim', 'If', 'Space', 'Bool', 'RightDelim',
      'LeftDelim', 'Nil', 'RightDelim',
      'LeftDelim', 'CharConstant', 'RightDelim',
      'LeftDelim', 'End', 'RightDelim',
      'LeftDelim', 'Variable', 'RightDelim',
      'LeftDelim', 'Dot', 'RightDelim',
      'LeftDelim', 'End', 'RightDelim',
      'EOF',
    ]);
  });

  test('trim markers remove ASCII white space around the action and need a space', () => {
    expect(tokens('a \n\t{{- 1 -}} \r\n b')).toEqual([
      ['Text', 'a'],
      ['LeftDelim', '{{'],
      ['Number', '1'],
      ['RightDelim', '}}'],
      ['Text', 'b'],
      ['EOF', ''],
    ]);
    expect(tokens('{{-3}}')).toEqual([['LeftDelim', '{{'], ['Number', '-3'], ['RightDelim', '}}'], ['EOF', '']]);
    expect(tokens('a\u00a0{{- 1}}')[0]).toEqual(['Text', 'a\u00a0']);
  });

  test('comments must hug the delimiters and vanish with their trim markers', () => {
    expect(tokens('a {{- /* c */ -}} b')).toEqual([['Text', 'a'], ['Text', 'b'], ['EOF', '']]);
    expect(tokens('{{/* x }} y */}}z')).toEqual([['Text', 'z'], ['EOF', '']]);
    expect(tokens('{{/* c */ 1}}').pop()).toEqual(['Error', 'comment ends before closing delimiter']);
    expect(tokens('{{/* c }}').pop()).toEqual(['Error', 'unclosed comment']);
  });

  test('custom delimiters (empty means default)', () => {
    expect(tokens('<<.x>>{{.y}}', { leftDelim: '<<', rightDelim: '>>' })).toEqual([
      ['LeftDelim', '<<'],
      ['Field', '.x'],
      ['RightDelim', '>>'],
      ['Text', '{{.y}}'],
      ['EOF', ''],
    ]);
    expect(tokens('{{.y}}', { leftDelim: '', rightDelim: '' })[1]).toEqual(['Field', '.y']);
  });

  test('number syntax as Go scans it', () => {
    const numbers = (s: string) => tokens(`{{${s}}}`)[1];
    expect(numbers('0x1F')).toEqual(['Number', '0x1F']);
    expect(numbers('1_000')).toEqual(['Number', '1_000']);
    expect(numbers('.5')).toEqual(['Number', '.5']);
    expect(numbers('1e-3')).toEqual(['Number', '1e-3']);
    expect(numbers('0x1p4')).toEqual(['Number', '0x1p4']);
    expect(numbers('1+2i')).toEqual(['Complex', '1+2i']);
    expect(numbers('1a')).toEqual(['Error', 'bad number syntax: "1a"']);
    expect(numbers('-.n')).toEqual(['Error', 'bad number syntax: "-.n"']);
  });

  test('errors with Go messages', () => {
    const last = (s: string) => tokens(s).pop();
    expect(last('{{.a-b}}')).toEqual(['Error', "bad character U+002D '-'"]);
    expect(last('{{ "abc }}')).toEqual(['Error', 'unterminated quoted string']);
    expect(last('{{ `abc }}')).toEqual(['Error', 'unterminated raw quoted string']);
    expect(last("{{ 'a }}")).toEqual(['Error', 'unterminated character constant']);
    expect(last('{{ (1 }}')).toEqual(['Error', 'unclosed left paren']);
    expect(last('{{ 1) }}')).toEqual(['Error', "unexpected right paren U+0029 ')'"]);
    expect(last('{{ 1 ')).toEqual(['Error', 'unclosed action']);
    expect(last('{{ a:b }}')).toEqual(['Error', 'expected :=']);
    expect(last('{{ \u0001 }}')).toEqual(['Error', 'unrecognized character in action: U+0001']);
  });

  test('break/continue are identifiers when a function of that name exists', () => {
    expect(tokens('{{break}}', { breakOK: false })[1]).toEqual(['Identifier', 'break']);
    expect(tokens('{{break}}')[1]).toEqual(['Break', 'break']);
  });

  test('positions are offsets of each item', () => {
    const items = lex('ab{{ .x }}');
    expect(items.map((i) => i.pos)).toEqual([0, 2, 4, 5, 7, 8, 10]);
  });

  test('describeItem follows Go item.String()', () => {
    const [delim, , keyword] = lex('{{ if 1}}');
    expect(describeItem(delim)).toBe('"{{"');
    expect(describeItem(keyword)).toBe('<if>');
    expect(describeItem({ typ: Tok.String, pos: 0, val: '"abcdefghijklmnop"' })).toBe('"\\"abcdefghi"...');
    expect(describeItem({ typ: Tok.EOF, pos: 0, val: '' })).toBe('EOF');
  });
});
