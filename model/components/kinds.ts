/**
 * The registry of component kinds, and what a cluster config resolves to with it.
 *
 * A kind is code: it makes a component behaviour from options (JSON data). A `Kinds` value is immutable: `with`
 * gives a new registry with more kinds (a user's controller, a test's stand-in), and nothing can change the
 * registry a model was built with. `Kinds.runtime(config)` checks a config against the registry (every kind
 * known, every option known and of its type) and resolves each component's behaviour once; step, enabled and
 * settle look behaviours up there.
 */
import { eraseMemory, type ComponentBehavior } from "./behavior.ts";
import { ConfigError, componentOptions, type ClusterConfig, type JsonValue, type Options } from "../config.ts";
import { admissionChainOf } from "../apiserver/admission/chain.ts";

/** The JSON type of an option (a config giving another type is refused). */
export type OptionType = "boolean" | "number" | "string" | "object";

/** A kind of component: what the config's `kind` names. */
export interface ComponentKind {
  readonly kind: string;
  /** The Kubernetes source it follows, for reports. */
  readonly source: string;
  /** The options it takes, besides the ones every kind takes (COMMON_OPTIONS). */
  readonly options?: Readonly<Record<string, OptionType>>;
  /**
   * The behaviour for these options (validated against `options`; absent ones take the kind's defaults), its
   * memory type erased (eraseMemory): the registry holds kinds of every memory type.
   */
  make(options: Options): ComponentBehavior;
}

/**
 * Options every kind takes, applied over what `make` returns: a worker that does not wait for its caches
 * (cache.WaitForCacheSync; a zoo bug), and the informers' resync period in logical seconds.
 */
export const COMMON_OPTIONS: Readonly<Record<string, OptionType>> = { waitForCacheSync: "boolean", resyncPeriod: "number" };

/** A kind for a behaviour that takes no options. */
export function fixedKind<M>(b: ComponentBehavior<M>): ComponentKind {
  const erased = eraseMemory(b);
  return { kind: b.kind, source: b.source, make: () => erased };
}

const typeOf = (v: JsonValue): OptionType | "array" | "null" => (v === null ? "null" : Array.isArray(v) ? "array" : (typeof v as OptionType));

/** Checks options against a kind's option types; `where` names the options' place in the config. */
function checkOptions(kind: ComponentKind, options: Options, where: string): void {
  for (const [k, v] of Object.entries(options)) {
    const t = kind.options?.[k] ?? COMMON_OPTIONS[k];
    if (t === undefined) {
      const known = [...Object.keys(kind.options ?? {}), ...Object.keys(COMMON_OPTIONS)];
      throw new ConfigError(`${where}.${k}`, `unknown option of component kind "${kind.kind}" (options: ${known.join(", ")})`);
    }
    if (typeOf(v) !== t) throw new ConfigError(`${where}.${k}`, `expected a ${t}, got ${JSON.stringify(v)}`);
  }
}

/** The behaviours of one config: resolved once per component id. */
export class Runtime {
  /** By component id: an instance's behaviour is resolved once (with its kind: an id may be re-added with another). */
  readonly #byId = new Map<string, { readonly kind: string; readonly behavior: ComponentBehavior }>();
  constructor(
    readonly kinds: Kinds,
    readonly config: ClusterConfig,
  ) {
    config.components.forEach((c, i) => this.#byId.set(c.id, { kind: c.kind, behavior: this.#resolve(c.kind, c.options ?? {}, `cluster.components[${i}]`) }));
    config.nodeComponents.forEach((c, i) => this.#resolve(c.kind, c.options ?? {}, `cluster.nodeComponents[${i}]`));
    admissionChainOf(config);
  }

  #resolve(kind: string, options: Options, where: string): ComponentBehavior {
    const k = this.kinds.get(kind);
    if (!k) throw new ConfigError(`${where}.kind`, `unknown component kind "${kind}" (kinds: ${this.kinds.names().join(", ")})`);
    checkOptions(k, options, `${where}.options`);
    let b: ComponentBehavior;
    try {
      b = k.make(options);
    } catch (e) {
      // A kind that refuses its options (a user controller's module that does not load) names the field it read.
      if (e instanceof ConfigError) throw new ConfigError(`${where}.${e.where}`, e.why);
      throw e;
    }
    const common: { waitForCacheSync?: boolean; resyncPeriod?: number } = {};
    if (typeof options.waitForCacheSync === "boolean") common.waitForCacheSync = options.waitForCacheSync;
    if (typeof options.resyncPeriod === "number") common.resyncPeriod = options.resyncPeriod;
    return Object.keys(common).length ? { ...b, ...common } : b;
  }

  /** The behaviour of a component: its config's kind and options (a component the config does not list: its kind's defaults). */
  behaviorOf(c: { readonly id: string; readonly kind: string }): ComponentBehavior {
    const hit = this.#byId.get(c.id);
    if (hit !== undefined && hit.kind === c.kind) return hit.behavior;
    const behavior = this.#resolve(c.kind, componentOptions(this.config, c.id, c.kind), `component ${c.id}`);
    this.#byId.set(c.id, { kind: c.kind, behavior });
    return behavior;
  }

  /** Whether the registry has this kind. */
  hasKind(kind: string): boolean {
    return this.kinds.get(kind) !== undefined;
  }

  /** Whether the config runs a component of this kind (in the control plane or on every node). */
  runs(kind: string): boolean {
    return this.config.components.some((c) => c.kind === kind) || this.config.nodeComponents.some((c) => c.kind === kind);
  }
}

/** An immutable registry of component kinds. */
export class Kinds {
  readonly #byKind: ReadonlyMap<string, ComponentKind>;
  /** Runtimes by config object: states of one run share their config, so a step finds its runtime at once. */
  readonly #runtimes = new WeakMap<ClusterConfig, Runtime>();

  private constructor(byKind: ReadonlyMap<string, ComponentKind>) {
    this.#byKind = byKind;
  }

  static of(kinds: readonly ComponentKind[]): Kinds {
    return new Kinds(new Map(kinds.map((k) => [k.kind, k])));
  }

  /** A registry with these kinds added (a kind of the same name is replaced). */
  with(...kinds: readonly ComponentKind[]): Kinds {
    const m = new Map(this.#byKind);
    for (const k of kinds) m.set(k.kind, k);
    return new Kinds(m);
  }

  get(kind: string): ComponentKind | undefined {
    return this.#byKind.get(kind);
  }

  names(): string[] {
    return [...this.#byKind.keys()];
  }

  /** What `config` resolves to; throws ConfigError for a kind or option the registry does not have. */
  runtime(config: ClusterConfig): Runtime {
    let r = this.#runtimes.get(config);
    if (r === undefined) {
      r = new Runtime(this, config);
      this.#runtimes.set(config, r);
    }
    return r;
  }
}
