/**
 * Every component kind kubeprop models, with the options each takes: the registry a cluster resolves its config
 * with unless given another (a user's controller, a test's stand-in: `BUILTIN_KINDS.with(...)`). The options are
 * Kubernetes' flags the model has, and the bug-zoo variants (off in Kubernetes as shipped).
 */
import { eraseMemory, type ComponentBehavior } from "./components/behavior.ts";
import { Kinds, fixedKind, type ComponentKind } from "./components/kinds.ts";
import type { Options } from "./config.ts";
import { serviceAccountsController } from "./controllers/serviceaccount/controller.ts";
import { tokensController } from "./controllers/serviceaccount/tokens-controller.ts";
import { rootCACertPublisher } from "./controllers/certificates/root-ca-cert-publisher.ts";
import { makeEndpointsController, ENDPOINTS_CONTROLLER_KIND } from "./controllers/endpoint/controller.ts";
import { serviceController } from "./controllers/service/controller.ts";
import { kubeProxyBehavior } from "./proxy/behavior.ts";
import { makeServiceRepairBehavior, SERVICE_REPAIR_KIND } from "./services/repair-controller.ts";
import { makeReplicaSetBehavior, REPLICATION_CONTROLLER_FLAVOR, REPLICA_SET_FLAVOR } from "./controllers/replicaset/index.ts";
import { makeDeploymentBehavior, DEPLOYMENT_CONTROLLER_KIND } from "./controllers/deployment/controller.ts";
import { makeHpaBehavior, HPA_CONTROLLER_KIND } from "./controllers/podautoscaler/controller.ts";
import { makeSchedulerBehavior } from "./scheduler/behavior.ts";
import { makeNodeLifecycleBehavior, NODE_LIFECYCLE_KIND } from "./controllers/nodelifecycle/behavior.ts";
import { garbageCollectorBehavior } from "./controllers/garbagecollector/index.ts";
import { kubeletBehavior } from "./kubelet/behavior.ts";
import { makeKubeletBehavior } from "./kubelet/variants.ts";
import { namespaceController } from "./controllers/namespace/controller.ts";
import { crdCleanupController } from "./controllers/namespace/crd-cleanup.ts";
import { resourceQuotaController } from "./controllers/resourcequota/controller.ts";
import { makeQuotaAdmissionInformer, QUOTA_ADMISSION_INFORMER_KIND } from "./controllers/resourcequota/admission-informer.ts";
import { makePvControllerBehavior } from "./controllers/volume/persistentvolume/controller.ts";
import { PV_CONTROLLER_KIND } from "./controllers/volume/persistentvolume/constants.ts";
import { pvcProtectionController, PVC_PROTECTION_KIND } from "./controllers/volume/pvcprotection/controller.ts";
import { pvProtectionController, PV_PROTECTION_KIND } from "./controllers/volume/pvprotection/controller.ts";

/**
 * kube-controller-manager's shared informers resync every 12-24 h (ResyncPeriod); the model uses 12 h for its
 * controllers, so that an event missed across a relist is eventually made up for.
 */
const KCM_RESYNC = 12 * 3600;
const kcm = (b: ComponentBehavior): ComponentBehavior => (b.resyncPeriod ? b : { ...b, resyncPeriod: KCM_RESYNC });

/** A kind of kube-controller-manager: its informers resync. */
const kcmKind = (k: ComponentKind): ComponentKind => ({ ...k, make: (o) => kcm(k.make(o)) });

/** A kind whose options are those of its make function (memory erased for the registry, as fixedKind does). */
function optionsKind<O, M>(base: ComponentBehavior<M>, options: ComponentKind["options"], make: (o: O) => ComponentBehavior<M>): ComponentKind {
  const erased = eraseMemory(base);
  return { kind: base.kind, source: base.source, ...(options ? { options } : {}), make: (o: Options) => (Object.keys(o).length === 0 ? erased : eraseMemory(make(o as O))) };
}

