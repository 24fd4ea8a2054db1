/**
 * Executes parsed templates with Go text/template semantics (exec.go, Go 1.19).
 *
 * Go-observable details kept here:
 * - a missing value (`undefined`, Go's invalid reflect.Value) differs from a nil interface
 *   (`null`, only ever a map value or list element) until a pipeline ends, where both become
 *   missing; chains through null fail ("nil pointer evaluating interface {}.x");
 * - values read out of `map[string]interface{}` / `[]interface{}` have the static type
 *   `interface {}` (tracked as the "iface" flag), which error messages name;
 * - the error location is the last node the executor visited, as Go's `s.at(node)`.
 * break/continue travel as return signals, not exceptions; output is one string.
 */
import { TemplateError, positionOf } from './errors';
import { isListenerError, reportNoValue } from './no-value';
import { Unknown, UnknownValueError, unknownText } from '../core/unknown';
import { quote as goQuote } from '../go/strconv';
import type { ParamType, TemplateCallContext, TemplateFunction } from './function-types';
import { FunctionError } from './function-types';
import { formatValue } from '../go/fmt';
import { timeMember } from '../go/time-methods';
import { isGoTime } from '../core/go-time';
import { sortStrings } from '../go/strings';
import type { ParseResult } from './parser';
import {
  ActionNode,
  AnyNode,
  ArgNode,
  BranchNode,
  ChainNode,
  CommandNode,
  FieldNode,
  IdentifierNode,
  Node,
  NumberNode,
  PipeNode,
  TemplateNode,
  TreeDef,
  VariableNode,
  isEmptyTree,
  nodeString,
} from './nodes';
import {
  GO_TYPE,
  GoFloat,
  GoInt,
  GoList,
  GoMap,
  GoMethod,
  GoValue,
  elementTypeName,
  goTypeName,
  isGoMethod,
  isGoObject,
  isTrue,
  makeFloat,
  makeInt,
  zeroValueOf,
} from '../core/values';

export type MissingKeyMode = 'default' | 'invalid' | 'zero' | 'error';

const MISSING_DEFAULT = 0;
const MISSING_ZERO = 1;
const MISSING_ERROR = 2;

/** Go's maxExecDepth for nested {{template}} calls. */
const MAX_EXEC_DEPTH = 100000;

const SIGNAL_NONE = 0;
const SIGNAL_BREAK = 1;
const SIGNAL_CONTINUE = 2;

/** Go's missingVal: "no value piped into this command". */
const NO_FINAL: unique symbol = Symbol('noFinal');
type Final = GoValue | typeof NO_FINAL;

/** Where {{template "name"}} finds its templates. */
export interface TemplateScope {
  lookup(name: string): TreeDef | undefined;
}

/**
 * The templates of one parse, layered over those of an enclosing set (tpl sees the defines of
 * the template that called it). A new empty definition does not hide an existing one.
 */
export class TreeScope implements TemplateScope {
  constructor(
    private readonly own: ReadonlyMap<string, TreeDef>,
    private readonly parent: TemplateScope | null = null,
  ) {}

  lookup(name: string): TreeDef | undefined {
    const mine = this.own.get(name);
    if (this.parent === null) return mine;
    if (mine !== undefined && !isEmptyTree(mine.root)) return mine;
    return this.parent.lookup(name) ?? mine;
  }
}

/** Shared by one top-level execution and everything it renders through include/tpl. */
export interface ExecEnvironment {
  readonly missingKey: MissingKeyMode;
  /** Name of the top-level template (for ExecuteTemplate's "no template" message). */
  readonly rootName: string;
  /** Parses text the way the running template was parsed (tpl). */
  readonly parse: (text: string) => ParseResult;
  readonly counters: Map<string, number>;
  /** Inside `tpl`, whose output drops every `<no value>` (Helm's rule): nothing is reported. */
  readonly quiet?: boolean;
  /**
   * Check mode's unknown values (engine/core/unknown.ts): with this list, an action or an
   * if/with/range whose value is unknown prints its marker text instead and is recorded here;
   * without it, reading one aborts the execution with an UnknownValueError.
   */
  readonly unknowns?: Unknown[];
}

