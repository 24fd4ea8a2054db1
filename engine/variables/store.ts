/**
 * The per-host variable store of a run (`docs/inventory.md#variables`, `docs/playbooks.md#how-vars-are-merged`).
 *
 * Every layer is kept as frozen, structurally shared data, so one host's view can reuse the
 * config's and inventory's maps without copying them, and a cached view stays valid until that
 * host's layers change (a per-host version counter). Callers get mutable deep copies from
 * {@link VariableStore.view}, because templates may mutate maps (`set`, `merge`) and Go hands
 * every render a freshly computed view.
 */

import type { SourcePos } from '../core/source';
import type { Inventory } from '../inventory/inventory';
import { isMap, type GoMap, type GoValue } from '../core/values';
import { combineVariables, deepCopy, deepFreeze } from '../core/merge';
import { renderVarsData } from './render-vars';
import { maskConnectorSecrets } from './secrets';
import {
  assembleHostView,
  copyOnReadView,
  createLazyHostvars,
  detectLocalAddresses,
  staticLayers,
  type LocalAddresses,
} from './view';

export interface VariableStoreOptions {
  /** Addresses for `localhost`'s `internal_ipv4`/`internal_ipv6`; detected from the interfaces when absent. */
  readonly localAddresses?: LocalAddresses;
}

interface HostState {
  facts: GoMap;
  runtime: GoMap;
  version: number;
  staticVars?: readonly GoMap[];
  cached?: { readonly version: number; readonly view: GoMap; readonly connector: GoValue };
}

const EMPTY: GoMap = Object.freeze({});

/** One write to the runtime state of a run, as checkpoints record it (engine/executor/checkpoint.ts). */
export type StoreChange =
  | { readonly kind: 'runtime'; readonly host: string; readonly data: GoMap }
  | { readonly kind: 'facts'; readonly host: string; readonly facts: GoMap }
  | { readonly kind: 'result'; readonly value: GoValue };

export class VariableStore {
  private readonly hosts = new Map<string, HostState>();
  private readonly config: GoMap;
  private readonly extraVars: GoMap;
  private readonly hostvars: GoMap;
  private localAddresses: LocalAddresses | undefined;
  private resultDocument: GoValue = null;
  private changeListener: ((change: StoreChange) => void) | undefined;

  constructor(
    readonly inventory: Inventory,
    config: GoMap,
    extraVars: GoMap = {},
    options: VariableStoreOptions = {},
  ) {
    this.config = deepFreeze(deepCopy(config));
    this.extraVars = deepFreeze(deepCopy(extraVars));
    this.localAddresses = options.localAddresses;
    for (const host of inventory.hostNames) this.hosts.set(host, { facts: EMPTY, runtime: EMPTY, version: 0 });
    this.hostvars = createLazyHostvars(inventory.hostNames, (host) => this.hostView(host));
  }

  /** Every known host, inventory order, `localhost` last unless the inventory lists it. */
  hostNames(): readonly string[] {
    return this.inventory.hostNames;
  }

  /**
   * The complete view of `host` for one template evaluation. It behaves as a fresh deep copy the
   * caller may mutate (top-level entries are copied on first read), plus the shared, read-only
   * `hostvars` (lazy) and `groups` maps. A view does not follow later writes to the store.
   */
  view(host: string): GoMap {
    return copyOnReadView(this.hostView(host), { hostvars: this.hostvars, groups: this.inventory.groupsValue() });
  }

  /**
   * Steps 1–7 of the view (what `hostvars.<host>` shows): frozen and cached until the host's
   * layers change. Do not mutate.
   */
  hostView(host: string): GoMap {
    const state = this.state(host);
    if (state.cached?.version === state.version) return state.cached.view;
    state.staticVars ??= staticLayers(this.inventory, host, this.config, this.extraVars);
    // Layers are frozen and combineLayers freezes the maps it merges: only the top needs it.
    const assembled = assembleHostView(host, state.facts, state.runtime, state.staticVars, () => (this.localAddresses ??= detectLocalAddresses()));
    const connector = assembled.connector;
    // Templates (this view, `hostvars`) see the connector's secrets masked; only the connector
    // reads them, through connector() (docs/security.md#connector-secrets-and-templates).
    if (connector !== undefined) assembled.connector = deepFreeze(maskConnectorSecrets(connector));
    const view = Object.freeze(assembled);
    state.cached = { version: state.version, view, connector };
    return view;
  }