const replicaSet = makeReplicaSetBehavior({ flavor: REPLICA_SET_FLAVOR });
const replicationController = makeReplicaSetBehavior({ flavor: REPLICATION_CONTROLLER_FLAVOR });
const replicaSetOptions = { expectations: "boolean", burstReplicas: "number", podLister: "string" } as const;
const deployment = makeDeploymentBehavior();
const hpa = makeHpaBehavior();
const scheduler = makeSchedulerBehavior();
const nodeLifecycle = makeNodeLifecycleBehavior({ stopEvictionsOnFullDisruption: true });
const endpoints = makeEndpointsController();
const serviceRepair = makeServiceRepairBehavior();
const pvBinder = makePvControllerBehavior();
const quotaAdmission = makeQuotaAdmissionInformer();

export const BUILTIN_KIND_LIST: readonly ComponentKind[] = [
  kcmKind(fixedKind(serviceAccountsController)),
  kcmKind(optionsKind(replicaSet, replicaSetOptions, (o: object) => makeReplicaSetBehavior({ ...o, flavor: REPLICA_SET_FLAVOR }))),
  kcmKind(optionsKind(replicationController, replicaSetOptions, (o: object) => makeReplicaSetBehavior({ ...o, flavor: REPLICATION_CONTROLLER_FLAVOR }))),
  kcmKind(optionsKind(deployment, { saturatedIgnoresAvailability: "boolean", gates: "object" }, makeDeploymentBehavior)),
  kcmKind(
    optionsKind(
      hpa,
      { syncPeriodSeconds: "number", downscaleStabilizationWindowSeconds: "number", tolerance: "number", cpuInitializationPeriodSeconds: "number", delayOfInitialReadinessStatusSeconds: "number", bugs: "object" },
      makeHpaBehavior,
    ),
  ),
  kcmKind(optionsKind(nodeLifecycle, { stopEvictionsOnFullDisruption: "boolean", tuning: "object" }, (o: object) => makeNodeLifecycleBehavior({ stopEvictionsOnFullDisruption: true, ...o }))),
  kcmKind(fixedKind(garbageCollectorBehavior)),
  kcmKind(fixedKind(resourceQuotaController)),
  kcmKind(fixedKind(tokensController)),
  kcmKind(fixedKind(rootCACertPublisher)),
  optionsKind(scheduler, { assume: "boolean", assumedPodTTLSeconds: "number", checkNodeReadyCondition: "boolean", percentageOfNodesToScore: "number", weights: "object" }, makeSchedulerBehavior),
  optionsKind(endpoints, { keepTerminatingReady: "boolean" }, makeEndpointsController),
  fixedKind(serviceController),
  fixedKind(kubeProxyBehavior),
  optionsKind(serviceRepair, { bugReuseOnRepair: "boolean" }, makeServiceRepairBehavior),
  optionsKind(kubeletBehavior, { dropsRelistDeletions: "boolean", admissionCountsTerminalPods: "boolean" }, makeKubeletBehavior),
  fixedKind(namespaceController),
  fixedKind(crdCleanupController),
  optionsKind(quotaAdmission, { namespaceInformer: "boolean" }, makeQuotaAdmissionInformer),
  optionsKind(pvBinder, { bindVolumeFirst: "boolean", initializeCaches: "boolean", doubleCheckClaim: "boolean" }, makePvControllerBehavior),
  kcmKind(fixedKind(pvcProtectionController)),
  kcmKind(fixedKind(pvProtectionController)),
];

/** The registry of every kind above. */
export const BUILTIN_KINDS: Kinds = Kinds.of(BUILTIN_KIND_LIST);

/** Kind names of the zoo's components, for the bug files. */
export { ENDPOINTS_CONTROLLER_KIND, SERVICE_REPAIR_KIND, DEPLOYMENT_CONTROLLER_KIND, HPA_CONTROLLER_KIND, NODE_LIFECYCLE_KIND, QUOTA_ADMISSION_INFORMER_KIND, PV_CONTROLLER_KIND, PVC_PROTECTION_KIND, PV_PROTECTION_KIND };
