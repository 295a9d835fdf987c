/**
 * Validation of a pod's volumes: unique DNS-label names and exactly one source each, with the rules of the
 * sources ordinary manifests use. Follows pkg/apis/core/validation/validation.go (ValidateVolumes,
 * validateVolumeSource and the validate*VolumeSource functions it calls).
 */
import { parseQuantity } from "../../quantity/index.ts";
import { isDNS1123Label } from "../../validation/names.ts";
import { duplicate, forbidden, invalid, notSupported, required, type FieldError } from "../../validation/field-error.ts";

const FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";

/**
 * The volume sources in validateVolumeSource's order, with the path segment upstream reports "may not specify
 * more than 1 volume type" at (kept verbatim, including its "downwarAPI" spelling).
 */
const SOURCES: readonly (readonly [key: string, errorPath: string])[] = [
  ["emptyDir", "emptyDir"],
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const HOST_PATH_TYPES = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

const badMode = (m: unknown) => typeof m === "number" && (m > 0o777 || m < 0);

/** follows validatePathNoBacksteps: no ".." element. */
export function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split(/[\\/]/).includes("..") ? [invalid(path, target, "must not contain '..'")] : [];
}

/** follows validateLocalDescendingPath: relative, without "..". */
export function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith("/")) errs.push(invalid(path, target, "must be a relative path"));
  return [...errs, ...validatePathNoBacksteps(target, path)];
}

/** follows ValidateLocalNonReservedPath. */
function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  // the ".." element check has already caught "../"
  if (target.startsWith("..") && !target.startsWith("../")) errs.push(invalid(path, target, "must not start with '..'"));
  return errs;
}

/** follows validateKeyToPath. */
function validateKeyToPath(kp: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp?.key) errs.push(required(`${path}.key`));
  if (!kp?.path) errs.push(required(`${path}.path`));
  errs.push(...validateLocalNonReservedPath(kp?.path ?? "", `${path}.path`));
  if (badMode(kp?.mode)) errs.push(invalid(`${path}.mode`, kp.mode, FILE_MODE_ERROR));
  return errs;
}

function validateItems(items: unknown, path: string): FieldError[] {
  return Array.isArray(items) ? items.flatMap((kp, i) => validateKeyToPath(kp, `${path}.items[${i}]`)) : [];
}

/** follows validateSecretVolumeSource and validateConfigMapVolumeSource (they differ in the name field only). */
function validateObjectVolume(src: any, nameField: "secretName" | "name", path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!src?.[nameField]) errs.push(required(`${path}.${nameField}`));
  if (badMode(src?.defaultMode)) errs.push(invalid(`${path}.defaultMode`, src.defaultMode, FILE_MODE_ERROR));
  return [...errs, ...validateItems(src?.items, path)];
}

/** follows validateHostPathVolumeSource. */
function validateHostPath(src: any, path: string): FieldError[] {
  if (!src?.path) return [required(`${path}.path`)];
  const errs = validatePathNoBacksteps(src.path, `${path}.path`);
  if (src.type !== undefined && src.type !== null && !HOST_PATH_TYPES.includes(src.type)) {
    errs.push(notSupported(`${path}.type`, src.type, HOST_PATH_TYPES));
  }
  return errs;
}