  /**
   * The host's `connector` map with its secrets, for building its connection and for become:
   * the one way to the real passwords and keys. Never hand it to a template.
   */
  connector(host: string): GoValue {
    const state = this.state(host);
    if (state.cached?.version !== state.version) this.hostView(host);
    return (state.cached as { readonly connector: GoValue }).connector;
  }

  /** The runtime layer of `host` (frozen). */
  runtime(host: string): GoMap {
    return this.state(host).runtime;
  }

  /** The facts (remote layer) of `host` (frozen). */
  facts(host: string): GoMap {
    return this.state(host).facts;
  }

  /** Called with every runtime, facts and result write, in order (one listener: the run's checkpoint). */
  onChange(listener: ((change: StoreChange) => void) | undefined): void {
    this.changeListener = listener;
  }

  /** Deep-merges `data` into the runtime layer of `host` (maps merge, everything else replaces). */
  mergeRuntime(host: string, data: GoMap): void {
    const state = this.state(host);
    const copy = deepCopy(data);
    state.runtime = deepFreeze(combineVariables(state.runtime, copy));
    state.version++;
    this.changeListener?.({ kind: 'runtime', host, data: copy });
  }

  /** Replaces the facts of `host` (each gathering replaces the previous facts entirely). */
  setFacts(host: string, facts: GoMap): void {
    const state = this.state(host);
    state.facts = deepFreeze(deepCopy(facts));
    state.version++;
    this.changeListener?.({ kind: 'facts', host, facts: state.facts });
  }

  /**
   * `vars` data rendered for `host` as a merge would render it (`docs/playbooks.md#how-vars-are-merged`), without
   * merging: for `add_hostvars`, which renders once and writes to other hosts. Throws
   * {@link VarsRenderError}.
   */
  renderVars(host: string, varsData: GoMap | readonly GoMap[], posForErrors: SourcePos | ((path: readonly (string | number)[]) => SourcePos)): GoMap {
    const documents = isMap(varsData) ? [varsData] : varsData;
    const context = this.view(host);
    let rendered: GoMap = {};
    for (const data of documents) rendered = combineVariables(rendered, renderVarsData(data, context, host, posForErrors));
    return rendered;
  }

  /**
   * `docs/playbooks.md#how-vars-are-merged` for every host of `hosts`: each document of `varsData` is rendered with the
   * host's view (later keys and documents see earlier values unless the view already has a
   * non-null value there), typed, and deep-merged into the host's runtime layer in order.
   * Throws {@link VarsRenderError} on the first failing template; hosts before it keep their merge.
   */
  renderAndMergeVars(
    hosts: readonly string[],
    varsData: GoMap | readonly GoMap[],
    posForErrors: SourcePos | ((path: readonly (string | number)[]) => SourcePos),
  ): void {
    const documents = isMap(varsData) ? [varsData] : varsData;
    if (documents.every((d) => Object.keys(d).length === 0)) return;
    for (const host of hosts) {
      const context = this.view(host);
      for (const data of documents) this.mergeRuntime(host, renderVarsData(data, context, host, posForErrors));
    }
  }

  /** Deep-merges a `result` module value into the run's global result document (non-maps replace). */
  setResult(value: GoValue): void {
    const current = this.resultDocument;
    const merged = isMap(current) && isMap(value) ? combineVariables(current, deepCopy(value)) : deepCopy(value);
    this.resultDocument = deepFreeze(merged);
    this.changeListener?.({ kind: 'result', value: this.resultDocument });
  }

  /** The global result document (frozen); null until a `result` task ran. */
  result(): GoValue {
    return this.resultDocument;
  }

  private state(host: string): HostState {
    const state = this.hosts.get(host);
    if (state === undefined) throw new Error(`unknown host "${host}": not in the inventory`);
    return state;
  }
}

export { VarsRenderError } from './render-vars';