function missingKeyCode(mode: MissingKeyMode): number {
  return mode === 'zero' ? MISSING_ZERO : mode === 'error' ? MISSING_ERROR : MISSING_DEFAULT;
}

const PARAM_TYPE_NAMES: Record<ParamType, string> = {
  any: 'interface {}',
  reflect: 'reflect.Value',
  string: 'string',
  bool: 'bool',
  int: 'int',
  int64: 'int64',
  uint64: 'uint64',
  float64: 'float64',
  list: '[]interface {}',
  map: 'map[string]interface {}',
  stringList: '[]string',
  stringListMap: 'map[string][]string',
  'time.Time': 'time.Time',
  'time.Duration': 'time.Duration',
  '*time.Location': '*time.Location',
  '*semver.Version': '*semver.Version',
};

/** Parameter types that accept nil (Go's canBeNil): interfaces, maps, slices and pointers. */
function acceptsNil(typ: ParamType): boolean {
  return typ === 'any' || typ === 'list' || typ === 'map' || typ === 'stringList' || typ === 'stringListMap' || typ.startsWith('*');
}

function hasOwn(obj: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

/** Whether a container's elements have the static type interface{}. */
function elementsAreInterfaces(container: GoList | GoMap): boolean {
  return container[GO_TYPE] === undefined || elementTypeName(container) === 'interface {}';
}

function isPlainMap(v: object): v is GoMap {
  // Fast path: maps are object literals; GoFloat/GoInt/GoObjects are class instances and
  // arrays have their own prototype, so only a GoMethod literal shares this prototype.
  if (Object.getPrototypeOf(v) === Object.prototype) {
    return (v as Partial<GoMethod>).goMethod !== true && !isGoObject(v);
  }
  return !Array.isArray(v) && !(v instanceof GoFloat) && !(v instanceof GoInt) && !isGoObject(v) && !isGoMethod(v);
}

function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

/** A method value called like a function: its own code checks its arguments. */
function methodAsFunction(m: GoMethod): TemplateFunction {
  const call = (...args: GoValue[]): GoValue => m.call(args);
  return m.params === undefined ? { params: [], variadic: 'any', fn: call } : { params: m.params, fn: call };
}

class ExecState implements TemplateCallContext {
  out = '';
  private node: AnyNode | null = null;
  private tmpl: TreeDef;
  private names: string[] = [];
  private values: GoValue[] = [];
  private ifaces: boolean[] = [];
  private nvars = 0;
  /** First variable of the current template invocation (templates see no caller variables). */
  private base = 0;
  private depth = 0;
  /** Side channel of evalField: whether the value it returned has static type interface{}. */
  private iface = false;
  private readonly missingKey: number;
  private lastTemplateCall: { node: TemplateNode; tmpl: TreeDef } | null = null;

  constructor(
    private readonly env: ExecEnvironment,
    private readonly scope: TemplateScope,
    tmpl: TreeDef,
  ) {
    this.tmpl = tmpl;
    this.missingKey = missingKeyCode(env.missingKey);
  }

  get counters(): Map<string, number> {
    return this.env.counters;
  }

  // --- TemplateCallContext ------------------------------------------------------------------

  executeTemplate(name: string, data: GoValue): string {
    const tree = this.scope.lookup(name);
    if (tree === undefined) {
      throw new FunctionError(`template: no template ${goQuote(name)} associated with template ${goQuote(this.env.rootName)}`);
    }
    return executeTree(tree, this.scope, data, this.env);
  }

  executeText(text: string, data: GoValue): string {
    const parsed = this.env.parse(text);
    return executeTree(parsed.main, new TreeScope(parsed.trees, this.scope), data, this.env.quiet === true ? this.env : { ...this.env, quiet: true });
  }

  // --- errors ---------------------------------------------------------------------------------

  private errorf(message: string): never {
    const tmpl = this.tmpl;
    const node = this.node;
    if (node === null) {
      throw new TemplateError({
        phase: 'exec',
        templateName: tmpl.parseName,
        line: 1,
        column: 1,
        goMessage: `template: ${tmpl.name}: ${message}`,
        detail: message,
        text: tmpl.text,
      });
    }
    const where = positionOf(tmpl.text, node.pos);
    const context = nodeString(node);
    const executing = tmpl.name !== tmpl.parseName ? `executing ${goQuote(tmpl.name)} ` : '';
    throw new TemplateError({
      phase: 'exec',
      templateName: tmpl.parseName,
      line: where.line,
      column: where.column,
      goMessage: `template: ${tmpl.parseName}:${where.line}:${where.goColumn}: executing ${goQuote(tmpl.name)} at <${context}>: ${message}`,
      detail: `${executing}at <${context}>: ${message}`,
      text: tmpl.text,
    });
  }

  /** A JS stack overflow stands in for Go's template depth limit. */
  depthExceeded(): never {
    if (this.lastTemplateCall !== null) {
      this.node = this.lastTemplateCall.node;
      this.tmpl = this.lastTemplateCall.tmpl;
    }
    this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
  }

  // --- variables ------------------------------------------------------------------------------

  push(name: string, value: GoValue, iface: boolean): void {
    const i = this.nvars++;
    this.names[i] = name;
    this.values[i] = value;
    this.ifaces[i] = iface;
  }

  private varIndex(name: string): number {
    for (let i = this.nvars - 1; i >= this.base; i--) {
      if (this.names[i] === name) return i;
    }
    this.errorf(`undefined variable: ${name}`);
  }

  private setVar(name: string, value: GoValue): void {
    const i = this.varIndex(name);
    this.values[i] = value;
    this.ifaces[i] = false;
  }

  private setTopVar(n: number, value: GoValue, iface: boolean): void {
    this.values[this.nvars - n] = value;
    this.ifaces[this.nvars - n] = iface;
  }

  // --- walking --------------------------------------------------------------------------------

  walk(dot: GoValue, dotIface: boolean, node: Node): number {
    this.node = node;
    switch (node.type) {
      case 'text':
        this.out += node.text;
        return SIGNAL_NONE;
      case 'list': {
        const nodes = node.nodes;
        for (let i = 0; i < nodes.length; i++) {
          const n = nodes[i];
          if (n.type === 'text') {
            this.out += n.text;
            continue;
          }
          const signal = this.walk(dot, dotIface, n);
          if (signal !== SIGNAL_NONE) return signal;
        }
        return SIGNAL_NONE;
      }
      case 'action': {
        if (this.env.unknowns !== undefined) return this.markingUnknown(node, () => this.walkAction(dot, dotIface, node));
        return this.walkAction(dot, dotIface, node);
      }
      case 'if':
      case 'with':
        if (this.env.unknowns !== undefined) return this.markingUnknown(node, () => this.walkIfOrWith(dot, dotIface, node));
        return this.walkIfOrWith(dot, dotIface, node);
      case 'range':
        if (this.env.unknowns !== undefined) return this.markingUnknown(node, () => this.walkRange(dot, dotIface, node));
        return this.walkRange(dot, dotIface, node);
      case 'template':
        this.walkTemplate(dot, dotIface, node);
        return SIGNAL_NONE;
      case 'break':
        return SIGNAL_BREAK;
      case 'continue':
        return SIGNAL_CONTINUE;
      case 'comment':
        return SIGNAL_NONE;
    }
  }

  private walkAction(dot: GoValue, dotIface: boolean, node: ActionNode): number {
    const value = this.evalPipeline(dot, dotIface, node.pipe);
    if (node.pipe.decl.length === 0) this.printValue(node, value);
    return SIGNAL_NONE;
  }

  /**
   * Runs one action or branch node; when it reads an unknown value, whatever it printed is
   * replaced by the unknown's marker text and the unknown is recorded (ExecEnvironment.unknowns).
   * Variables it declares hold the unknown value.
   */
  private markingUnknown(node: ActionNode | BranchNode, run: () => number): number {
    const outMark = this.out.length;
    const varMark = this.nvars;
    try {
      return run();
    } catch (e) {
      if (!(e instanceof UnknownValueError)) throw e;
      this.out = this.out.slice(0, outMark) + unknownText(e.unknown);
      this.nvars = varMark;
      (this.env.unknowns as Unknown[]).push(e.unknown);
      if (node.type === 'action') {
        for (const decl of node.pipe.decl) {
          if (node.pipe.isAssign) this.setVar(decl.ident[0], e.unknown);
          else this.push(decl.ident[0], e.unknown, false);
        }
      }
      return SIGNAL_NONE;
    }
  }

  private walkIfOrWith(dot: GoValue, dotIface: boolean, node: BranchNode): number {
    const mark = this.nvars;
    const value = this.evalPipeline(dot, dotIface, node.pipe);
    let signal = SIGNAL_NONE;
    if (isTrue(value)) {
      // An unknown value is a Go object, which Go calls true: it decides nothing.
      if (value instanceof Unknown) throw new UnknownValueError(value);
      signal = node.type === 'with' ? this.walk(value, false, node.list) : this.walk(dot, dotIface, node.list);
    } else if (node.elseList !== null) {
      signal = this.walk(dot, dotIface, node.elseList);
    }
    this.nvars = mark;
    return signal;
  }

  private walkRange(dot: GoValue, dotIface: boolean, r: BranchNode): number {
    this.node = r;
    const outerMark = this.nvars;
    const value = this.evalPipeline(dot, dotIface, r.pipe);
    const mark = this.nvars;
    const declared = r.pipe.decl.length;
    let iterated = false;
    if (Array.isArray(value)) {
      const list: GoList = value;
      if (list.length > 0) {
        iterated = true;
        const elemIface = elementsAreInterfaces(list);
        for (let i = 0; i < list.length; i++) {
          const elem = list[i];
          if (declared > 0) this.setTopVar(1, elem, elemIface);
          if (declared > 1) this.setTopVar(2, i, false);
          const signal = this.walk(elem, elemIface, r.list);
          this.nvars = mark;
          if (signal === SIGNAL_BREAK) break;
        }
      }
    } else if (value !== undefined && value !== null && typeof value === 'object' && isPlainMap(value)) {
      const map: GoMap = value;
      const keys = Object.keys(map);
      if (keys.length > 0) {
        iterated = true;
        sortStrings(keys);
        // Go sorts keys and values up front; later writes to the map do not show.
        const elems = keys.map((k) => map[k]);
        const elemIface = elementsAreInterfaces(map);
        for (let i = 0; i < keys.length; i++) {
          const elem = elems[i];
          if (declared > 0) this.setTopVar(1, elem, elemIface);
          if (declared > 1) this.setTopVar(2, keys[i], false);
          const signal = this.walk(elem, elemIface, r.list);
          this.nvars = mark;
          if (signal === SIGNAL_BREAK) break;
        }
      }
    } else if (value !== undefined && value !== null) {
      if (value instanceof Unknown) throw new UnknownValueError(value);
      this.errorf(`range can't iterate over ${formatValue(value)}`);
    }
    let signal = SIGNAL_NONE;
    if (!iterated && r.elseList !== null) {
      signal = this.walk(dot, dotIface, r.elseList);
      // Go's range swallows a break raised in its own else branch; continue reaches the outer range.
      if (signal === SIGNAL_BREAK) signal = SIGNAL_NONE;
    }
    this.nvars = outerMark;
    return signal;
  }

  private walkTemplate(dot: GoValue, dotIface: boolean, t: TemplateNode): void {
    this.node = t;
    const tmpl = this.scope.lookup(t.name);
    if (tmpl === undefined) this.errorf(`template ${goQuote(t.name)} not defined`);
    if (this.depth >= MAX_EXEC_DEPTH) this.errorf(`exceeded maximum template depth (${MAX_EXEC_DEPTH})`);
    const newDot = this.evalPipeline(dot, dotIface, t.pipe);
    const savedBase = this.base;
    const savedTmpl = this.tmpl;
    this.lastTemplateCall = { node: t, tmpl: savedTmpl };
    this.base = this.nvars;
    this.push('$', newDot, false);
    this.tmpl = tmpl;
    this.depth++;
    this.walk(newDot, false, tmpl.root);
    this.depth--;
    this.tmpl = savedTmpl;
    this.nvars = this.base;
    this.base = savedBase;
  }

  // --- evaluation -----------------------------------------------------------------------------

  private evalPipeline(dot: GoValue, dotIface: boolean, pipe: PipeNode | null): GoValue {
    if (pipe === null) return undefined;
    this.node = pipe;
    let value: Final = NO_FINAL;
    const cmds = pipe.cmds;
    for (let i = 0; i < cmds.length; i++) {
      value = this.evalCommand(dot, dotIface, cmds[i], value);
      // An interface result is unwrapped: a nil interface becomes no value.
      if (value === null) value = undefined;
    }
    const result = value as GoValue;
    const decl = pipe.decl;
    for (let i = 0; i < decl.length; i++) {
      if (pipe.isAssign) this.setVar(decl[i].ident[0], result);
      else this.push(decl[i].ident[0], result, false);
    }
    return result;
  }

  private notAFunction(args: readonly ArgNode[], final: Final): void {
    if (args.length > 1 || final !== NO_FINAL) {
      this.errorf(`can't give argument to non-function ${nodeString(args[0])}`);
    }
  }

  private evalCommand(dot: GoValue, dotIface: boolean, cmd: CommandNode, final: Final): GoValue {
    const first = cmd.args[0];
    switch (first.type) {
      case 'field':
        return this.evalFieldNode(dot, dotIface, first, cmd.args, final);
      case 'chain':
        return this.evalChainNode(dot, dotIface, first, cmd.args, final);
      case 'identifier':
        return this.evalFunction(dot, dotIface, first, cmd, cmd.args, final);
      case 'pipe':
        this.notAFunction(cmd.args, final);
        return this.evalPipeline(dot, dotIface, first);
      case 'variable':
        return this.evalVariableNode(dot, dotIface, first, cmd.args, final);
    }
    this.node = first;
    this.notAFunction(cmd.args, final);
    switch (first.type) {
      case 'bool':
        return first.value;
      case 'dot':
        return dot;
      case 'nil':
        this.errorf('nil is not a command');
      // falls through (errorf never returns)
      case 'number':
        return this.idealConstant(first);
      case 'string':
        return first.text;
    }
  }

  private idealConstant(n: NumberNode): GoValue {
    this.node = n;
    if (n.idealError !== null) this.errorf(n.idealError);
    return n.ideal;
  }

  private evalFieldNode(dot: GoValue, dotIface: boolean, field: FieldNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = field;
    return this.evalFieldChain(dot, dotIface, dot, dotIface, field, field.ident, 0, args, final);
  }

  private evalChainNode(dot: GoValue, dotIface: boolean, chain: ChainNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = chain;
    if (chain.node.type === 'nil') this.errorf(`indirection through explicit nil in ${nodeString(chain)}`);
    const receiver = this.evalArg(dot, dotIface, null, chain.node);
    return this.evalFieldChain(dot, dotIface, receiver, receiver === null, chain, chain.field, 0, args, final);
  }

  private evalVariableNode(dot: GoValue, dotIface: boolean, v: VariableNode, args: readonly ArgNode[] | null, final: Final): GoValue {
    this.node = v;
    const i = this.varIndex(v.ident[0]);
    const value = this.values[i];
    if (v.ident.length === 1) {
      if (args !== null) this.notAFunction(args, final);
      else if (final !== NO_FINAL) this.notAFunction([v], final);
      return value;
    }
    return this.evalFieldChain(dot, dotIface, value, this.ifaces[i], v, v.ident, 1, args, final);
  }

  private evalFieldChain(
    dot: GoValue,
    dotIface: boolean,
    receiver: GoValue,
    receiverIface: boolean,
    node: AnyNode,
    ident: readonly string[],
    start: number,
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    const last = ident.length - 1;
    let value = receiver;
    let iface = receiverIface;
    for (let i = start; i < last; i++) {
      value = this.evalField(dot, dotIface, ident[i], node, null, NO_FINAL, value, iface);
      iface = this.iface;
    }
    return this.evalField(dot, dotIface, ident[last], node, args, final, value, iface);
  }

  private evalField(
    dot: GoValue,
    dotIface: boolean,
    fieldName: string,
    node: AnyNode,
    args: readonly ArgNode[] | null,
    final: Final,
    receiver: GoValue,
    receiverIface: boolean,
  ): GoValue {
    if (receiver === undefined) {
      if (this.missingKey === MISSING_ERROR) this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      this.iface = false;
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    const hasArgs = (args !== null && args.length > 1) || final !== NO_FINAL;
    if (typeof receiver === 'object') {
      if (isPlainMap(receiver)) {
        if (hasArgs) this.errorf(`${fieldName} is not a method but has arguments`);
        const map: GoMap = receiver;
        let value = map[fieldName];
        // Guard against inherited properties ("constructor", "__proto__").
        if (value === undefined || typeof value === 'function' || fieldName === '__proto__') {
          value = hasOwn(map, fieldName) ? map[fieldName] : undefined;
          if (value === undefined) {
            if (this.missingKey === MISSING_DEFAULT) {
              this.iface = false;
              return undefined;
            }
            if (this.missingKey === MISSING_ERROR) this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
            value = zeroValueOf(elementTypeName(map));
          }
        }
        this.iface = elementsAreInterfaces(map);
        return value;
      } else if (isGoObject(receiver)) {
        // time.Time's method set is Go's time package (engine/go/time.ts), not the value type's.
        const member = isGoTime(receiver) ? timeMember(receiver, fieldName) : receiver.goField?.(fieldName);
        if (member !== undefined) {
          if (isGoMethod(member)) {
            return this.evalCall(dot, dotIface, methodAsFunction(member), null, node, fieldName, args, final);
          }
          if (hasArgs) this.errorf(`${fieldName} has arguments but cannot be invoked as function`);
          this.iface = false;
          return member;
        }
      }
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${receiverIface ? 'interface {}' : goTypeName(receiver)}`);
  }

  private evalFunction(
    dot: GoValue,
    dotIface: boolean,
    node: IdentifierNode,
    cmd: AnyNode,
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    this.node = node;
    return this.evalCall(dot, dotIface, node.fn, node.shortCircuit, cmd, node.name, args, final);
  }

  /** `args`, when not null, starts with the function's own node (Go's convention). */
  private evalCall(
    dot: GoValue,
    dotIface: boolean,
    f: TemplateFunction,
    shortCircuit: 'and' | 'or' | null,
    node: AnyNode,
    name: string,
    args: readonly ArgNode[] | null,
    final: Final,
  ): GoValue {
    const nargs = args === null ? 0 : args.length - 1;
    const numIn = final !== NO_FINAL ? nargs + 1 : nargs;
    const params = f.params;
    const variadic = f.variadic;
    let numFixed = nargs;
    if (variadic !== undefined) {
      numFixed = params.length;
      if (numIn < numFixed) {
        this.errorf(`wrong number of args for ${name}: want at least ${params.length} got ${nargs}`);
      }
    } else if (numIn !== params.length) {
      this.errorf(`wrong number of args for ${name}: want ${params.length} got ${numIn}`);
    }

    if (shortCircuit !== null) {
      const isOr = shortCircuit === 'or';
      let v: GoValue = undefined;
      for (let i = 1; i <= nargs; i++) {
        v = this.evalArg(dot, dotIface, 'reflect', (args as readonly ArgNode[])[i]);
        if (v instanceof Unknown) return v;
        if (isTrue(v) === isOr) return v;
      }
      if (final !== NO_FINAL) v = this.validateType(final, 'reflect');
      return v;
    }

    const argv: GoValue[] = new Array<GoValue>(numIn);
    let i = 0;
    for (; i < numFixed && i < nargs; i++) {
      argv[i] = this.evalArg(dot, dotIface, params[i], (args as readonly ArgNode[])[i + 1]);
    }
    if (variadic !== undefined) {
      for (; i < nargs; i++) argv[i] = this.evalArg(dot, dotIface, variadic, (args as readonly ArgNode[])[i + 1]);
    }
    if (final !== NO_FINAL) {
      let t: ParamType;
      if (variadic === undefined) t = params[params.length - 1];
      else t = numIn - 1 < numFixed ? params[numIn - 1] : variadic;
      argv[i] = this.validateType(final, t);
    }
    // A call that reads an unknown value returns it: its result is unknown too.
    for (let j = 0; j < numIn; j++) if (argv[j] instanceof Unknown) return argv[j];
    try {
      if (f.withContext !== undefined) return f.withContext(this, argv);
      // Direct calls for the usual arities avoid spreading an array on the hot path.
      switch (numIn) {
        case 0:
          return f.fn();
        case 1:
          return f.fn(argv[0]);
        case 2:
          return f.fn(argv[0], argv[1]);
        case 3:
          return f.fn(argv[0], argv[1], argv[2]);
        default:
          return f.fn(...argv);
      }
    } catch (e) {
      if (isStackOverflow(e) || e instanceof TemplateError || isListenerError(e) || e instanceof UnknownValueError) throw e;
      this.node = node;
      // A FunctionError is Go's error return; anything else is a panic, reported the same way.
      const message = e instanceof Error ? e.message : String(e);
      this.errorf(`error calling ${name}: ${message}`);
    }
  }

  private evalArg(dot: GoValue, dotIface: boolean, typ: ParamType | null, n: ArgNode): GoValue {
    this.node = n;
    switch (n.type) {
      case 'dot':
        return this.validateType(dot, typ);
      case 'nil':
        if (typ === null || typ === 'reflect') return undefined;
        if (acceptsNil(typ)) return null;
        this.errorf(`cannot assign nil to ${PARAM_TYPE_NAMES[typ]}`);
      // falls through (errorf never returns)
      case 'field':
        return this.validateType(this.evalFieldNode(dot, dotIface, n, null, NO_FINAL), typ);
      case 'variable':
        return this.validateType(this.evalVariableNode(dot, dotIface, n, null, NO_FINAL), typ);
      case 'pipe':
        return this.validateType(this.evalPipeline(dot, dotIface, n), typ);
      case 'identifier':
        return this.validateType(this.evalFunction(dot, dotIface, n, n, null, NO_FINAL), typ);
      case 'chain':
        return this.validateType(this.evalChainNode(dot, dotIface, n, null, NO_FINAL), typ);
    }
    switch (typ) {
      case 'bool':
        if (n.type === 'bool') return n.value;
        this.errorf(`expected bool; found ${nodeString(n)}`);
      // falls through (errorf never returns)
      case 'float64':
        if (n.type === 'number' && n.isFloat) return makeFloat(n.float64);
        this.errorf(`expected float; found ${nodeString(n)}`);
      // falls through
      case 'int':
      case 'int64':
      case 'time.Duration':
        if (n.type === 'number' && n.isInt) return typ === 'int' ? makeInt(n.int64) : new GoInt('int64', n.int64);
        this.errorf(`expected integer; found ${nodeString(n)}`);
      // falls through
      case 'uint64':
        if (n.type === 'number' && n.isUint) return new GoInt('uint64', n.uint64);
        this.errorf(`expected unsigned integer; found ${nodeString(n)}`);
      // falls through
      case 'string':
        if (n.type === 'string') return n.text;
        this.errorf(`expected string; found ${nodeString(n)}`);
      // falls through
      case null:
      case 'any':
      case 'reflect':
        if (n.type === 'number') return this.idealConstant(n);
        return n.type === 'string' ? n.text : n.value;
    }
    this.errorf(`can't handle ${nodeString(n)} for arg of type ${PARAM_TYPE_NAMES[typ]}`);
  }

  /** Go's validateType: checks (and, for float64, normalises) a computed argument. */
  private validateType(value: GoValue, typ: ParamType | null): GoValue {
    if (value === undefined) {
      switch (typ) {
        case null:
        case 'reflect':
          return undefined;
        default:
          if (acceptsNil(typ)) return null;
      }
      this.errorf(`invalid value; expected ${PARAM_TYPE_NAMES[typ]}`);
    }
    if (typ === null || typ === 'reflect' || typ === 'any') return value;
    if (value !== null) {
      switch (typ) {
        case 'string':
          if (typeof value === 'string') return value;
          break;
        case 'bool':
          if (typeof value === 'boolean') return value;
          break;
        case 'int':
          if (typeof value === 'number' ? Number.isInteger(value) : value instanceof GoInt && value.kind === 'int') {
            return value;
          }
          break;
        case 'int64':
        case 'uint64':
          if (value instanceof GoInt && value.kind === typ) return value;
          break;
        case 'float64':
          if (value instanceof GoFloat) return value;
          if (typeof value === 'number' && !Number.isInteger(value)) return makeFloat(value);
          break;
        case 'list':
        case 'stringList':
          if (Array.isArray(value)) {
            const t = value[GO_TYPE];
            if (typ === 'list' ? t === undefined || t === '[]interface {}' : t === '[]string') return value;
          }
          break;
        case 'map':
        case 'stringListMap':
          if (typeof value === 'object' && isPlainMap(value)) {
            const t = value[GO_TYPE];
            if (typ === 'map' ? t === undefined || t === 'map[string]interface {}' : t === 'map[string][]string') {
              return value;
            }
          }
          break;
        default:
          if (isGoObject(value) && value.goType === typ) return value;
      }
    }
    if (value instanceof Unknown) return value;
    const got = value === null ? 'interface {}' : goTypeName(value);
    this.errorf(`wrong type for value; expected ${PARAM_TYPE_NAMES[typ]}; got ${got}`);
  }

  private noValue(node: AnyNode): void {
    const where = positionOf(this.tmpl.text, node.pos);
    const expression = node.type === 'action' ? nodeString(node).slice(2, -2) : nodeString(node);
    reportNoValue({ expression, templateName: this.tmpl.parseName, text: this.tmpl.text, line: where.line, column: where.column });
  }

  private printValue(node: AnyNode, v: GoValue): void {
    this.node = node;
    if (typeof v === 'string') this.out += v;
    else if (v === undefined || v === null) {
      if (this.env.quiet !== true) this.noValue(node);
      this.out += '<no value>';
    }
    else if (typeof v === 'number' && Number.isSafeInteger(v)) this.out += String(v);
    else if (typeof v === 'boolean') this.out += v ? 'true' : 'false';
    else if (isGoMethod(v)) this.errorf(`can't print ${nodeString(node)} of type func`);
    else this.out += formatValue(v);
  }
}

/**
 * Executes `tree` with `data` as dot and `$`. Throws an exec-phase TemplateError; the partial
 * output is discarded with it.
 */
export function executeTree(tree: TreeDef, scope: TemplateScope, data: GoValue, env: ExecEnvironment): string {
  const state = new ExecState(env, scope, tree);
  const dot = data === null ? undefined : data;
  state.push('$', dot, false);
  try {
    state.walk(dot, false, tree.root);
  } catch (e) {
    if (isStackOverflow(e)) state.depthExceeded();
    throw e;
  }
  return state.out;
}
