/**
 * Tokenizer for Go text/template source (Go 1.19 lexer rules).
 *
 * The whole input is tokenized eagerly into an array; tokenization stops at the first error,
 * which becomes an `Error` item that the parser reports when it reaches it (as Go does).
 * Positions are UTF-16 offsets into the text; lines and byte columns are derived from them only
 * when an error is reported.
 */
import { utf8Length } from './errors';
import { sprintf } from '../go/fmt';
import { quote as goQuote } from '../go/strconv';

/** fmt's `%#U` (`U+002D '-'`), as Go's lexer prints a bad rune. */
const goUnicodeVerb = (r: number): string => sprintf('%#U', [r]);

export enum Tok {
  Error,
  Bool,
  Char,
  CharConstant,
  Comment,
  Complex,
  Assign,
  Declare,
  EOF,
  Field,
  Identifier,
  LeftDelim,
  LeftParen,
  Number,
  Pipe,
  RawString,
  RightDelim,
  RightParen,
  Space,
  String,
  Text,
  Variable,
  // Keywords follow; everything after Keyword prints as <word> in messages.
  Keyword,
  Block,
  Break,
  Continue,
  Dot,
  Define,
  Else,
  End,
  If,
  Nil,
  Range,
  Template,
  With,
}

export interface Item {
  readonly typ: Tok;
  /** UTF-16 offset of the item's first character. */
  readonly pos: number;
  readonly val: string;
}

const KEYWORDS: ReadonlyMap<string, Tok> = new Map([
  ['.', Tok.Dot],
  ['block', Tok.Block],
  ['break', Tok.Break],
  ['continue', Tok.Continue],
  ['define', Tok.Define],
  ['else', Tok.Else],
  ['end', Tok.End],
  ['if', Tok.If],
  ['range', Tok.Range],
  ['nil', Tok.Nil],
  ['template', Tok.Template],
  ['with', Tok.With],
]);

/** How Go's item.String() shows a token in "unexpected X in Y" messages. */
export function describeItem(item: Item): string {
  if (item.typ === Tok.EOF) return 'EOF';
  if (item.typ === Tok.Error) return item.val;
  if (item.typ > Tok.Keyword) return `<${item.val}>`;
  if (utf8Length(item.val) > 10) return sprintf('%.10q...', [item.val]);
  return goQuote(item.val);
}

const EOF_CHAR = -1;
const LEFT_COMMENT = '/*';
const RIGHT_COMMENT = '*/';

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}]$/u;

function isAlphaNumeric(c: number): boolean {
  if (c < 0x80) {
    return c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  }
  return c !== EOF_CHAR && LETTER_OR_DIGIT.test(String.fromCodePoint(c));
}

function rightTrimLength(s: string): number {
  let n = s.length;
  while (n > 0 && isSpace(s.charCodeAt(n - 1))) n--;
  return s.length - n;
}

function leftTrimLength(s: string, from: number): number {
  let i = from;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i - from;
}

/** The lexer's states (Go's stateFn values); each state returns the next one. */
const enum State {
  Stop,
  Text,
  LeftDelim,
  Comment,
  RightDelim,
  InsideAction,
  Space,
  Identifier,
  Field,
  Variable,
  Char,
  Number,
  Quote,
  RawQuote,
}

export interface LexOptions {
  leftDelim?: string;
  rightDelim?: string;
  /** false when a function named `break` exists (then it is an identifier). */
  breakOK?: boolean;
  continueOK?: boolean;
}

class Lexer {
  private pos = 0;
  private start = 0;
  private atEOF = false;
  private parenDepth = 0;
  readonly items: Item[] = [];
  private readonly left: string;
  private readonly right: string;
  private readonly breakOK: boolean;
  private readonly continueOK: boolean;

  constructor(
    private readonly input: string,
    options: LexOptions,
  ) {
    this.left = options.leftDelim || '{{';
    this.right = options.rightDelim || '}}';
    this.breakOK = options.breakOK ?? true;
    this.continueOK = options.continueOK ?? true;
  }

