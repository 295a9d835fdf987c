/**
 * Field selectors, as k8s.io/apimachinery/pkg/fields/selector.go (ParseSelector): comma-separated terms
 * `field=value`, `field==value` or `field!=value`; a backslash escapes `\`, `,` and `=` in values.
 */
export interface FieldRequirement {
  readonly field: string;
  readonly operator: "=" | "!=";
  readonly value: string;
}

export interface FieldSelector {
  readonly requirements: readonly FieldRequirement[];
  matches(fields: Readonly<Record<string, string>>): boolean;
  toString(): string;
  /** The value a field must equal, if the selector requires one (RequiresExactMatch). */
  requiresExactMatch(field: string): string | undefined;
}

const escapeValue = (v: string) => v.replace(/\\/g, "\\\\").replace(/,/g, "\\,").replace(/=/g, "\\=");

function makeSelector(reqs: FieldRequirement[]): FieldSelector {
  return {
    requirements: reqs,
    matches: (f) => reqs.every((r) => ((f[r.field] ?? "") === r.value) === (r.operator === "=")),
    toString: () => reqs.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(","),
    requiresExactMatch: (field) => reqs.find((r) => r.field === field && r.operator === "=")?.value,
  };
}

/** Splits on unescaped commas (splitTerms). */
function splitTerms(s: string): string[] {
  const terms: string[] = [];
  let cur = "";
  let esc = false;
  for (const ch of s) {
    if (esc) {
      cur += "\\" + ch;
      esc = false;
    } else if (ch === "\\") esc = true;
    else if (ch === ",") {
      terms.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (esc) cur += "\\";
  terms.push(cur);
  return terms;
}

function unescape(v: string): string {
  let out = "";
  for (let i = 0; i < v.length; i++) {
    const ch = v[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = v[++i];
    if (next === undefined || !"\\,=".includes(next)) throw new Error(`invalid field selector: invalid escape sequence in "${v}"`);
    out += next;
  }
  return out;
}

/** Parses a field selector; throws with a one-line message on invalid input. "" selects everything. */
export function parseFieldSelector(text: string): FieldSelector {
  const reqs: FieldRequirement[] = [];
  if (text.trim() === "") return makeSelector(reqs);
  for (const term of splitTerms(text)) {
    if (term === "") continue;
    let m: RegExpExecArray | null;
    // Operators are tried in the order of fields/selector.go: "!=", "==", "=".
    if ((m = /^([^=!]*)!=(.*)$/s.exec(term))) reqs.push({ field: m[1]!.trim(), operator: "!=", value: unescape(m[2]!) });
    else if ((m = /^([^=]*)==(.*)$/s.exec(term))) reqs.push({ field: m[1]!.trim(), operator: "=", value: unescape(m[2]!) });
    else if ((m = /^([^=]*)=(.*)$/s.exec(term))) reqs.push({ field: m[1]!.trim(), operator: "=", value: unescape(m[2]!) });
    else throw new Error(`invalid selector: '${text}'; can't understand '${term}'`);
  }
  return makeSelector(reqs);
}

/** The fields each kind supports in field selectors (the GetAttrs / field label conversion funcs). */
const PER_KIND: Record<string, (o: any) => Record<string, string>> = {
  Pod: (o) => ({
    "spec.nodeName": o.spec?.nodeName ?? "",
    "spec.restartPolicy": o.spec?.restartPolicy ?? "",
    "spec.schedulerName": o.spec?.schedulerName ?? "",
    "spec.serviceAccountName": o.spec?.serviceAccountName ?? "",
    "spec.hostNetwork": String(o.spec?.hostNetwork ?? false),
    "status.phase": o.status?.phase ?? "",
    "status.podIP": o.status?.podIP ?? "",
    "status.nominatedNodeName": o.status?.nominatedNodeName ?? "",
  }),
  Node: (o) => ({ "spec.unschedulable": String(o.spec?.unschedulable ?? false) }),
  Namespace: (o) => ({ "status.phase": o.status?.phase ?? "" }),
  Secret: (o) => ({ type: o.type ?? "" }),
  ReplicationController: (o) => ({ "status.replicas": String(o.status?.replicas ?? 0) }),
  ReplicaSet: (o) => ({ "status.replicas": String(o.status?.replicas ?? 0) }),
  Event: (o) => ({
    "involvedObject.kind": o.involvedObject?.kind ?? "",
    "involvedObject.namespace": o.involvedObject?.namespace ?? "",
    "involvedObject.name": o.involvedObject?.name ?? "",
    "involvedObject.uid": o.involvedObject?.uid ?? "",
    "involvedObject.apiVersion": o.involvedObject?.apiVersion ?? "",
    "involvedObject.resourceVersion": o.involvedObject?.resourceVersion ?? "",
    "involvedObject.fieldPath": o.involvedObject?.fieldPath ?? "",
    reason: o.reason ?? "",
    source: o.source?.component ?? "",
    type: o.type ?? "",
  }),
};

/** The selectable fields of an object: metadata.name, metadata.namespace and its kind's own fields. */
export function objectFields(o: { kind: string; metadata: { name?: string; namespace?: string } }): Record<string, string> {
  const base = { "metadata.name": o.metadata.name ?? "", "metadata.namespace": o.metadata.namespace ?? "" };
  const extra = PER_KIND[o.kind];
  return extra ? { ...base, ...extra(o) } : base;
}

/** The field labels a kind supports, for the "field label not supported" error. */
export function supportedFieldLabels(kind: string): string[] {
  const extra = PER_KIND[kind];
  const sample = extra ? Object.keys(extra({})) : [];
  return ["metadata.name", "metadata.namespace", ...sample];
}
