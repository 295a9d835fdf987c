/**
 * ServiceAccount admission. Follows plugin/pkg/admission/serviceaccount/admission.go (Admit, Validate,
 * shouldIgnore, getServiceAccount):
 * - only pod creates are handled;
 * - a mirror pod (kubernetes.io/config.mirror) is left alone, but may reference neither a service account nor
 *   a secret: the kubelet owns its spec and deletes a mirror pod whose spec it did not write;
 * - otherwise spec.serviceAccountName defaults to "default", and the account must exist: a pod in a namespace
 *   whose default account the ServiceAccounts controller has not created yet is refused with 403
 *   'error looking up service account <ns>/default: serviceaccount "default" not found';
 * - the account's imagePullSecrets are copied to a pod that has none.
 * The real plug-in looks the account up in its informer and, on a miss, live (ten attempts for "default", which
 * should appear soon); since a miss always ends in the live read, found-or-not is decided by storage, which the
 * model reads directly, as NamespaceLifecycle does. Mounting the account token (the projected
 * kube-api-access-<random> volume) is not modelled: the kubelet model has no projected volumes.
 */
import type { KObject } from "../../objects/types.ts";
import { storeGet } from "../../store/store.ts";
import { BUILTIN_BY_ID, storageKey } from "../resources.ts";
import { forbidden, isStatus, type Status } from "../status.ts";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.ts";
import type { State } from "../../state.ts";

/** DefaultServiceAccountName */
export const DEFAULT_SERVICE_ACCOUNT_NAME = "default";

/** kubetypes.ConfigMirrorAnnotationKey (the kubelet's mirror pod annotation). */
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

const SERVICEACCOUNTS = BUILTIN_BY_ID.get("serviceaccounts")!;

/** shouldIgnore: everything but creating a pod. */
const ignored = (a: AdmissionAttributes): boolean =>
  a.resource.group !== "" || a.resource.plural !== "pods" || (a.subresource ?? "") !== "" || a.operation !== "CREATE" || !a.object;

const refuse = (a: AdmissionAttributes, why: string): Status => forbidden({ group: "", resource: "pods" }, a.name, why);

/** VisitPodSecretNames, answering only "does the pod name any secret". */
function referencesSecrets(pod: KObject): boolean {
  const spec = pod.spec ?? {};
  if ((spec.imagePullSecrets ?? []).length > 0) return true;
  for (const v of spec.volumes ?? []) {
    if (v?.secret?.secretName) return true;
    for (const src of v?.projected?.sources ?? []) if (src?.secret?.name) return true;
    for (const k of ["azureFile", "cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos", "csi"]) {
      if (v?.[k]?.secretRef?.name || v?.[k]?.secretName) return true;
    }
  }
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const e of c?.envFrom ?? []) if (e?.secretRef?.name) return true;
    for (const e of c?.env ?? []) if (e?.valueFrom?.secretKeyRef?.name) return true;
  }
  return false;
}

/** The mirror-pod rules of Admit and Validate, or undefined when the pod may pass. */
function mirrorPodRefusal(a: AdmissionAttributes, pod: KObject): Status | undefined {
  if (pod.spec?.serviceAccountName) return refuse(a, "a mirror pod may not reference service accounts");
  if (referencesSecrets(pod)) return refuse(a, "a mirror pod may not reference secrets");
  return undefined;
}

const isMirrorPod = (pod: KObject) => pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] !== undefined;

/** getServiceAccount, or the refusal naming what was looked up. */
function lookUp(state: State, a: AdmissionAttributes, name: string): KObject | Status {
  const sa = storeGet(state.store, storageKey(SERVICEACCOUNTS, a.namespace, name))?.value;
  if (sa) return sa;
  // errors.NewNotFound(api.Resource("serviceaccount"), name): the singular resource name is what Kubernetes prints.
  return refuse(a, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
}

/** The ServiceAccount admission plug-in (mutating and validating). */
export const serviceAccountAdmission: AdmissionPlugin = {
  name: "ServiceAccount",
  admit(state, a) {
    if (ignored(a)) return undefined;
    const pod = a.object!;
    if (isMirrorPod(pod)) return mirrorPodRefusal(a, pod);
    const name: string = pod.spec?.serviceAccountName || DEFAULT_SERVICE_ACCOUNT_NAME;
    const account = lookUp(state, a, name);
    if (isStatus(account)) return account;
    const saPullSecrets = (account.imagePullSecrets as readonly object[] | undefined) ?? [];
    const pullSecrets = (pod.spec?.imagePullSecrets ?? []).length === 0 && saPullSecrets.length > 0 ? { imagePullSecrets: saPullSecrets.map((s) => ({ ...s })) } : {};
    if (pod.spec?.serviceAccountName === name && Object.keys(pullSecrets).length === 0) return undefined;
    return { ...pod, spec: { ...(pod.spec ?? {}), serviceAccountName: name, ...pullSecrets } };
  },
  validate(state, a) {
    if (ignored(a)) return undefined;
    const pod = a.object!;
    if (isMirrorPod(pod)) return mirrorPodRefusal(a, pod);
    const name: string | undefined = pod.spec?.serviceAccountName;
    if (!name) return refuse(a, `no service account specified for pod ${a.namespace}/${pod.metadata.name}`);
    const sa = lookUp(state, a, name);
    return isStatus(sa) ? sa : undefined;
  },
};
