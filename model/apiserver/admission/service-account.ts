/**
 * ServiceAccount admission. Follows plugin/pkg/admission/serviceaccount/admission.go of Kubernetes 1.30 (Admit,
 * Validate, shouldIgnore, shouldAutomount, getServiceAccount, enforceMountableSecrets, limitSecretReferences,
 * mountServiceAccountToken, TokenVolumeSource):
 * - only pod creates are handled (the ephemeralcontainers update check is left out: the model has no such
 *   subresource);
 * - a mirror pod (kubernetes.io/config.mirror) is not changed — the kubelet deletes a mirror pod whose spec it did
 *   not write — and may reference neither a service account, nor a secret, nor a ServiceAccountToken projection;
 * - otherwise spec.serviceAccountName defaults to "default" and the account must exist (Kubernetes 1.30 still
 *   requires it): 403 'error looking up service account <ns>/<name>: serviceaccount "<name>" not found';
 * - unless automountServiceAccountToken is false (the pod's setting wins over the account's), every init and
 *   regular container without a mount at /var/run/secrets/kubernetes.io/serviceaccount gets one, read-only, of a
 *   projected volume "kube-api-access-<5 chars>" (a bound token, the cluster CA and the namespace) — since 1.22
 *   the bound token volume replaced mounting the legacy token Secret, so no token Secret is needed;
 * - the account's imagePullSecrets are copied to a pod that has none;
 * - an account annotated kubernetes.io/enforce-mountable-secrets=true limits the pod's secret volumes, secret
 *   env and envFrom, and pull secrets to those the account lists.
 * The real plug-in looks the account up in its informer and, on a miss, live (ten attempts ~100-200 ms apart for
 * "default", which the ServiceAccounts controller should create soon); since a miss always ends in the live read,
 * found-or-not is decided by storage, which the model reads directly, as NamespaceLifecycle does. The model's API
 * server answers a request in one step, so the retries cannot outwait the controller: a pod created in the same
 * instant as its namespace is refused, as it is in a real cluster whose controller is slower than the retries
 * (why e2e tests wait for the default account before creating pods).
 */
import type { KObject } from "../../objects/types.ts";
import { storeGet } from "../../store/store.ts";
import { fnv32aCodeUnits } from "../../collections/fnv.ts";
import { BUILTIN_BY_ID, storageKey } from "../resources.ts";
import { forbidden, isStatus, type Status } from "../status.ts";
import { suffixFor } from "../names.ts";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.ts";
import type { State } from "../../state.ts";

/** DefaultServiceAccountName */
export const DEFAULT_SERVICE_ACCOUNT_NAME = "default";

/** ServiceAccountVolumeName: the prefix of the projected token volume's name. */
export const SERVICE_ACCOUNT_VOLUME_NAME = "kube-api-access";

/** DefaultAPITokenMountPath */
export const DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";

/** EnforceMountableSecretsAnnotation */
export const ENFORCE_MOUNTABLE_SECRETS_ANNOTATION = "kubernetes.io/enforce-mountable-secrets";

/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1 h 7 s, the projected token's lifetime. */
export const WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS = 3607;

/** kubetypes.ConfigMirrorAnnotationKey (the kubelet's mirror pod annotation). */
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

const SERVICEACCOUNTS = BUILTIN_BY_ID.get("serviceaccounts")!;

/** shouldIgnore, plus the plug-in's "only CREATE" for everything the model has. */
const ignored = (a: AdmissionAttributes): boolean =>
  a.resource.group !== "" || a.resource.plural !== "pods" || (a.subresource ?? "") !== "" || a.operation !== "CREATE" || !a.object || a.object.kind !== "Pod";

const refuse = (a: AdmissionAttributes, why: string): Status => forbidden({ group: "", resource: "pods" }, a.name, why);

