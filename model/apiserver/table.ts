/**
 * Server-side printing: a get or list answered as a meta.k8s.io Table, as kube-apiserver does when the client
 * accepts one. `kubectl get` sends
 *   Accept: application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json
 * and no includeObject parameter, so rows carry the default, the object's metadata as a PartialObjectMetadata
 * (staging/src/k8s.io/apiserver/pkg/endpoints/handlers/response.go asTable: IncludeMetadata or ""); kubectl
 * reads the namespace (-A), labels (-L, --show-labels) and name from it. The columns and cells are the
 * printers of pkg/printers/internalversion (table/printers.ts, table/pod.ts), a CRD's additionalPrinterColumns
 * for custom resources and the default Name/Created At table otherwise (table/custom.ts). Ages are computed at
 * the logical time `now` (model/clock.ts).
 */
import type { State } from "../state.ts";
import type { KObject } from "../objects/types.ts";
import { BUILTIN_BY_ID, type ResourceInfo } from "./resources.ts";
import { existing } from "./common.ts";
import { PRINTERS, type Printer, type TableColumnDefinition } from "./table/printers.ts";
import { customResourcePrinter, DEFAULT_PRINTER } from "./table/custom.ts";
import type { TableRowCondition } from "./table/pod.ts";

export type IncludeObject = "None" | "Metadata" | "Object";
export type TableVersion = "v1" | "v1beta1";

export interface TableOptions {
  /** ?includeObject= (metav1.TableOptions); "Metadata" when absent, as the server defaults it. */
  readonly includeObject?: IncludeObject;
  /** ?noHeaders=true (watch events after the first): columnDefinitions is null. */
  readonly noHeaders?: boolean;
  /** The Table version the client accepted (both have the same shape). */
  readonly version?: TableVersion;
}

export interface TableRow {
  readonly cells: unknown[];
  readonly conditions?: TableRowCondition[];
  readonly object: unknown;
}

export interface Table {
  readonly kind: "Table";
  readonly apiVersion: string;
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
  readonly columnDefinitions: readonly TableColumnDefinition[] | null;
  readonly rows: TableRow[];
}

const CRD_INFO = BUILTIN_BY_ID.get("customresourcedefinitions.apiextensions.k8s.io")!;

/** The printer of a resource: a built-in kind's, a custom resource's CRD columns, or the default table. */
export function printerFor(state: State, info: ResourceInfo): Printer {
  if (info.crd !== undefined) return customResourcePrinter(existing(state, CRD_INFO, "", info.crd)?.value, info.version);
  return PRINTERS[info.kind] ?? DEFAULT_PRINTER;
}

/** A row's object per includeObject (asTable in handlers/response.go). */
function rowObject(o: KObject, include: IncludeObject, apiVersion: string): unknown {
  if (include === "None") return null;
  if (include === "Object") return o;
  return { kind: "PartialObjectMetadata", apiVersion, metadata: o.metadata };
}

const isList = (o: KObject): o is KObject & { items: KObject[] } => Array.isArray((o as { items?: unknown }).items);

/**
 * The Table for a get (one object) or a list (an object with `items`, as read.ts list answers) of resource `info`
 * at logical time `now`.
 */
export function toTable(state: State, info: ResourceInfo, objOrList: KObject, now: number, opts: TableOptions = {}): Table {
  const apiVersion = `meta.k8s.io/${opts.version ?? "v1"}`;
  const include = opts.includeObject ?? "Metadata";
  const printer = printerFor(state, info);
  const items = isList(objOrList) ? objOrList.items : [objOrList];
  const rows = items.map((o) => {
    const r = printer.row(o, now);
    return { cells: r.cells, ...(r.conditions ? { conditions: r.conditions } : {}), object: rowObject(o, include, apiVersion) };
  });
  const resourceVersion = objOrList.metadata?.resourceVersion;
  const cont = (objOrList.metadata as { continue?: string } | undefined)?.continue;
  return {
    kind: "Table",
    apiVersion,
    metadata: { ...(resourceVersion ? { resourceVersion } : {}), ...(cont ? { continue: cont } : {}) },
    columnDefinitions: opts.noHeaders ? null : printer.columns,
    rows,
  };
}

/**
 * Whether an Accept header asks for a Table, and which version: the first media type that is
 * application/json;as=Table;g=meta.k8s.io;v=v1 (or v1beta1) wins; a plain application/json before it means the
 * object itself. The response's Content-Type is then `application/json;as=Table;v=<version>;g=meta.k8s.io`.
 */
export function negotiateTable(accept: string | undefined): TableVersion | undefined {
  for (const part of (accept ?? "").split(",")) {
    const [type, ...params] = part.split(";").map((s) => s.trim());
    if (type !== "application/json" && type !== "*/*") continue;
    const p = Object.fromEntries(params.map((kv) => kv.split("=").map((s) => s.trim()) as [string, string]));
    if (p.as === undefined) return undefined;
    if (p.as === "Table" && p.g === "meta.k8s.io" && (p.v === "v1" || p.v === "v1beta1")) return p.v;
  }
  return undefined;
}

/** The includeObject query parameter, or undefined for a missing or unknown value. */
export function parseIncludeObject(value: string | null | undefined): IncludeObject | undefined {
  return value === "None" || value === "Metadata" || value === "Object" ? value : undefined;
}
