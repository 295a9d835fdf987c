/**
 * Pod validation. Follows pkg/apis/core/validation/validation.go (ValidatePodSpec, validateContainers,
 * ValidateResourceRequirements, ValidatePodUpdate).
 */
import type { KObject } from "../../objects/types.ts";
import { parseQuantity } from "../../quantity/index.ts";
import { isDNS1123Label, isDNS1123Subdomain } from "../../validation/names.ts";
import { invalid, required, forbidden, notSupported, type FieldError } from "../../validation/field-error.ts";

const RESTART_POLICIES = ["Always", "OnFailure", "Never"];

function validateResources(res: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const parsed: Record<string, Record<string, ReturnType<typeof parseQuantity>>> = { limits: {}, requests: {} };
  for (const part of ["limits", "requests"] as const) {
    for (const [name, v] of Object.entries(res?.[part] ?? {})) {
      try {
        const q = parseQuantity(String(v));
        if (q.sign() < 0) errs.push(invalid(`${path}.${part}[${name}]`, v, "must be greater than or equal to 0"));
        parsed[part]![name] = q;
      } catch (e) {
        errs.push(invalid(`${path}.${part}[${name}]`, v, (e as Error).message));
      }
    }
  }
  for (const [name, req] of Object.entries(parsed.requests!)) {
    const lim = parsed.limits![name];
    if (lim && req.cmp(lim) > 0) {
      errs.push(invalid(`${path}.requests`, res.requests[name], `must be less than or equal to ${name} limit of ${lim.toString()}`));
    }
  }
  return errs;
}

function validateContainers(list: any[] | undefined, path: string, names: Set<string>, requireOne: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(list) || list.length === 0) return requireOne ? [required(path)] : [];
  list.forEach((c, i) => {
    const p = `${path}[${i}]`;
    if (!c?.name) errs.push(required(`${p}.name`));
    else {
      for (const m of isDNS1123Label(c.name)) errs.push(invalid(`${p}.name`, c.name, m));
      if (names.has(c.name)) errs.push({ type: "FieldValueDuplicate", field: `${p}.name`, badValue: c.name, detail: "" });
      names.add(c.name);
    }
    if (!c?.image) errs.push(required(`${p}.image`));
    (c?.ports ?? []).forEach((port: any, j: number) => {
      const cp = port?.containerPort;
      if (typeof cp !== "number" || cp < 1 || cp > 65535) errs.push(invalid(`${p}.ports[${j}].containerPort`, cp, "must be between 1 and 65535, inclusive"));
    });
    errs.push(...validateResources(c?.resources, `${p}.resources`));
  });
  return errs;
}

/** follows validation.go (ValidatePodSpec), the parts the model uses. */
export function validatePodSpec(spec: any, path: string): FieldError[] {
  if (!spec) return [required(path)];
  const names = new Set<string>();
  const errs = [
    ...validateContainers(spec.initContainers, `${path}.initContainers`, names, false),
    ...validateContainers(spec.containers, `${path}.containers`, names, true),
  ];
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy)) {
    errs.push(notSupported(`${path}.restartPolicy`, spec.restartPolicy, RESTART_POLICIES));
  }
  if (spec.nodeName) for (const m of isDNS1123Subdomain(spec.nodeName)) errs.push(invalid(`${path}.nodeName`, spec.nodeName, m));
  if (typeof spec.terminationGracePeriodSeconds === "number" && spec.terminationGracePeriodSeconds < 0) {
    errs.push(invalid(`${path}.terminationGracePeriodSeconds`, spec.terminationGracePeriodSeconds, "must be greater than or equal to 0"));
  }
  const volNames = new Set<string>();
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (!v?.name) errs.push(required(`${path}.volumes[${i}].name`));
    else if (volNames.has(v.name)) errs.push({ type: "FieldValueDuplicate", field: `${path}.volumes[${i}].name`, badValue: v.name, detail: "" });
    else volNames.add(v.name);
  });
  return errs;
}

export function validatePod(o: KObject): FieldError[] {
  return validatePodSpec(o.spec, "spec");
}

/**
 * On update only a few pod spec fields may change (ValidatePodUpdate): container images, activeDeadlineSeconds,
 * additional tolerations, and nodeName is set through the binding subresource only.
 */
export function validatePodUpdate(n: KObject, o: KObject): FieldError[] {
  const strip = (spec: any) => {
    if (!spec) return spec;
    const { activeDeadlineSeconds: _a, tolerations: _t, ...rest } = spec;
    return {
      ...rest,
      containers: (spec.containers ?? []).map((c: any) => ({ ...c, image: undefined })),
      initContainers: (spec.initContainers ?? []).map((c: any) => ({ ...c, image: undefined })),
    };
  };
  if (JSON.stringify(strip(n.spec)) !== JSON.stringify(strip(o.spec))) {
    return [
      forbidden(
        "spec",
        "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
      ),
    ];
  }
  return validatePodSpec(n.spec, "spec");
}