  run(): Item[] {
    // One switch instead of state functions called through a variable: V8 inlines the states.
    let state = State.Text;
    for (;;) {
      switch (state) {
        case State.Text:
          state = this.lexText();
          break;
        case State.LeftDelim:
          state = this.lexLeftDelim();
          break;
        case State.Comment:
          state = this.lexComment();
          break;
        case State.RightDelim:
          state = this.lexRightDelim();
          break;
        case State.InsideAction:
          state = this.lexInsideAction();
          break;
        case State.Space:
          state = this.lexSpace();
          break;
        case State.Identifier:
          state = this.lexIdentifier();
          break;
        case State.Field:
          state = this.lexField();
          break;
        case State.Variable:
          state = this.lexVariable();
          break;
        case State.Char:
          state = this.lexChar();
          break;
        case State.Number:
          state = this.lexNumber();
          break;
        case State.Quote:
          state = this.lexQuote();
          break;
        case State.RawQuote:
          state = this.lexRawQuote();
          break;
        default:
          return this.items;
      }
    }
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.atEOF = true;
      return EOF_CHAR;
    }
    const unit = this.input.charCodeAt(this.pos);
    if (unit < 0xd800 || unit > 0xdbff) {
      this.pos++;
      return unit;
    }
    const c = this.input.codePointAt(this.pos) as number;
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  private backup(): void {
    if (!this.atEOF && this.pos > 0) {
      const low = this.input.charCodeAt(this.pos - 1);
      if (low >= 0xdc00 && low <= 0xdfff && this.pos > 1) {
        const high = this.input.charCodeAt(this.pos - 2);
        if (high >= 0xd800 && high <= 0xdbff) {
          this.pos -= 2;
          return;
        }
      }
      this.pos -= 1;
    }
  }

  private peek(): number {
    if (this.pos >= this.input.length) return EOF_CHAR;
    const unit = this.input.charCodeAt(this.pos);
    return unit < 0xd800 || unit > 0xdbff ? unit : (this.input.codePointAt(this.pos) as number);
  }

