/**
 * What a user's controller is written against: the method names, argument order, return values and errors of
 * @kubernetes/client-node 2.x's `KubernetesObjectApi` (create, read, patch, replace, delete, list; a failure
 * rejects with an `ApiException` carrying the HTTP `code` and the API server's `Status` as `body`), a read-only
 * informer cache, and an `async reconcile(key, ctx)` as such controllers are written. Inside kubeprop the client is
 * answered by the model's API server and the cache is the component's own lagging informer cache.
 */

/** A Kubernetes object, as client-node types it. */
export interface KubernetesObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    generateName?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
    finalizers?: string[];
    deletionTimestamp?: string;
    [k: string]: unknown;
  };
  [k: string]: unknown;
}

/** A list answer (client-node's KubernetesListObject). */
export interface KubernetesListObject<T extends KubernetesObject = KubernetesObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: { resourceVersion?: string; continue?: string };
  items: T[];
}

/** A Status (client-node's V1Status). */
export interface V1Status {
  apiVersion?: string;
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: Record<string, unknown>;
}

/** client-node's PatchStrategy values (Content-Type of a patch). */
export const PatchStrategy = {
  JsonPatch: "application/json-patch+json",
  MergePatch: "application/merge-patch+json",
  StrategicMergePatch: "application/strategic-merge-patch+json",
  ServerSideApply: "application/apply-patch+yaml",
} as const;
export type PatchStrategy = (typeof PatchStrategy)[keyof typeof PatchStrategy];

/**
 * The error a failed request rejects with: client-node's ApiException (code, body, headers, and its message
 * format). `instanceof ApiException` also holds for the errors the model's client makes in its worker thread.
 */
export class ApiException<T = V1Status> extends Error {
  readonly code: number;
  readonly body: T;
  readonly headers: Record<string, string>;
  constructor(code: number, message: string, body: T, headers: Record<string, string> = {}) {
    super(`HTTP-Code: ${code}\nMessage: ${message}\nBody: ${JSON.stringify(body)}\nHeaders: ${JSON.stringify(headers)}`);
    this.name = "ApiException";
    this.code = code;
    this.body = body;
    this.headers = headers;
  }
  static override [Symbol.hasInstance](x: unknown): boolean {
    return x instanceof Error && x.name === "ApiException" && typeof (x as { code?: unknown }).code === "number";
  }
}

/** The requests a controller makes: client-node 2.x KubernetesObjectApi's methods, same names and arguments. */
export interface ObjectClient {
  create<T extends KubernetesObject>(spec: T, pretty?: string, dryRun?: string, fieldManager?: string): Promise<T>;
  read<T extends KubernetesObject>(spec: T, pretty?: string, exact?: boolean, exportt?: boolean): Promise<T>;
  patch<T extends KubernetesObject>(spec: T, pretty?: string, dryRun?: string, fieldManager?: string, force?: boolean, patchStrategy?: PatchStrategy): Promise<T>;
  replace<T extends KubernetesObject>(spec: T, pretty?: string, dryRun?: string, fieldManager?: string): Promise<T>;
  delete(spec: KubernetesObject, pretty?: string, dryRun?: string, gracePeriodSeconds?: number, orphanDependents?: boolean, propagationPolicy?: string): Promise<V1Status>;
  list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    pretty?: string,
    exact?: boolean,
    exportt?: boolean,
    fieldSelector?: string,
    labelSelector?: string,
  ): Promise<KubernetesListObject<T>>;
}

/** Reads of the controller's informer caches (client-node's ObjectCache, per watched kind): synchronous, may lag. */
export interface ObjectCache {
  get<T extends KubernetesObject>(apiVersion: string, kind: string, name: string, namespace?: string): T | undefined;
  list<T extends KubernetesObject>(apiVersion: string, kind: string, namespace?: string): T[];
}

/** What a reconcile is given. */
export interface ReconcileContext {
  readonly client: ObjectClient;
  readonly cache: ObjectCache;
  /**
   * The controller's in-memory state (JSON), kept between reconciles and lost when the controller restarts, as a
   * process's memory is. Changes made during a reconcile are kept when it returns.
   */
  readonly memory: Record<string, unknown>;
}

/** One kind the controller watches, and which keys an event on it enqueues. */
export interface Watch {
  readonly apiVersion: string;
  readonly kind: string;
  /** The resource's plural name (for a custom resource; built-in kinds know theirs). Default: lower-case kind + "s". */
  readonly plural?: string;
  /** Only this namespace. */
  readonly namespace?: string;
  /**
   * The keys an event enqueues: the object's own "namespace/name" (default), its controlling owner's of this kind
   * (controller-runtime's Owns: an event on a child requeues its parent), or what a handler of yours returns for
   * the event (client-node's informer `on("add" | "update" | "delete")` handlers, which enqueue keys). A handler
   * runs beside your reconcile, synchronously, and must be deterministic; one that throws, or returns anything
   * but a list of strings, enqueues nothing.
   */
  readonly enqueue?: "self" | { readonly owner: string } | ((event: WatchEventOf) => readonly string[]);
}

/** What a watch's handler is given: the event's type, the object, and for an update or delete the object before. */
export interface WatchEventOf<T extends KubernetesObject = KubernetesObject> {
  readonly type: "ADDED" | "MODIFIED" | "DELETED";
  readonly object: T;
  readonly oldObject?: T;
}

/** A controller: its name (its component id is "controller/<name>"), what it watches, and its reconcile. */
export interface ControllerDefinition {
  readonly name: string;
  readonly watches: readonly Watch[];
  reconcile(key: string, ctx: ReconcileContext): Promise<void>;
}

/** A typed identity, so a controller file reads `export default defineController({...})`. */
export const defineController = (def: ControllerDefinition): ControllerDefinition => def;
