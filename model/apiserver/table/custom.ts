/**
 * Tables of custom resources and of kinds without a printer.
 * - Custom resources: apiextensions-apiserver's tableconvertor (pkg/registry/customresource/tableconvertor):
 *   a Name column, then the served version's additionalPrinterColumns, each cell found by the column's JSONPath
 *   (missing: null), typed by the column type (cellForJSONValue: integer, number, boolean, string, date as an
 *   age); a CRD without columns gets the single default Age column (serveDefaultColumnsIfEmpty in
 *   customresource_handler.go), so Age is not added when the CRD declares its own columns.
 * - Everything else without a printer (CustomResourceDefinition itself): the default table of
 *   staging/src/k8s.io/apiserver/pkg/registry/rest/table.go, Name and "Created At" (RFC 3339).
 * JSONPath: only simple paths (`.spec.replicas`, `.status.conditions[0].type`, `.metadata.labels['app']`) are
 * evaluated, which is what CRD validation allows (a JSONPath of fields, no filters or ranges).
 */
import type { KObject } from "../../objects/types.ts";
import { translateTimestampSince } from "./duration.ts";
import { AGE_DESCRIPTION, NAME_DESCRIPTION, type Printer, type TableColumnDefinition } from "./printers.ts";

/** One additionalPrinterColumns entry of a CRD version. */
interface CrdColumn {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  readonly priority?: number;
  readonly jsonPath: string;
}

/** The steps of a simple JSONPath, or undefined for anything else. */
export function parseSimpleJsonPath(path: string): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;
  let pos = 0;
  while (pos < path.length) {
    re.lastIndex = pos;
    const m = re.exec(path);
    if (!m) return undefined;
    steps.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (m[3] ?? m[4])!));
    pos = re.lastIndex;
  }
  return steps.length > 0 ? steps : undefined;
}

function lookup(obj: unknown, steps: (string | number)[]): unknown {
  let cur: any = obj;
  for (const s of steps) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = cur[s];
  }
  return cur;
}

/** cellForJSONValue (and the string branch's JSONPath printing) of tableconvertor.go. */
function cellFor(type: string, value: unknown, now: number): unknown {
  if (value === undefined || value === null) return null;
  switch (type) {
    case "string":
      return typeof value === "object" ? JSON.stringify(value) : String(value);
    case "integer":
      return typeof value === "number" ? Math.trunc(value) : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "date":
      if (typeof value !== "string") return null;
      return Number.isNaN(Date.parse(value)) ? "<invalid>" : translateTimestampSince(value, now);
    default:
      return null;
  }
}

/** The columns a CRD serves for `version` (falls back to the default Age column). */
function crdColumns(crd: KObject | undefined, version: string): CrdColumn[] {
  const v = (crd?.spec?.versions ?? []).find((x: any) => x.name === version);
  const cols: CrdColumn[] = v?.additionalPrinterColumns ?? crd?.spec?.additionalPrinterColumns ?? [];
  return cols.length > 0 ? cols : [{ name: "Age", type: "date", description: AGE_DESCRIPTION, jsonPath: ".metadata.creationTimestamp" }];
}

/** The printer of a custom resource served at `version`, from its CRD object. */
export function customResourcePrinter(crd: KObject | undefined, version: string): Printer {
  const cols = crdColumns(crd, version);
  const columns: TableColumnDefinition[] = [
    { name: "Name", type: "string", format: "name", description: NAME_DESCRIPTION, priority: 0 },
    ...cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? "",
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  const paths = cols.map((c) => parseSimpleJsonPath(c.jsonPath));
  return {
    columns,
    row: (o, now) => ({
      cells: [o.metadata.name, ...cols.map((c, i) => (paths[i] ? cellFor(c.type, lookup(o, paths[i]!), now) : null))],
    }),
  };
}

/** The default table convertor: Name and Created At (creationTimestamp as RFC 3339, UTC). */
export const DEFAULT_PRINTER: Printer = {
  columns: [
    { name: "Name", type: "string", format: "name", description: NAME_DESCRIPTION, priority: 0 },
    { name: "Created At", type: "date", format: "", description: AGE_DESCRIPTION, priority: 0 },
  ],
  row: (o) => ({ cells: [o.metadata.name, o.metadata.creationTimestamp ?? "0001-01-01T00:00:00Z"] }),
};