/** TokenVolumeSource: the projected volume that carries the bound token, the cluster CA and the namespace. */
export function tokenVolumeSource(): Record<string, unknown> {
  return {
    sources: [
      { serviceAccountToken: { expirationSeconds: WARN_ONLY_BOUND_TOKEN_EXPIRATION_SECONDS, path: "token" } },
      { configMap: { name: "kube-root-ca.crt", items: [{ key: "ca.crt", path: "ca.crt" }] } },
      { downwardAPI: { items: [{ path: "namespace", fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" } }] } },
    ],
    // corev1.ProjectedVolumeSourceDefaultMode (0644), set explicitly since kubernetes#104464.
    defaultMode: 420,
  };
}

const allContainers = (spec: any): any[] => [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];

/** VisitPodSecretNames (pkg/api/pod/util.go, all container types), answering "does the pod name any secret". */
function referencesSecrets(pod: KObject): boolean {
  const spec = pod.spec ?? {};
  if ((spec.imagePullSecrets ?? []).length > 0) return true;
  for (const c of allContainers(spec)) {
    for (const e of c?.envFrom ?? []) if (e?.secretRef) return true;
    for (const e of c?.env ?? []) if (e?.valueFrom?.secretKeyRef) return true;
  }
  for (const v of spec.volumes ?? []) {
    if (v?.secret || v?.azureFile || v?.cephfs?.secretRef || v?.cinder?.secretRef || v?.flexVolume?.secretRef || v?.rbd?.secretRef) return true;
    if (v?.scaleIO?.secretRef || v?.iscsi?.secretRef || v?.storageos?.secretRef || v?.csi?.nodePublishSecretRef) return true;
    for (const src of v?.projected?.sources ?? []) if (src?.secret) return true;
  }
  return false;
}

const usesTokenProjection = (pod: KObject): boolean =>
  (pod.spec?.volumes ?? []).some((v: any) => (v?.projected?.sources ?? []).some((s: any) => s?.serviceAccountToken));

/** The mirror-pod rules of Validate, or undefined when the pod may pass. */
function mirrorPodRefusal(a: AdmissionAttributes, pod: KObject): Status | undefined {
  if (pod.spec?.serviceAccountName) return refuse(a, "a mirror pod may not reference service accounts");
  if (referencesSecrets(pod)) return refuse(a, "a mirror pod may not reference secrets");
  if (usesTokenProjection(pod)) return refuse(a, "a mirror pod may not use ServiceAccountToken volume projections");
  return undefined;
}

const isMirrorPod = (pod: KObject) => pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;

/** getServiceAccount, or the refusal naming what was looked up. */
function lookUp(state: State, a: AdmissionAttributes, name: string): KObject | Status {
  const sa = storeGet(state.store, storageKey(SERVICEACCOUNTS, a.namespace, name))?.value as KObject | undefined;
  if (sa) return sa;
  // errors.NewNotFound(api.Resource("serviceaccount"), name): the singular resource name is what Kubernetes prints.
  return refuse(a, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
}

/** shouldAutomount: the pod's preference wins, then the account's, then true. */
function shouldAutomount(sa: KObject, pod: KObject): boolean {
  if (typeof pod.spec?.automountServiceAccountToken === "boolean") return pod.spec.automountServiceAccountToken;
  if (typeof sa.automountServiceAccountToken === "boolean") return sa.automountServiceAccountToken;
  return true;
}

/** strconv.ParseBool's true values (an unparsable value counts as false). */
const parseBoolTrue = (v: string): boolean => ["1", "t", "T", "TRUE", "true", "True"].includes(v);

/** enforceMountableSecrets: LimitSecretReferences is false in kube-apiserver, so only the annotation decides. */
function enforceMountableSecrets(sa: KObject): boolean {
  const v = sa.metadata.annotations?.[ENFORCE_MOUNTABLE_SECRETS_ANNOTATION];
  return v !== undefined && parseBoolTrue(v);
}

/** limitSecretReferences: the first secret reference the account does not allow, as Kubernetes words it. */
function limitSecretReferences(sa: KObject, pod: KObject): string | undefined {
  const saName = sa.metadata.name;
  const mountable = new Set(((sa.secrets as any[] | undefined) ?? []).map((s) => s?.name));
  const spec = pod.spec ?? {};
  for (const v of spec.volumes ?? []) {
    if (!v?.secret) continue;
    const secretName = v.secret.secretName ?? "";
    if (!mountable.has(secretName)) return `volume with secret.secretName="${secretName}" is not allowed because service account ${saName} does not reference that secret`;
  }
  for (const [kind, list] of [["init container", spec.initContainers], ["container", spec.containers]] as const) {
    for (const c of (list as any[] | undefined) ?? []) {
      for (const e of c?.env ?? []) {
        const ref = e?.valueFrom?.secretKeyRef;
        if (ref && !mountable.has(ref.name)) {
          return `${kind} ${c.name} with envVar ${e.name} referencing secret.secretName="${ref.name}" is not allowed because service account ${saName} does not reference that secret`;
        }
      }
      for (const e of c?.envFrom ?? []) {
        if (e?.secretRef && !mountable.has(e.secretRef.name)) {
          return `${kind} ${c.name} with envFrom referencing secret.secretName="${e.secretRef.name}" is not allowed because service account ${saName} does not reference that secret`;
        }
      }
    }
  }
  const pullSecrets = new Set(((sa.imagePullSecrets as any[] | undefined) ?? []).map((s) => s?.name));
  const refs: any[] = spec.imagePullSecrets ?? [];
  for (let i = 0; i < refs.length; i++) {
    if (!pullSecrets.has(refs[i]?.name)) {
      return `imagePullSecrets[${i}].name="${refs[i]?.name}" is not allowed because service account ${saName} does not reference that imagePullSecret`;
    }
  }
  return undefined;
}

/**
 * names.SimpleNameGenerator.GenerateName("kube-api-access-"): Kubernetes draws the 5 characters at random; the
 * model derives them from the pod's uid (unique per create), so the same run gives the same name.
 */
function tokenVolumeNameFor(pod: KObject, namespace: string): string {
  const seed = pod.metadata.uid ?? `${namespace}/${pod.metadata.name ?? ""}`;
  return `${SERVICE_ACCOUNT_VOLUME_NAME}-${suffixFor(fnv32aCodeUnits(`${SERVICE_ACCOUNT_VOLUME_NAME}/${seed}`) % 1_000_000_007)}`;
}

/**
 * mountServiceAccountToken: every init and regular container without a mount at the token path mounts the
 * token volume (an existing kube-api-access-* volume, or a new one), which is added when some container needs it.
 */
function mountServiceAccountToken(pod: KObject, namespace: string): KObject {
  const spec = pod.spec ?? {};
  const volumes: any[] = spec.volumes ?? [];
  const existing = volumes.find((v) => typeof v?.name === "string" && v.name.startsWith(`${SERVICE_ACCOUNT_VOLUME_NAME}-`));
  const tokenVolumeName: string = existing?.name ?? tokenVolumeNameFor(pod, namespace);
  const mount = { name: tokenVolumeName, readOnly: true, mountPath: DEFAULT_API_TOKEN_MOUNT_PATH };
  let needsTokenVolume = false;
  const withMount = (cs: any[] | undefined): any[] | undefined =>
    cs?.map((c) => {
      // An existing mount at the default path prevents mounting the API token.
      if ((c?.volumeMounts ?? []).some((m: any) => m?.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) return c;
      needsTokenVolume = true;
      return { ...c, volumeMounts: [...(c?.volumeMounts ?? []), mount] };
    });
  const initContainers = withMount(spec.initContainers);
  const containers = withMount(spec.containers);
  const next = { ...spec, ...(initContainers ? { initContainers } : {}), ...(containers ? { containers } : {}) };
  if (!existing && needsTokenVolume) next.volumes = [...volumes, { name: tokenVolumeName, projected: tokenVolumeSource() }];
  return { ...pod, spec: next };
}

/** The ServiceAccount admission plug-in (mutating and validating). */
export const serviceAccountAdmission: AdmissionPlugin = {
  name: "ServiceAccount",
  admit(state, a) {
    if (ignored(a)) return undefined;
    let pod = a.object!;
    // Admit hands a mirror pod to Validate unchanged.
    if (isMirrorPod(pod)) return mirrorPodRefusal(a, pod);
    const name: string = pod.spec?.serviceAccountName || DEFAULT_SERVICE_ACCOUNT_NAME;
    if (pod.spec?.serviceAccountName !== name) pod = { ...pod, spec: { ...(pod.spec ?? {}), serviceAccountName: name } };
    const account = lookUp(state, a, name);
    if (isStatus(account)) return account;
    if (shouldAutomount(account, pod)) pod = mountServiceAccountToken(pod, a.namespace);
    const saPullSecrets = (account.imagePullSecrets as readonly { name?: string }[] | undefined) ?? [];
    if ((pod.spec?.imagePullSecrets ?? []).length === 0 && saPullSecrets.length > 0) {
      pod = { ...pod, spec: { ...pod.spec, imagePullSecrets: saPullSecrets.map((s) => ({ name: s.name })) } };
    }
    return pod;
  },
  validate(state, a) {
    if (ignored(a)) return undefined;
    const pod = a.object!;
    if (isMirrorPod(pod)) return mirrorPodRefusal(a, pod);
    const name: string | undefined = pod.spec?.serviceAccountName;
    if (!name) return refuse(a, `no service account specified for pod ${a.namespace}/${pod.metadata.name}`);
    const sa = lookUp(state, a, name);
    if (isStatus(sa)) return sa;
    if (enforceMountableSecrets(sa)) {
      const why = limitSecretReferences(sa, pod);
      if (why) return refuse(a, why);
    }
    return undefined;
  },
};
