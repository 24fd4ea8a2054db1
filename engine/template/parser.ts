/**
 * Recursive-descent parser for Go text/template (Go 1.19 grammar and error messages).
 *
 * It follows Go's parser closely, including its three-token look-ahead buffer, because error
 * lines ("the last token read") and node positions (a field chain `.a.b` is positioned at `.b`)
 * are observable in messages. Function names are resolved at parse time.
 */
import { TemplateError, positionOf } from './errors';
import { quote as goQuote } from '../go/strconv';
import { Item, Tok, describeItem, lex } from './lexer';
import { parseNumberLiteral, unquoteString } from './literals';
import type { FunctionMap, TemplateFunction } from './function-types';
import { goBuiltins } from './builtins';
import { makeFloat, makeInt } from '../core/values';
import { GoComplex } from '../go/complex';
import {
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  IdentifierNode,
  ListNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  TreeDef,
  VariableNode,
  isEmptyTree,
  nodeString,
} from './nodes';

export interface ParseOptions {
  /** Template name (shown in errors, callable via {{template}}). */
  readonly name: string;
  readonly leftDelim?: string;
  readonly rightDelim?: string;
  /** User functions; Go's builtins are always available underneath. */
  readonly funcs: FunctionMap;
}

export interface ParseResult {
  /** Every template of the text by name: the main one and each define/block. */
  readonly trees: ReadonlyMap<string, TreeDef>;
  /** The main text's own tree (even when a define of the same name replaced it in `trees`). */
  readonly main: TreeDef;
}

interface Marker {
  readonly type: 'end' | 'else';
  readonly pos: number;
}

function isMarker(n: Node | Marker): n is Marker {
  return n.type === 'end' || n.type === 'else';
}

const EOF_ITEM: Item = { typ: Tok.EOF, pos: 0, val: '' };

/** Thrown internally; converted into a TemplateError by parse(). */
class ParseFailure extends Error {
  constructor(
    message: string,
    readonly pos: number,
  ) {
    super(message);
  }
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/**
 * Name → function (or null) per frozen function map, memoised: every parse looks up
 * `break`/`continue` and each identifier, and hasOwnProperty on a big map is slow. A map that
 * is not frozen could change after a parse, so it is looked up directly every time.
 */
const functionLookups = new WeakMap<FunctionMap, Map<string, TemplateFunction | null>>();

function lookupDirect(funcs: FunctionMap, name: string): TemplateFunction | null {
  if (hasOwn(funcs, name)) return funcs[name];
  return hasOwn(goBuiltins, name) ? goBuiltins[name] : null;
}

function lookupIn(funcs: FunctionMap, name: string): TemplateFunction | undefined {
  let memo = functionLookups.get(funcs);
  if (memo === undefined) {
    if (!Object.isFrozen(funcs)) return lookupDirect(funcs, name) ?? undefined;
    memo = new Map();
    functionLookups.set(funcs, memo);
  }
  let found = memo.get(name);
  if (found === undefined) {
    found = lookupDirect(funcs, name);
    if (memo.size < 10000) memo.set(name, found);
  }
  return found ?? undefined;
}

function hasAnyOf(text: string, chars: string): boolean {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i])) return true;
  return false;
}

class Parser {
  private readonly items: Item[];
  private index = 0;
  /** Go's token[3]/peekCount look-ahead buffer; token[0] is the furthest item read. */
  private readonly token: Item[] = [EOF_ITEM, EOF_ITEM, EOF_ITEM];
  private peekCount = 0;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionPos = -1;
  readonly trees = new Map<string, TreeDef>();

  constructor(
    private readonly text: string,
    private readonly options: ParseOptions,
  ) {
    this.items = lex(text, {
      leftDelim: options.leftDelim,
      rightDelim: options.rightDelim,
      breakOK: this.lookupFunction('break') === undefined,
      continueOK: this.lookupFunction('continue') === undefined,
    });
  }

  private lookupFunction(name: string): TemplateFunction | undefined {
    return lookupIn(this.options.funcs, name);
  }

  // --- token buffer -------------------------------------------------------------------------

  private lexNext(): Item {
    const item = this.items[this.index];
    // The item list always ends with EOF or Error; keep returning it.
    if (this.index < this.items.length - 1) this.index++;
    return item;
  }

  private next(): Item {
    if (this.peekCount > 0) this.peekCount--;
    else this.token[0] = this.lexNext();
    return this.token[this.peekCount];
  }

  private backup(): void {
    this.peekCount++;
  }

  private backup2(t1: Item): void {
    this.token[1] = t1;
    this.peekCount = 2;
  }

  private backup3(t2: Item, t1: Item): void {
    this.token[1] = t1;
    this.token[2] = t2;
    this.peekCount = 3;
  }