/** follows validateProjectionSources (secret, configMap, downwardAPI paths and the one-source rule). */
function validateProjected(src: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (badMode(src?.defaultMode)) errs.push(invalid(`${path}.defaultMode`, src.defaultMode, FILE_MODE_ERROR));
  const allPaths = new Set<string>();
  const claim = (p: unknown, bad: unknown) => {
    if (typeof p !== "string" || p.length === 0) return;
    if (allPaths.has(p)) errs.push(invalid(path, bad, "conflicting duplicate paths"));
    else allPaths.add(p);
  };
  (Array.isArray(src?.sources) ? src.sources : []).forEach((source: any, i: number) => {
    const srcPath = `${path}.sources[${i}]`;
    let numSources = 0;
    for (const kind of ["secret", "configMap"] as const) {
      const s = source?.[kind];
      if (!s) continue;
      numSources++;
      if (!s.name) errs.push(required(`${srcPath}.${kind}.name`));
      (Array.isArray(s.items) ? s.items : []).forEach((kp: any, j: number) => {
        errs.push(...validateKeyToPath(kp, `${srcPath}.${kind}.items[${j}]`));
        claim(kp?.path, s.name ?? "");
      });
    }
    if (source?.downwardAPI) {
      numSources++;
      for (const file of source.downwardAPI.items ?? []) {
        if (!file?.path) errs.push(required(`${srcPath}.downwardAPI.path`));
        errs.push(...validateLocalNonReservedPath(file?.path ?? "", `${srcPath}.downwardAPI.path`));
        claim(file?.path, file?.path);
      }
    }
    if (source?.serviceAccountToken) {
      numSources++;
      const t = source.serviceAccountToken;
      const exp = t.expirationSeconds ?? 3600; // SetDefaults_ServiceAccountTokenProjection
      if (exp < 600) errs.push(invalid(`${srcPath}.serviceAccountToken.expirationSeconds`, exp, "may not specify a duration less than 10 minutes"));
      if (exp > 2 ** 32) errs.push(invalid(`${srcPath}.serviceAccountToken.expirationSeconds`, exp, "may not specify a duration larger than 2^32 seconds"));
      if (!t.path) errs.push(required(`${path}.path`));
      else errs.push(...validateLocalNonReservedPath(t.path, `${path}.path`));
    }
    if (source?.clusterTrustBundle) numSources++;
    if (numSources > 1) errs.push(forbidden(srcPath, "may not specify more than 1 volume type per source"));
  });
  return errs;
}

function validateEmptyDir(src: any, path: string): FieldError[] {
  if (src?.sizeLimit === undefined || src.sizeLimit === null) return [];
  try {
    if (parseQuantity(String(src.sizeLimit)).sign() >= 0) return [];
  } catch {
    // an unparsable quantity is refused by decoding; here it counts as invalid too
  }
  return [forbidden(`${path}.sizeLimit`, "SizeLimit field must be a valid resource quantity")];
}

/** The per-source checks the model ports; other sources are counted but not inspected. */
const SOURCE_RULES: Record<string, (src: any, path: string) => FieldError[]> = {
  emptyDir: validateEmptyDir,
  hostPath: validateHostPath,
  secret: (s, p) => validateObjectVolume(s, "secretName", p),
  configMap: (s, p) => validateObjectVolume(s, "name", p),
  persistentVolumeClaim: (s, p) => (s?.claimName ? [] : [required(`${p}.claimName`)]),
  projected: validateProjected,
  nfs: (s, p) => {
    const errs: FieldError[] = [];
    if (!s?.server) errs.push(required(`${p}.server`));
    if (!s?.path) errs.push(required(`${p}.path`));
    if (!String(s?.path ?? "").startsWith("/")) errs.push(invalid(`${p}.path`, s?.path ?? "", "must be an absolute path"));
    return errs;
  },
  downwardAPI: (s, p) => (badMode(s?.defaultMode) ? [invalid(`${p}.defaultMode`, s.defaultMode, FILE_MODE_ERROR)] : []),
};

/** follows validateVolumeSource: exactly one source. */
function validateVolumeSource(v: any, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let numVolumes = 0;
  for (const [key, errorPath] of SOURCES) {
    const src = v?.[key];
    if (src === undefined || src === null) continue;
    if (numVolumes > 0) {
      errs.push(forbidden(`${path}.${errorPath}`, "may not specify more than 1 volume type"));
      continue;
    }
    numVolumes++;
    errs.push(...(SOURCE_RULES[key]?.(src, `${path}.${key}`) ?? []));
  }
  if (numVolumes === 0) errs.push(required(path, "must specify a volume type"));
  return errs;
}

/**
 * follows ValidateVolumes: the errors, and the volumes by name (only those without errors, as upstream, so a
 * mount of an invalid volume is also reported "Not found").
 */
export function validateVolumes(volumes: unknown, path: string): { volumes: Map<string, any>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const byName = new Map<string, any>();
  (Array.isArray(volumes) ? volumes : []).forEach((vol: any, i: number) => {
    const idxPath = `${path}[${i}]`;
    const namePath = `${idxPath}.name`;
    const el = validateVolumeSource(vol, idxPath);
    const name: string = typeof vol?.name === "string" ? vol.name : "";
    if (name.length === 0) el.push(required(namePath));
    else for (const m of isDNS1123Label(name)) el.push(invalid(namePath, name, m));
    if (byName.has(name)) el.push(duplicate(namePath, name));
    if (el.length === 0) byName.set(name, vol);
    else errs.push(...el);
  });
  return { volumes: byName, errs };
}
