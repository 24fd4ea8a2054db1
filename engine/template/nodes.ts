/**
 * Parse tree of a template, mirroring text/template/parse's node types.
 *
 * `pos` is the UTF-16 offset of the node in its tree's text. Nodes are plain immutable objects
 * discriminated by `type`, so a parsed template can be shared by concurrent executions.
 * `nodeString` reproduces Go's Node.String(), which execution errors quote as `at <...>`.
 */
import type { GoValue } from '../core/values';
import type { TemplateFunction } from './function-types';
import { quote as goQuote } from '../go/strconv';

export interface TextNode {
  readonly type: 'text';
  readonly pos: number;
  readonly text: string;
}

export interface CommentNode {
  readonly type: 'comment';
  readonly pos: number;
  readonly text: string;
}

export interface ActionNode {
  readonly type: 'action';
  readonly pos: number;
  readonly pipe: PipeNode;
}

export interface BranchNode {
  readonly type: 'if' | 'range' | 'with';
  readonly pos: number;
  readonly pipe: PipeNode;
  readonly list: ListNode;
  readonly elseList: ListNode | null;
}

export interface TemplateNode {
  readonly type: 'template';
  readonly pos: number;
  readonly name: string;
  readonly pipe: PipeNode | null;
}

export interface BreakNode {
  readonly type: 'break';
  readonly pos: number;
}

export interface ContinueNode {
  readonly type: 'continue';
  readonly pos: number;
}

export interface ListNode {
  readonly type: 'list';
  readonly pos: number;
  readonly nodes: Node[];
}

export interface PipeNode {
  readonly type: 'pipe';
  readonly pos: number;
  readonly isAssign: boolean;
  readonly decl: VariableNode[];
  readonly cmds: CommandNode[];
}

export interface CommandNode {
  readonly type: 'command';
  readonly pos: number;
  readonly args: ArgNode[];
}

export interface FieldNode {
  readonly type: 'field';
  readonly pos: number;
  readonly ident: readonly string[];
}

export interface ChainNode {
  readonly type: 'chain';
  readonly pos: number;
  readonly node: ArgNode;
  readonly field: readonly string[];
}

export interface VariableNode {
  readonly type: 'variable';
  readonly pos: number;
  /** `$x.a.b` is ["$x", "a", "b"]. */
  readonly ident: readonly string[];
}

export interface IdentifierNode {
  readonly type: 'identifier';
  readonly pos: number;
  readonly name: string;
  /** Resolved at parse time. */
  readonly fn: TemplateFunction;
  /** Go's builtin and/or, which short-circuit (only when not shadowed by a user function). */
  readonly shortCircuit: 'and' | 'or' | null;
}

export interface DotNode {
  readonly type: 'dot';
  readonly pos: number;
}

export interface NilNode {
  readonly type: 'nil';
  readonly pos: number;
}

export interface BoolNode {
  readonly type: 'bool';
  readonly pos: number;
  readonly value: boolean;
}

export interface NumberNode {
  readonly type: 'number';
  readonly pos: number;
  readonly text: string;
  readonly isInt: boolean;
  readonly isUint: boolean;
  readonly isFloat: boolean;
  readonly isComplex: boolean;
  readonly int64: bigint;
  readonly uint64: bigint;
  readonly float64: number;
  /** Value of the literal where no type is imposed (Go's idealConstant), or null with `idealError`. */
  readonly ideal: GoValue;
  readonly idealError: string | null;
}

export interface StringNode {
  readonly type: 'string';
  readonly pos: number;
  /** As written, quotes included. */
  readonly quoted: string;
  readonly text: string;
}

export type ArgNode =
  | FieldNode
  | ChainNode
  | VariableNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | PipeNode;

export type Node =
  | TextNode
  | CommentNode
  | ActionNode
  | BranchNode
  | TemplateNode
  | BreakNode
  | ContinueNode
  | ListNode;

export type AnyNode = Node | ArgNode | CommandNode;

/** A named template: the main text or a define/block body. */
export interface TreeDef {
  readonly name: string;
  /** Name of the text it was parsed from (used in error locations). */
  readonly parseName: string;
  readonly text: string;
  readonly root: ListNode;
}

function pipeString(p: PipeNode): string {
  let s = '';
  if (p.decl.length > 0) {
    s = p.decl.map((v) => v.ident.join('.')).join(', ') + ' := ';
  }
  return s + p.cmds.map(commandString).join(' | ');
}

function commandString(c: CommandNode): string {
  return c.args.map((a) => (a.type === 'pipe' ? `(${pipeString(a)})` : nodeString(a))).join(' ');
}

/** Go's Node.String(). */
export function nodeString(n: AnyNode): string {
  switch (n.type) {
    case 'text':
      return goQuote(n.text);
    case 'comment':
      return `{{${n.text}}}`;
    case 'action':
      return `{{${pipeString(n.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with': {
      let s = `{{${n.type} ${pipeString(n.pipe)}}}${nodeString(n.list)}`;
      if (n.elseList !== null) s += `{{else}}${nodeString(n.elseList)}`;
      return s + '{{end}}';
    }
    case 'template':
      return `{{template ${goQuote(n.name)}${n.pipe !== null ? ' ' + pipeString(n.pipe) : ''}}}`;
    case 'break':
      return '{{break}}';
    case 'continue':
      return '{{continue}}';
    case 'list':
      return n.nodes.map(nodeString).join('');
    case 'pipe':
      return pipeString(n);
    case 'command':
      return commandString(n);
    case 'field':
      return n.ident.map((id) => '.' + id).join('');
    case 'chain': {
      const head = n.node.type === 'pipe' ? `(${pipeString(n.node)})` : nodeString(n.node);
      return head + n.field.map((f) => '.' + f).join('');
    }
    case 'variable':
      return n.ident.join('.');
    case 'identifier':
      return n.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return n.value ? 'true' : 'false';
    case 'number':
      return n.text;
    case 'string':
      return n.quoted;
  }
}

/** unicode.IsSpace as bytes.TrimSpace uses it. */
const GO_SPACE_ONLY = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;

/** Go's parse.IsEmptyTree: only whitespace text and comments. */
export function isEmptyTree(n: Node): boolean {
  switch (n.type) {
    case 'comment':
      return true;
    case 'list':
      return n.nodes.every(isEmptyTree);
    case 'text':
      return GO_SPACE_ONLY.test(n.text);
    default:
      return false;
  }
}