  private peek(): Item {
    if (this.peekCount > 0) return this.token[this.peekCount - 1];
    this.peekCount = 1;
    this.token[0] = this.lexNext();
    return this.token[0];
  }

  private nextNonSpace(): Item {
    let token: Item;
    do token = this.next();
    while (token.typ === Tok.Space);
    return token;
  }

  private peekNonSpace(): Item {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }

  // --- errors -------------------------------------------------------------------------------

  private errorf(message: string): never {
    throw new ParseFailure(message, this.token[0].pos);
  }

  private expect(expected: Tok, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected) this.unexpected(token, context);
    return token;
  }

  private expectOneOf(expected1: Tok, expected2: Tok, context: string): Item {
    const token = this.nextNonSpace();
    if (token.typ !== expected1 && token.typ !== expected2) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Item, context: string): never {
    if (token.typ === Tok.Error) {
      let extra = '';
      if (this.actionPos >= 0) {
        const actionLine = positionOf(this.text, this.actionPos).line;
        if (actionLine !== positionOf(this.text, token.pos).line) {
          extra = ` in action started at ${this.options.name}:${actionLine}`;
          if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
        }
      }
      this.errorf(`${token.val}${extra}`);
    }
    this.errorf(`unexpected ${describeItem(token)} in ${context}`);
  }

  // --- trees --------------------------------------------------------------------------------

  private add(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (existing === undefined || isEmptyTree(existing.root)) {
      this.trees.set(name, { name, parseName: this.options.name, text: this.text, root });
      return;
    }
    if (!isEmptyTree(root)) this.errorf(`template: multiple definition of template ${goQuote(name)}`);
  }

  /** Runs `body` as the parse of a separate tree (define/block): fresh variables and range depth. */
  private inNewTree<T>(body: () => T): T {
    const vars = this.vars;
    const rangeDepth = this.rangeDepth;
    const actionPos = this.actionPos;
    this.vars = ['$'];
    this.rangeDepth = 0;
    this.actionPos = -1;
    try {
      return body();
    } finally {
      this.vars = vars;
      this.rangeDepth = rangeDepth;
      this.actionPos = actionPos;
    }
  }

  parse(): TreeDef {
    const nodes: Node[] = [];
    const root: ListNode = { type: 'list', pos: this.peek().pos, nodes };
    while (this.peek().typ !== Tok.EOF) {
      if (this.peek().typ === Tok.LeftDelim) {
        const delim = this.next();
        if (this.nextNonSpace().typ === Tok.Define) {
          this.inNewTree(() => this.parseDefinition());
          continue;
        }
        this.backup2(delim);
      }
      const n = this.textOrAction();
      if (isMarker(n)) this.errorf(`unexpected {{${n.type}}}`);
      nodes.push(n);
    }
    const main: TreeDef = { name: this.options.name, parseName: this.options.name, text: this.text, root };
    this.add(this.options.name, root);
    return main;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const nameToken = this.expectOneOf(Tok.String, Tok.RawString, context);
    const name = this.unquote(nameToken.val);
    this.expect(Tok.RightDelim, context);
    const [root, end] = this.itemList();
    if (end.type !== 'end') this.errorf(`unexpected {{${end.type}}} in ${context}`);
    this.add(name, root);
  }

  private itemList(): [ListNode, Marker] {
    const nodes: Node[] = [];
    const list: ListNode = { type: 'list', pos: this.peekNonSpace().pos, nodes };
    while (this.peekNonSpace().typ !== Tok.EOF) {
      const n = this.textOrAction();
      if (isMarker(n)) return [list, n];
      nodes.push(n);
    }
    this.errorf('unexpected EOF');
  }

  private textOrAction(): Node | Marker {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Tok.Text:
        return { type: 'text', pos: token.pos, text: token.val };
      case Tok.LeftDelim: {
        this.actionPos = token.pos;
        try {
          return this.action();
        } finally {
          this.actionPos = -1;
        }
      }
      default:
        this.unexpected(token, 'input');
    }
  }

  private action(): Node | Marker {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Tok.Block:
        return this.blockControl();
      case Tok.Break:
        return this.loopControl('break', token.pos);
      case Tok.Continue:
        return this.loopControl('continue', token.pos);
      case Tok.Else:
        return this.elseControl();
      case Tok.End:
        return { type: 'end', pos: this.expect(Tok.RightDelim, 'end').pos };
      case Tok.If:
        return this.branch('if', true);
      case Tok.Range:
        return this.branch('range', false);
      case Tok.Template:
        return this.templateControl();
      case Tok.With:
        return this.branch('with', false);
    }
    this.backup();
    const pos = this.peek().pos;
    return { type: 'action', pos, pipe: this.pipeline('command', Tok.RightDelim) };
  }

  private loopControl(kind: 'break' | 'continue', pos: number): Node {
    const token = this.nextNonSpace();
    if (token.typ !== Tok.RightDelim) this.unexpected(token, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.errorf(`{{${kind}}} outside {{range}}`);
    return { type: kind, pos };
  }

  private pipeline(context: string, end: Tok): PipeNode {
    const pos = this.peekNonSpace().pos;
    const decl: VariableNode[] = [];
    const cmds: CommandNode[] = [];
    let isAssign = false;
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== Tok.Variable) break;
      this.next();
      // "$x foo" is an argument, "$x :=" a declaration: look past the space to tell.
      const tokenAfterVariable = this.peek();
      const next = this.peekNonSpace();
      if (next.typ === Tok.Assign || next.typ === Tok.Declare) {
        isAssign = next.typ === Tok.Assign;
        this.nextNonSpace();
        decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        break;
      }
      if (next.typ === Tok.Char && next.val === ',') {
        this.nextNonSpace();
        decl.push(this.newVariable(v.pos, v.val));
        this.vars.push(v.val);
        if (context === 'range' && decl.length < 2) {
          const t = this.peekNonSpace().typ;
          if (t === Tok.Variable || t === Tok.RightDelim || t === Tok.RightParen) continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      if (tokenAfterVariable.typ === Tok.Space) this.backup3(v, tokenAfterVariable);
      else this.backup2(v);
      break;
    }
    for (;;) {
      const token = this.nextNonSpace();
      if (token.typ === end) {
        const pipe: PipeNode = { type: 'pipe', pos, isAssign, decl, cmds };
        this.checkPipeline(pipe, context);
        return pipe;
      }
      switch (token.typ) {
        case Tok.Bool:
        case Tok.CharConstant:
        case Tok.Complex:
        case Tok.Dot:
        case Tok.Field:
        case Tok.Identifier:
        case Tok.Number:
        case Tok.Nil:
        case Tok.RawString:
        case Tok.String:
        case Tok.Variable:
        case Tok.LeftParen:
          this.backup();
          cmds.push(this.command());
          break;
        default:
          this.unexpected(token, context);
      }
    }
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
    for (let i = 1; i < pipe.cmds.length; i++) {
      switch (pipe.cmds[i].args[0].type) {
        case 'bool':
        case 'dot':
        case 'nil':
        case 'number':
        case 'string':
          this.errorf(`non executable command in pipeline stage ${i + 1}`);
      }
    }
  }

  private branch(type: BranchNode['type'], allowElseIf: boolean): BranchNode {
    const varCount = this.vars.length;
    const pipe = this.pipeline(type, Tok.RightDelim);
    if (type === 'range') this.rangeDepth++;
    const [list, next] = this.itemList();
    if (type === 'range') this.rangeDepth--;
    let elseList: ListNode | null = null;
    if (next.type === 'else') {
      if (allowElseIf && this.peek().typ === Tok.If) {
        // {{else if x}} is {{else}}{{if x}}…{{end}}{{end}} sharing the final {{end}}.
        this.next();
        elseList = { type: 'list', pos: next.pos, nodes: [this.branch('if', true)] };
      } else {
        const [list2, next2] = this.itemList();
        if (next2.type !== 'end') this.errorf(`expected end; found {{${next2.type}}}`);
        elseList = list2;
      }
    }
    this.vars.length = varCount;
    return { type, pos: pipe.pos, pipe, list, elseList };
  }

  private elseControl(): Marker {
    const peek = this.peekNonSpace();
    if (peek.typ === Tok.If) return { type: 'else', pos: peek.pos };
    const token = this.expect(Tok.RightDelim, 'else');
    return { type: 'else', pos: token.pos };
  }

  private blockControl(): TemplateNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    const pipe = this.pipeline(context, Tok.RightDelim);
    this.inNewTree(() => {
      const [root, end] = this.itemList();
      if (end.type !== 'end') this.errorf(`unexpected {{${end.type}}} in ${context}`);
      this.add(name, root);
    });
    return { type: 'template', pos: token.pos, name, pipe };
  }

  private templateControl(): TemplateNode {
    const context = 'template clause';
    const token = this.nextNonSpace();
    const name = this.parseTemplateName(token, context);
    let pipe: PipeNode | null = null;
    if (this.nextNonSpace().typ !== Tok.RightDelim) {
      this.backup();
      pipe = this.pipeline(context, Tok.RightDelim);
    }
    return { type: 'template', pos: token.pos, name, pipe };
  }

  private parseTemplateName(token: Item, context: string): string {
    if (token.typ === Tok.String || token.typ === Tok.RawString) return this.unquote(token.val);
    this.unexpected(token, context);
  }

  private unquote(quoted: string): string {
    try {
      return unquoteString(quoted);
    } catch (e) {
      this.errorf((e as Error).message);
    }
  }

  private command(): CommandNode {
    const args: ArgNode[] = [];
    const cmd: CommandNode = { type: 'command', pos: this.peekNonSpace().pos, args };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand !== null) args.push(operand);
      const token = this.next();
      if (token.typ === Tok.Space) continue;
      if (token.typ === Tok.RightDelim || token.typ === Tok.RightParen) this.backup();
      else if (token.typ !== Tok.Pipe) this.unexpected(token, 'operand');
      break;
    }
    if (args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (node === null) return null;
    if (this.peek().typ !== Tok.Field) return node;
    const chainPos = this.peek().pos;
    // A field token is one `.name` (the lexer stops at the next dot), so no split is needed.
    const fields: string[] = [];
    while (this.peek().typ === Tok.Field) fields.push(this.next().val.slice(1));
    switch (node.type) {
      case 'field':
        return { type: 'field', pos: chainPos, ident: node.ident.concat(fields) };
      case 'variable':
        return { type: 'variable', pos: chainPos, ident: node.ident.concat(fields) };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        this.errorf(`unexpected . after term ${goQuote(nodeString(node))}`);
    }
    const chain: ChainNode = { type: 'chain', pos: chainPos, node, field: fields };
    return chain;
  }

  private term(): ArgNode | null {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case Tok.Identifier: {
        const fn = this.lookupFunction(token.val);
        if (fn === undefined) this.errorf(`function ${goQuote(token.val)} not defined`);
        const shortCircuit = fn === goBuiltins.and ? 'and' : fn === goBuiltins.or ? 'or' : null;
        const ident: IdentifierNode = { type: 'identifier', pos: token.pos, name: token.val, fn, shortCircuit };
        return ident;
      }
      case Tok.Dot:
        return { type: 'dot', pos: token.pos };
      case Tok.Nil:
        return { type: 'nil', pos: token.pos };
      case Tok.Variable:
        return this.useVar(token.pos, token.val);
      case Tok.Field:
        return { type: 'field', pos: token.pos, ident: [token.val.slice(1)] };
      case Tok.Bool:
        return { type: 'bool', pos: token.pos, value: token.val === 'true' };
      case Tok.CharConstant:
      case Tok.Complex:
      case Tok.Number:
        return this.newNumber(token);
      case Tok.LeftParen:
        return this.pipeline('parenthesized pipeline', Tok.RightParen);
      case Tok.String:
      case Tok.RawString:
        return { type: 'string', pos: token.pos, quoted: token.val, text: this.unquote(token.val) };
    }
    this.backup();
    return null;
  }

  private newNumber(token: Item): NumberNode {
    const kind = token.typ === Tok.CharConstant ? 'char' : token.typ === Tok.Complex ? 'complex' : 'number';
    let lit;
    try {
      lit = parseNumberLiteral(token.val, kind);
    } catch (e) {
      this.errorf((e as Error).message);
    }
    const text = token.val;
    let ideal: NumberNode['ideal'] = undefined;
    let idealError: string | null = null;
    const isHexInt = text.length > 2 && text[0] === '0' && (text[1] === 'x' || text[1] === 'X') && !hasAnyOf(text, 'pP');
    if (lit.complex !== null) {
      ideal = new GoComplex(lit.complex[0], lit.complex[1]);
    } else if (lit.isFloat && !isHexInt && text[0] !== "'" && hasAnyOf(text, '.eEpP')) {
      ideal = makeFloat(lit.float64);
    } else if (lit.isInt) {
      ideal = makeInt(lit.int64);
    } else if (lit.isUint) {
      idealError = `${text} overflows int`;
    }
    return { type: 'number', pos: token.pos, text, ...lit, ideal, idealError };
  }

  private newVariable(pos: number, name: string): VariableNode {
    // A variable token is `$` or `$name`: never a dot inside.
    return { type: 'variable', pos, ident: [name] };
  }

  private useVar(pos: number, name: string): VariableNode {
    const v = this.newVariable(pos, name);
    if (!this.vars.includes(v.ident[0])) this.errorf(`undefined variable ${goQuote(v.ident[0])}`);
    return v;
  }
}

/** Parses `text`; throws a parse-phase TemplateError with Go's message. */
export function parse(text: string, options: ParseOptions): ParseResult {
  const parser = new Parser(text, options);
  try {
    const main = parser.parse();
    return { trees: parser.trees, main };
  } catch (e) {
    if (!(e instanceof ParseFailure)) throw e;
    const where = positionOf(text, e.pos);
    throw new TemplateError({
      phase: 'parse',
      templateName: options.name,
      line: where.line,
      column: where.column,
      goMessage: `template: ${options.name}:${where.line}: ${e.message}`,
      detail: e.message,
    });
  }
}
