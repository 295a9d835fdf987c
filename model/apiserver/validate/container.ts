/**
 * Validation of a pod's containers: names, images, ports, env, mounts, probes and lifecycle handlers,
 * pull policy, resources, security context. Follows pkg/apis/core/validation/validation.go
 * (validateContainers, validateInitContainers, validateContainerCommon and the functions they call).
 */
import { parseQuantity } from "../../quantity/index.ts";
import {
  isConfigMapKey,
  isDNS1123Label,
  isEnvVarName,
  isHTTPHeaderName,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
} from "../../validation/names.ts";
import { nameIsDNSSubdomain } from "../../validation/metadata.ts";
import { duplicate, forbidden, invalid, notFound, notSupported, required, type FieldError } from "../../validation/field-error.ts";
import { validateLocalDescendingPath } from "./volumes.ts";

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const PULL_POLICIES = ["Always", "IfNotPresent", "Never"];
const TERMINATION_MESSAGE_POLICIES = ["File", "FallbackToLogsOnError"];
const HTTP_SCHEMES = ["HTTP", "HTTPS"];
const MOUNT_PROPAGATIONS = ["Bidirectional", "HostToContainer", "None"];
const ENV_FIELD_PATHS = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];
const RESOURCE_FIELD_PATHS = ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

/** follows ValidateNonnegativeField (apimachinery): "must be greater than or equal to 0". */
const nonNegative = (v: unknown, path: string): FieldError[] =>
  typeof v === "number" && v < 0 ? [invalid(path, v, "must be greater than or equal to 0")] : [];

/** follows ValidatePortNumOrName: a number is a port, a string an IANA service name. */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === "number") return isValidPortNum(port).map((m) => invalid(path, port, m));
  if (typeof port === "string") return isValidPortName(port).map((m) => invalid(path, port, m));
  return [{ type: "InternalError", field: path, detail: `unknown type: ${typeof port}` }];
}

