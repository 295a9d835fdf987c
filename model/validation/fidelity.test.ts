/**
 * Runs every case of test/fixtures/fidelity/label-validation.json (transcribed from
 * Kubernetes' Go unit tests; schema in test/fixtures/fidelity/README.md) through the ported validators.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import { fieldErrorMessage, type FieldError } from "./field-error.ts";
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
  utf8Length,
} from "./names.ts";
import { nameIsDNSSubdomain, validateLabelSelector, validateLabels, validateObjectMeta } from "./metadata.ts";

interface Case {
  kind: string;
  function: string;
  source: string;
  value?: string | number | null;
  valid?: boolean;
  length?: number;
  labels?: Record<string, string>;
  labelSelector?: LabelSelector;
  field?: string;
  expected?: string;
  expectedErrorCount?: number;
  expectedErrorDetailContains?: string;
  expectedErrorContains?: string;
}

const cases: Case[] = JSON.parse(
  readFileSync(new URL("../../test/fixtures/fidelity/label-validation.json", import.meta.url), "utf8"),
) as Case[];

const stringValidators: Record<string, (v: string) => string[]> = {
  "label-key": isQualifiedName,
  "label-value": isValidLabelValue,
  "dns1123-label": isDNS1123Label,
  "dns1123-subdomain": isDNS1123Subdomain,
  "dns1035-label": isDNS1035Label,
  "port-name": isValidPortName,
};

/**
 * TestValidateObjectMetaNamespaces builds its second namespace from 64 random runes of
 * [a-zA-Z0-9] (the fixture gives `value: null`). A fixed 64-character string of that
 * alphabet stands in for it: too long, and not matching the lower-case label grammar.
 */
const RANDOM_NAMESPACE_64 = "Kq3ZxT9bLm2VwNc7Rj5Hd8Pf1Ys4Ga6Ue0Io2Ak9Bl3Cm7Dn5Ep1Fq8Gr4Hs6It0J";

function checkErrors(c: Case, errs: readonly FieldError[]): void {
  const rendered = errs.map(fieldErrorMessage);
  if (c.valid !== undefined) expect(errs.length === 0, rendered.join("\n")).toBe(c.valid);
  if (c.expectedErrorCount !== undefined) expect(errs, rendered.join("\n")).toHaveLength(c.expectedErrorCount);
  if (c.expectedErrorDetailContains !== undefined) {
    expect(errs.some((e) => e.detail.includes(c.expectedErrorDetailContains!)), rendered.join("\n")).toBe(true);
  }
  if (c.expectedErrorContains !== undefined) {
    expect(rendered.some((m) => m.includes(c.expectedErrorContains!)), rendered.join("\n")).toBe(true);
  }
}

function runCase(c: Case): void {
  const strFn = stringValidators[c.kind];
  if (strFn !== undefined) {
    const value = c.value as string;
    if (c.length !== undefined) expect(utf8Length(value)).toBe(c.length);
    const errs = strFn(value);
    expect(errs.length === 0, errs.join("\n")).toBe(c.valid);
    return;
  }
  switch (c.kind) {
    case "port-number": {
      const errs = isValidPortNum(c.value as number);
      expect(errs.length === 0, errs.join("\n")).toBe(c.valid);
      if (!c.valid) expect(errs).toEqual(["must be between 1 and 65535, inclusive"]);
      return;
    }
    case "labels-map":
      checkErrors(c, validateLabels(c.labels ?? {}, "labels"));
      return;
    case "label-selector":
      checkErrors(
        c,
        validateLabelSelector(
          c.labelSelector,
          // the Go function column records the option, e.g. "ValidateLabelSelector(AllowInvalidLabelValueInSelector=false)"
          { allowInvalidLabelValueInSelector: c.function.includes("AllowInvalidLabelValueInSelector=true") },
          "labelSelector",
        ),
      );
      return;
    case "namespace-name": {
      const namespace = c.value ?? RANDOM_NAMESPACE_64;
      const errs = validateObjectMeta(
        { name: "test", namespace: namespace as string },
        { namespaced: true, nameFn: () => [] },
        "field",
      );
      checkErrors(c, errs);
      return;
    }
    case "object-name": {
      const field = c.field ?? "name";
      const value = c.value as string;
      const meta = field === "generateName" ? { name: "test", generateName: value } : { name: value };
      checkErrors(c, validateObjectMeta(meta, { namespaced: false, nameFn: nameIsDNSSubdomain }, "field"));
      return;
    }
    case "mask-trailing-dash":
      expect(maskTrailingDash(c.value as string)).toBe(c.expected);
      return;
    default:
      throw new Error(`unhandled fixture kind ${c.kind} (${c.source})`);
  }
}

describe("label-validation.json fidelity cases", () => {
  const byKind = new Map<string, Case[]>();
  for (const c of cases) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), c]);

  it("has cases and every kind is handled", () => {
    expect(cases.length).toBeGreaterThan(0);
    const known = new Set([
      ...Object.keys(stringValidators),
      "port-number",
      "labels-map",
      "label-selector",
      "namespace-name",
      "object-name",
      "mask-trailing-dash",
    ]);
    for (const kind of byKind.keys()) expect(known.has(kind), kind).toBe(true);
  });

  for (const [kind, list] of byKind) {
    describe(kind, () => {
      list.forEach((c, i) => {
        it(`${kind} #${i}`, () => runCase(c));
      });
    });
  }
});