  /** Moves past the ASCII letters, digits and `_` at the current position (the common case of an identifier). */
  private skipAsciiWord(): void {
    const input = this.input;
    let i = this.pos;
    for (; i < input.length; i++) {
      const c = input.charCodeAt(i);
      if (!(c === 0x5f || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) break;
    }
    this.pos = i;
  }

  private emit(typ: Tok): void {
    this.items.push({ typ, pos: this.start, val: this.input.slice(this.start, this.pos) });
    this.start = this.pos;
  }

  private ignore(): void {
    this.start = this.pos;
  }

  private accept(valid: string): boolean {
    const c = this.next();
    if (c !== EOF_CHAR && valid.includes(String.fromCodePoint(c))) return true;
    this.backup();
    return false;
  }

  private acceptRun(valid: string): void {
    for (;;) {
      const c = this.next();
      if (c === EOF_CHAR || !valid.includes(String.fromCodePoint(c))) break;
    }
    this.backup();
  }

  private errorf(message: string): State {
    this.items.push({ typ: Tok.Error, pos: this.start, val: message });
    return State.Stop;
  }

  private hasLeftTrimMarker(at: number): boolean {
    return this.input.charCodeAt(at) === 0x2d && isSpace(this.input.charCodeAt(at + 1));
  }

  private hasRightTrimMarker(at: number): boolean {
    return isSpace(this.input.charCodeAt(at)) && this.input.charCodeAt(at + 1) === 0x2d;
  }

  /** [isDelim, withTrimMarker] at the current position. */
  private atRightDelim(): 0 | 1 | 2 {
    if (this.hasRightTrimMarker(this.pos) && this.input.startsWith(this.right, this.pos + 2)) return 2;
    if (this.input.startsWith(this.right, this.pos)) return 1;
    return 0;
  }

  private lexText(): State {
    const x = this.input.indexOf(this.left, this.pos);
    if (x >= 0) {
      this.pos = x;
      let trimLength = 0;
      if (this.hasLeftTrimMarker(x + this.left.length)) {
        trimLength = rightTrimLength(this.input.slice(this.start, this.pos));
      }
      this.pos -= trimLength;
      if (this.pos > this.start) this.emit(Tok.Text);
      this.pos += trimLength;
      this.ignore();
      return State.LeftDelim;
    }
    this.pos = this.input.length;
    if (this.pos > this.start) this.emit(Tok.Text);
    this.emit(Tok.EOF);
    return State.Stop;
  }

  private lexLeftDelim(): State {
    this.pos += this.left.length;
    const trimSpace = this.hasLeftTrimMarker(this.pos);
    const afterMarker = trimSpace ? 2 : 0;
    if (this.input.startsWith(LEFT_COMMENT, this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return State.Comment;
    }
    this.emit(Tok.LeftDelim);
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return State.InsideAction;
  }

  private lexComment(): State {
    this.pos += LEFT_COMMENT.length;
    const i = this.input.indexOf(RIGHT_COMMENT, this.pos);
    if (i < 0) return this.errorf('unclosed comment');
    this.pos = i + RIGHT_COMMENT.length;
    const delim = this.atRightDelim();
    if (delim === 0) return this.errorf('comment ends before closing delimiter');
    if (delim === 2) this.pos += 2;
    this.pos += this.right.length;
    if (delim === 2) this.pos += leftTrimLength(this.input, this.pos);
    this.ignore();
    return State.Text;
  }

  private lexRightDelim(): State {
    const trimSpace = this.hasRightTrimMarker(this.pos);
    if (trimSpace) {
      this.pos += 2;
      this.ignore();
    }
    this.pos += this.right.length;
    this.emit(Tok.RightDelim);
    if (trimSpace) {
      this.pos += leftTrimLength(this.input, this.pos);
      this.ignore();
    }
    return State.Text;
  }

  private lexInsideAction(): State {
    if (this.atRightDelim() !== 0) {
      if (this.parenDepth === 0) return State.RightDelim;
      return this.errorf('unclosed left paren');
    }
    const r = this.next();
    if (r === EOF_CHAR) return this.errorf('unclosed action');
    if (isSpace(r)) {
      this.backup(); // the space may belong to " -}}"
      return State.Space;
    }
    switch (r) {
      case 0x3d: // =
        this.emit(Tok.Assign);
        return State.InsideAction;
      case 0x3a: // :
        if (this.next() !== 0x3d) return this.errorf('expected :=');
        this.emit(Tok.Declare);
        return State.InsideAction;
      case 0x7c: // |
        this.emit(Tok.Pipe);
        return State.InsideAction;
      case 0x22: // "
        return State.Quote;
      case 0x60: // `
        return State.RawQuote;
      case 0x24: // $
        return State.Variable;
      case 0x27: // '
        return State.Char;
      case 0x28: // (
        this.emit(Tok.LeftParen);
        this.parenDepth++;
        return State.InsideAction;
      case 0x29: // )
        this.emit(Tok.RightParen);
        this.parenDepth--;
        if (this.parenDepth < 0) return this.errorf(`unexpected right paren ${goUnicodeVerb(r)}`);
        return State.InsideAction;
    }
    if (r === 0x2e) {
      // ".field" unless a digit follows (".5" is a number).
      if (this.pos < this.input.length) {
        const c = this.input.charCodeAt(this.pos);
        if (c < 0x30 || c > 0x39) return State.Field;
      }
      this.backup();
      return State.Number;
    }
    if (r === 0x2b || r === 0x2d || (r >= 0x30 && r <= 0x39)) {
      this.backup();
      return State.Number;
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return State.Identifier;
    }
    if (r < 0x80 && r >= 0x20 && r !== 0x7f) {
      this.emit(Tok.Char);
      return State.InsideAction;
    }
    return this.errorf(`unrecognized character in action: ${goUnicodeVerb(r)}`);
  }

  private lexSpace(): State {
    const input = this.input;
    const from = this.pos;
    while (this.pos < input.length && isSpace(input.charCodeAt(this.pos))) this.pos++;
    const numSpaces = this.pos - from;
    // A trim-marked right delimiter starts with a space: leave that space to it.
    if (this.hasRightTrimMarker(this.pos - 1) && this.input.startsWith(this.right, this.pos + 1)) {
      this.backup();
      if (numSpaces === 1) return State.RightDelim;
    }
    this.emit(Tok.Space);
    return State.InsideAction;
  }

  private lexIdentifier(): State {
    this.skipAsciiWord();
    for (;;) {
      const r = this.next();
      if (isAlphaNumeric(r)) continue;
      this.backup();
      const word = this.input.slice(this.start, this.pos);
      if (!this.atTerminator()) return this.errorf(`bad character ${goUnicodeVerb(r)}`);
      const keyword = KEYWORDS.get(word);
      if (keyword !== undefined && keyword > Tok.Keyword) {
        if ((keyword === Tok.Break && !this.breakOK) || (keyword === Tok.Continue && !this.continueOK)) {
          this.emit(Tok.Identifier);
        } else {
          this.emit(keyword);
        }
      } else if (word[0] === '.') {
        this.emit(Tok.Field);
      } else if (word === 'true' || word === 'false') {
        this.emit(Tok.Bool);
      } else {
        this.emit(Tok.Identifier);
      }
      return State.InsideAction;
    }
  }

  private lexField(): State {
    return this.lexFieldOrVariable(Tok.Field);
  }

  private lexVariable(): State {
    if (this.atTerminator()) {
      this.emit(Tok.Variable);
      return State.InsideAction;
    }
    return this.lexFieldOrVariable(Tok.Variable);
  }

  private lexFieldOrVariable(typ: Tok): State {
    if (this.atTerminator()) {
      this.emit(typ === Tok.Variable ? Tok.Variable : Tok.Dot);
      return State.InsideAction;
    }
    this.skipAsciiWord();
    let r: number;
    for (;;) {
      r = this.next();
      if (!isAlphaNumeric(r)) {
        this.backup();
        break;
      }
    }
    if (!this.atTerminator()) return this.errorf(`bad character ${goUnicodeVerb(r)}`);
    this.emit(typ);
    return State.InsideAction;
  }

  private atTerminator(): boolean {
    const r = this.peek();
    if (isSpace(r)) return true;
    switch (r) {
      case EOF_CHAR:
      case 0x2e: // .
      case 0x2c: // ,
      case 0x7c: // |
      case 0x3a: // :
      case 0x29: // )
      case 0x28: // (
        return true;
    }
    return this.input.startsWith(this.right, this.pos);
  }

  private lexChar(): State {
    for (;;) {
      const c = this.next();
      if (c === 0x5c) {
        const e = this.next();
        if (e !== EOF_CHAR && e !== 0x0a) continue;
        return this.errorf('unterminated character constant');
      }
      if (c === EOF_CHAR || c === 0x0a) return this.errorf('unterminated character constant');
      if (c === 0x27) break;
    }
    this.emit(Tok.CharConstant);
    return State.InsideAction;
  }

  private lexNumber(): State {
    if (!this.scanNumber()) return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
    const sign = this.peek();
    if (sign === 0x2b || sign === 0x2d) {
      // Complex: 1+2i.
      if (!this.scanNumber() || this.input[this.pos - 1] !== 'i') {
        return this.errorf(`bad number syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
      }
      this.emit(Tok.Complex);
    } else {
      this.emit(Tok.Number);
    }
    return State.InsideAction;
  }

  private scanNumber(): boolean {
    this.accept('+-');
    let digits = '0123456789_';
    if (this.accept('0')) {
      if (this.accept('xX')) digits = '0123456789abcdefABCDEF_';
      else if (this.accept('oO')) digits = '01234567_';
      else if (this.accept('bB')) digits = '01_';
    }
    this.acceptRun(digits);
    if (this.accept('.')) this.acceptRun(digits);
    if (digits.length === 11 && this.accept('eE')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    if (digits.length === 23 && this.accept('pP')) {
      this.accept('+-');
      this.acceptRun('0123456789_');
    }
    this.accept('i');
    if (isAlphaNumeric(this.peek())) {
      this.next();
      return false;
    }
    return true;
  }

  private lexQuote(): State {
    for (;;) {
      const c = this.next();
      if (c === 0x5c) {
        const e = this.next();
        if (e !== EOF_CHAR && e !== 0x0a) continue;
        return this.errorf('unterminated quoted string');
      }
      if (c === EOF_CHAR || c === 0x0a) return this.errorf('unterminated quoted string');
      if (c === 0x22) break;
    }
    this.emit(Tok.String);
    return State.InsideAction;
  }

  private lexRawQuote(): State {
    const end = this.input.indexOf('`', this.pos);
    if (end < 0) {
      this.pos = this.input.length;
      return this.errorf('unterminated raw quoted string');
    }
    this.pos = end + 1;
    this.emit(Tok.RawString);
    return State.InsideAction;
  }
}

/** Tokenizes `input`; the result ends with an EOF or an Error item. */
export function lex(input: string, options: LexOptions = {}): Item[] {
  return new Lexer(input, options).run();
}