/** follows validateContainerPorts. */
function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(ports) ? ports : []).forEach((port: any, i: number) => {
    const p = `${path}[${i}]`;
    if (port?.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length > 0) for (const m of msgs) errs.push(invalid(`${p}.name`, port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(`${p}.name`, port.name));
      else names.add(port.name);
    }
    if (!port?.containerPort) errs.push(required(`${p}.containerPort`));
    else for (const m of isValidPortNum(port.containerPort)) errs.push(invalid(`${p}.containerPort`, port.containerPort, m));
    if (port?.hostPort) for (const m of isValidPortNum(port.hostPort)) errs.push(invalid(`${p}.hostPort`, port.hostPort, m));
    if (!port?.protocol) errs.push(required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

/** follows validateObjectFieldSelector (the downward API paths an env var may name; subscripts of labels/annotations). */
function validateObjectFieldSelector(fs: any, path: string): FieldError[] {
  // apiVersion defaults to "v1" (SetDefaults_ObjectFieldSelector)
  const fieldPath: string = fs?.fieldPath ?? "";
  if (!fieldPath) return [required(`${path}.fieldPath`)];
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (sub) return [];
  if (!ENV_FIELD_PATHS.includes(fieldPath)) return [notSupported(`${path}.fieldPath`, fieldPath, ENV_FIELD_PATHS)];
  return [];
}

/** follows validateConfigMapKeySelector and validateSecretKeySelector (both name objects as Secrets do). */
function validateKeySelector(s: any, path: string): FieldError[] {
  const errs = nameIsDNSSubdomain(s?.name ?? "", false).map((m) => invalid(`${path}.name`, s?.name ?? "", m));
  if (!s?.key) errs.push(required(`${path}.key`));
  else for (const m of isConfigMapKey(s.key)) errs.push(invalid(`${path}.key`, s.key, m));
  return errs;
}

/** follows validateEnvVarValueFrom: exactly one source, and no `value` beside it. */
function validateEnvVarValueFrom(ev: any, path: string): FieldError[] {
  const vf = ev?.valueFrom;
  if (!vf) return [];
  const errs: FieldError[] = [];
  let numSources = 0;
  if (vf.fieldRef) {
    numSources++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, `${path}.fieldRef`));
  }
  if (vf.resourceFieldRef) {
    numSources++;
    const r = vf.resourceFieldRef;
    if (!r.resource) errs.push(required(`${path}.resourceFieldRef.resource`));
    else if (!RESOURCE_FIELD_PATHS.includes(r.resource) && !/^(requests|limits)\.hugepages-/.test(r.resource)) {
      errs.push(notSupported(`${path}.resourceFieldRef.resource`, r.resource, RESOURCE_FIELD_PATHS));
    }
  }
  if (vf.configMapKeyRef) {
    numSources++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (vf.secretKeyRef) {
    numSources++;
    errs.push(...validateKeySelector(vf.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (numSources === 0) errs.push(invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"));
  else if (typeof ev.value === "string" && ev.value.length > 0) errs.push(invalid(path, "", "may not be specified when `value` is not empty"));
  else if (numSources > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  return errs;
}

/** follows ValidateEnv (strict names: the RelaxedEnvironmentVariableValidation gate is off). */
function validateEnv(vars: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(vars) ? vars : []).forEach((ev: any, i: number) => {
    const p = `${path}[${i}]`;
    if (!ev?.name) errs.push(required(`${p}.name`));
    else for (const m of isEnvVarName(ev.name)) errs.push(invalid(`${p}.name`, ev.name, m));
    errs.push(...validateEnvVarValueFrom(ev, `${p}.valueFrom`));
  });
  return errs;
}

/** follows ValidateEnvFrom. */
function validateEnvFrom(vars: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(vars) ? vars : []).forEach((ev: any, i: number) => {
    const p = `${path}[${i}]`;
    if (ev?.prefix) for (const m of isEnvVarName(ev.prefix)) errs.push(invalid(`${p}.prefix`, ev.prefix, m));
    let numSources = 0;
    for (const kind of ["configMapRef", "secretRef"] as const) {
      const ref = ev?.[kind];
      if (!ref) continue;
      numSources++;
      if (!ref.name) errs.push(required(`${p}.${kind}.name`));
      else for (const m of nameIsDNSSubdomain(ref.name, true)) errs.push(invalid(`${p}.${kind}.name`, ref.name, m));
    }
    if (numSources === 0) errs.push(invalid(path, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (numSources > 1) errs.push(invalid(path, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

/** follows ValidateVolumeMounts (without volumeDevices, which the model does not have). */
function validateVolumeMounts(mounts: unknown, volumes: ReadonlyMap<string, any>, container: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountpoints = new Set<string>();
  (Array.isArray(mounts) ? mounts : []).forEach((mnt: any, i: number) => {
    const p = `${path}[${i}]`;
    const name: string = mnt?.name ?? "";
    const mountPath: string = mnt?.mountPath ?? "";
    if (!name) errs.push(required(`${p}.name`));
    if (!volumes.has(name)) errs.push(notFound(`${p}.name`, name));
    if (!mountPath) errs.push(required(`${p}.mountPath`));
    if (mountpoints.has(mountPath)) errs.push(invalid(`${p}.mountPath`, mountPath, "must be unique"));
    mountpoints.add(mountPath);
    // upstream reports the subPath errors at the list's path, not the item's
    if (mnt?.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, `${path}.subPath`));
    if (mnt?.subPathExpr) {
      if (mnt.subPath) errs.push(invalid(`${p}.subPathExpr`, mnt.subPathExpr, "subPathExpr and subPath are mutually exclusive"));
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, `${path}.subPathExpr`));
    }
    if (mnt?.mountPropagation !== undefined && mnt.mountPropagation !== null) {
      if (!MOUNT_PROPAGATIONS.includes(mnt.mountPropagation)) errs.push(notSupported(`${path}.mountPropagation`, mnt.mountPropagation, MOUNT_PROPAGATIONS));
      else if (mnt.mountPropagation === "Bidirectional" && container?.securityContext?.privileged !== true) {
        errs.push(forbidden(`${path}.mountPropagation`, "Bidirectional mount propagation is available only to privileged containers"));
      }
    }
  });
  return errs;
}

/** follows validateResourceRequirements for containers: quantities not negative, requests within limits. */
function validateResources(res: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const limits: Record<string, ReturnType<typeof parseQuantity>> = {};
  for (const part of ["limits", "requests"] as const) {
    for (const [name, v] of Object.entries(res?.[part] ?? {})) {
      let q: ReturnType<typeof parseQuantity>;
      try {
        q = parseQuantity(String(v));
      } catch (e) {
        errs.push(invalid(`${path}.${part}[${name}]`, v, (e as Error).message));
        continue;
      }
      if (q.sign() < 0) errs.push(invalid(`${path}.${part}[${name}]`, q.toString(), "must be greater than or equal to 0"));
      if (part === "limits") limits[name] = q;
      else if (limits[name] && q.cmp(limits[name]!) > 0) {
        errs.push(invalid(`${path}.requests`, q.toString(), `must be less than or equal to ${name} limit of ${limits[name]!.toString()}`));
      }
    }
  }
  return errs;
}

/** follows ValidateSecurityContext (the ID ranges and the privilege-escalation conflict). */
function validateSecurityContext(sc: any, path: string): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (typeof sc.runAsUser === "number") for (const m of isValidUserID(sc.runAsUser)) errs.push(invalid(`${path}.runAsUser`, sc.runAsUser, m));
  if (typeof sc.runAsGroup === "number") for (const m of isValidUserID(sc.runAsGroup)) errs.push(invalid(`${path}.runAsGroup`, sc.runAsGroup, m));
  if (sc.allowPrivilegeEscalation === false && sc.privileged === true) {
    errs.push(invalid(path, sc, "cannot set `allowPrivilegeEscalation` to false and `privileged` to true"));
  }
  return errs;
}

/** follows validateContainerCommon. */
function validateContainerCommon(c: any, volumes: ReadonlyMap<string, any>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c?.name) errs.push(required(`${path}.name`));
  else for (const m of isDNS1123Label(c.name)) errs.push(invalid(`${path}.name`, c.name, m));
  if (!c?.image) errs.push(required(`${path}.image`));
  const tmp = c?.terminationMessagePolicy;
  if (!tmp) errs.push(required(`${path}.terminationMessagePolicy`));
  else if (!TERMINATION_MESSAGE_POLICIES.includes(tmp)) errs.push(notSupported(`${path}.terminationMessagePolicy`, tmp, TERMINATION_MESSAGE_POLICIES));
  errs.push(
    ...validateContainerPorts(c?.ports, `${path}.ports`),
    ...validateEnv(c?.env, `${path}.env`),
    ...validateEnvFrom(c?.envFrom, `${path}.envFrom`),
    ...validateVolumeMounts(c?.volumeMounts, volumes, c, `${path}.volumeMounts`),
  );
  // validatePullPolicy
  const pp = c?.imagePullPolicy;
  if (!pp) errs.push(required(`${path}.imagePullPolicy`));
  else if (!PULL_POLICIES.includes(pp)) errs.push(notSupported(`${path}.imagePullPolicy`, pp, PULL_POLICIES));
  errs.push(...validateResources(c?.resources, `${path}.resources`), ...validateSecurityContext(c?.securityContext, `${path}.securityContext`));
  return errs;
}

/** follows validateHTTPGetAction; path and scheme default to "/" and "HTTP" (SetDefaults_HTTPGetAction). */
function validateHTTPGet(h: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((h.path ?? "/") === "") errs.push(required(`${path}.path`));
  errs.push(...validatePortNumOrName(h.port, `${path}.port`));
  const scheme = h.scheme ?? "HTTP";
  if (!HTTP_SCHEMES.includes(scheme)) errs.push(notSupported(`${path}.scheme`, scheme, HTTP_SCHEMES));
  for (const header of h.httpHeaders ?? []) for (const m of isHTTPHeaderName(header?.name ?? "")) errs.push(invalid(`${path}.httpHeaders`, header?.name ?? "", m));
  return errs;
}

/** follows validateHandler: exactly one handler; probes may not sleep, lifecycle hooks may not use grpc. */
function validateHandler(h: any, kinds: readonly string[], gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let numHandlers = 0;
  for (const kind of kinds) {
    const action = h?.[kind];
    if (action === undefined || action === null) continue;
    if (numHandlers > 0) {
      errs.push(forbidden(`${path}.${kind}`, "may not specify more than 1 handler type"));
      continue;
    }
    numHandlers++;
    const p = `${path}.${kind}`;
    if (kind === "exec" && !(Array.isArray(action.command) && action.command.length > 0)) errs.push(required(`${p}.command`));
    if (kind === "httpGet") errs.push(...validateHTTPGet(action, p));
    if (kind === "tcpSocket") errs.push(...validatePortNumOrName(action.port, `${p}.port`));
    if (kind === "grpc") errs.push(...validatePortNumOrName(action.port, `${p}.port`));
    if (kind === "sleep" && gracePeriod !== undefined && (action.seconds <= 0 || action.seconds > gracePeriod)) {
      // validateSleepAction with the PodLifecycleSleepActionAllowZero gate off
      errs.push(
        invalid(
          p,
          action.seconds,
          `must be greater than 0 and less than terminationGracePeriodSeconds (${gracePeriod}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
        ),
      );
    }
  }
  if (numHandlers === 0) errs.push(required(path, "must specify a handler type"));
  return errs;
}

const PROBE_HANDLERS = ["exec", "httpGet", "tcpSocket", "grpc"];
const LIFECYCLE_HANDLERS = ["exec", "httpGet", "tcpSocket", "sleep"];

/**
 * follows validateProbe with validateLivenessProbe / validateReadinessProbe / validateStartupProbe. Fields left
 * out take their SetDefaults_Probe values (successThreshold 1), as the API server defaults before validating.
 */
function validateProbe(probe: any, which: "liveness" | "readiness" | "startup", gracePeriod: number | undefined, path: string): FieldError[] {
  if (!probe) return [];
  const errs = validateHandler(probe, PROBE_HANDLERS, gracePeriod, path);
  for (const f of ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"]) {
    errs.push(...nonNegative(probe[f], `${path}.${f}`));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (typeof tgps === "number" && tgps <= 0) errs.push(invalid(`${path}.terminationGracePeriodSeconds`, tgps, "must be greater than 0"));
  if (which === "readiness") {
    if (tgps !== undefined && tgps !== null) errs.push(invalid(`${path}.terminationGracePeriodSeconds`, tgps, "must not be set for readinessProbes"));
  } else {
    const st = probe.successThreshold ?? 1;
    if (st !== 1) errs.push(invalid(`${path}.successThreshold`, st, "must be 1"));
  }
  return errs;
}

/** follows validateLifecycle. */
function validateLifecycle(lc: any, gracePeriod: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (lc.postStart) errs.push(...validateHandler(lc.postStart, LIFECYCLE_HANDLERS, gracePeriod, `${path}.postStart`));
  if (lc.preStop) errs.push(...validateHandler(lc.preStop, LIFECYCLE_HANDLERS, gracePeriod, `${path}.preStop`));
  return errs;
}

/** The probes and lifecycle of a container that may have them (a regular one or a restartable init container). */
function validateHooksAndProbes(c: any, gracePeriod: number | undefined, path: string): FieldError[] {
  return [
    ...(c.lifecycle ? validateLifecycle(c.lifecycle, gracePeriod, `${path}.lifecycle`) : []),
    ...validateProbe(c.livenessProbe, "liveness", gracePeriod, `${path}.livenessProbe`),
    ...validateProbe(c.readinessProbe, "readiness", gracePeriod, `${path}.readinessProbe`),
    ...validateProbe(c.startupProbe, "startup", gracePeriod, `${path}.startupProbe`),
  ];
}

/** follows AccumulateUniqueHostPorts / checkHostPortConflicts. */
function checkHostPortConflicts(containers: readonly any[], path: string, indexOffset = 0): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => {
    (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, pi: number) => {
      if (!p?.hostPort) return;
      const key = `${p.protocol}/${p.hostIP ?? ""}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci + indexOffset}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    });
  });
  return errs;
}

/** follows validateContainers (the regular containers). */
export function validateContainers(containers: unknown, volumes: ReadonlyMap<string, any>, gracePeriod: number | undefined, path: string): FieldError[] {
  if (!Array.isArray(containers) || containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c: any, i: number) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, p));
    if (names.has(c?.name)) errs.push(duplicate(`${p}.name`, c?.name));
    else names.add(c?.name);
    errs.push(...validateHooksAndProbes(c ?? {}, gracePeriod, p));
    if (c?.restartPolicy !== undefined && c?.restartPolicy !== null) errs.push(forbidden(`${p}.restartPolicy`, "may not be set for non-init containers"));
  });
  return [...errs, ...checkHostPortConflicts(containers, path)];
}

/** follows validateInitContainers: restartPolicy Always makes a sidecar, which may have probes and hooks. */
export function validateInitContainers(
  containers: unknown,
  regular: unknown,
  volumes: ReadonlyMap<string, any>,
  gracePeriod: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>((Array.isArray(regular) ? regular : []).map((c: any) => c?.name));
  (Array.isArray(containers) ? containers : []).forEach((c: any, i: number) => {
    const p = `${path}[${i}]`;
    errs.push(...validateContainerCommon(c, volumes, p));
    let restartAlways = false;
    if (c?.restartPolicy !== undefined && c?.restartPolicy !== null) {
      if (c.restartPolicy !== "Always") errs.push(notSupported(`${p}.restartPolicy`, c.restartPolicy, ["Always"]));
      restartAlways = c.restartPolicy === "Always";
    }
    if (names.has(c?.name)) errs.push(duplicate(`${p}.name`, c?.name));
    else if (c?.name) names.add(c.name);
    // init containers run one by one: their host ports are checked one container at a time
    errs.push(...checkHostPortConflicts([c], path, i));
    if (restartAlways) errs.push(...validateHooksAndProbes(c, gracePeriod, p));
    else {
      for (const f of ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"]) {
        if (c?.[f]) errs.push(forbidden(`${p}.${f}`, "may not be set for init containers without restartPolicy=Always"));
      }
    }
  });
  return errs;
}
