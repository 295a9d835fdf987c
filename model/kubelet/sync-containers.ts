/**
 * What the container runtime does in one sync of a pod that should run: the kubelet's
 * kubeGenericRuntimeManager.SyncPod after computePodActions. Follows pkg/kubelet/kuberuntime/
 * kuberuntime_manager.go (computePodActions, SyncPod steps 6–7, doBackOff) and kuberuntime_container.go
 * (computeInitContainerActions):
 * - init containers run one at a time, in order; the pod's app containers start only once every regular init
 *   container has exited 0; a failed init container is restarted (with back-off) unless restartPolicy is Never,
 *   which fails the pod;
 * - restartable init containers (sidecars) start in init order and keep running beside the app containers;
 * - every app container that should run is started in the same sync; an exited one is restarted as
 *   ShouldContainerBeRestarted says, through the restart back-off (CrashLoopBackOff while held);
 * - a running container whose image changed is killed and started again (containerChanged).
 *
 * Model choice: an init container runs for no logical time but in a step of its own: it exits 0 at the first
 * sync after the one that started it (the sync asks to be requeued), so a container.crash can still hit it.
 */
import type { KObject } from "../objects/types.ts";
import type { RuntimeContainer, RuntimePod } from "../state.ts";
import { btreeGet, btreeSet, type BTree } from "../collections/btree.ts";
import { backoffKey, type BackoffEntry } from "./memory.ts";
import { backoffRemaining, isInBackOffSince, nextBackoff } from "./backoff.ts";
import { clearHold, exitContainer, holdInBackoff, restartContainer, startContainer, type ContainerSpec } from "./runtime-container.ts";
import { shouldContainerBeRestarted } from "./restart-policy.ts";
import { isRestartableInitContainer } from "./pod-phase.ts";

/** What one runtime SyncPod did. */
export interface ContainerSyncResult {
  readonly runtime: RuntimePod;
  readonly backoff: BTree<BackoffEntry>;
  /** Containers started (or restarted) by this sync. */
  readonly started: readonly string[];
  /** Containers held by CrashLoopBackOff, with their back-off window. */
  readonly backingOff: readonly { readonly container: string; readonly backoff: number }[];
  /** Seconds until the earliest back-off ends (the pod must be synced again then). */
  readonly requeueAfter?: number;
  /** An init container is running: sync again to let it complete. */
  readonly requeueNow: boolean;
  /** Nothing runs and nothing will be restarted: the pod has reached a terminal phase. */
  readonly done: boolean;
}

/** Runs one SyncPod over the pod's sandbox. */
export function syncContainers(pod: KObject, runtime: RuntimePod, backoffIn: BTree<BackoffEntry>, now: number): ContainerSyncResult {
  const initSpecs = (pod.spec?.initContainers ?? []) as ContainerSpec[];
  const appSpecs = (pod.spec?.containers ?? []) as ContainerSpec[];
  const inits = alignTo(initSpecs, runtime.initContainers);
  const apps = alignTo(appSpecs, runtime.containers);
  let backoff = backoffIn;
  const started: string[] = [];
  const backingOff: { container: string; backoff: number }[] = [];
  let requeueAfter: number | undefined;
  let requeueNow = false;

  /** doBackOff, then start: true when the container was started. */
  const restartThroughBackoff = (list: RuntimeContainer[], i: number, spec: ContainerSpec): boolean => {
    const rc = list[i]!;
    const key = backoffKey(runtime.uid, spec.name);
    const entry = btreeGet(backoff, key);
    const finishedAt = rc.finishedAt ?? now;
    if (entry && isInBackOffSince(entry, finishedAt, now)) {
      const left = backoffRemaining(entry, finishedAt, now);
      list[i] = holdInBackoff(rc, entry.backoff, finishedAt + entry.backoff);
      backingOff.push({ container: spec.name, backoff: entry.backoff });
      requeueAfter = requeueAfter === undefined ? left : Math.min(requeueAfter, left);
      return false;
    }
    backoff = btreeSet(backoff, key, nextBackoff(entry, finishedAt, now));
    list[i] = restartContainer(rc, spec, now);
    started.push(spec.name);
    return true;
  };

  // computeInitContainerActions: sidecars start in order; the first regular init container not done runs.
  let initialized = true;
  let initFailed = false;
  // The real kubelet writes the status it generated from the runtime as the sync found it, then starts what is
  // next (kubelet.go SyncPod: generateAPIPodStatus before containerRuntime.SyncPod), and computeInitContainerActions
  // moves past an init container only once the runtime shows it done (a sidecar running, a regular one exited).
  // So the API sees "initialized, app containers not created yet" (and, for a sidecar, "sidecar running, app
  // containers not created yet") before it sees them running. The model writes the status after its SyncPod, so
  // it holds the next containers back to a sync of their own: the sync that sees the last init container finish,
  // or that first starts a sidecar, starts nothing after it (and asks to be synced again).
  let holdRest = false;
  const appsHaveRun = apps.some((c) => c.state !== "waiting" || c.restartCount > 0 || c.lastExitCode !== undefined);
  for (let i = 0; i < initSpecs.length; i++) {
    const spec = initSpecs[i]!;
    let rc = inits[i]!;
    if (isRestartableInitContainer(spec)) {
      if (rc.state === "waiting") {
        inits[i] = startContainer(rc, spec, now);
        started.push(spec.name);
        if (!appsHaveRun) {
          holdRest = true;
          break;
        }
      } else if (rc.state === "terminated" && shouldContainerBeRestarted(spec, pod, rc)) {
        restartThroughBackoff(inits, i, spec);
      }
      continue;
    }
    if (rc.state === "running") {
      rc = exitContainer(rc, 0, now);
      inits[i] = rc;
      if (i === lastRegularInit(initSpecs)) holdRest = true;
    }
    if (rc.state === "terminated") {
      if (rc.exitCode === 0) continue;
      initialized = false;
      if ((pod.spec?.restartPolicy ?? "Always") === "Never") initFailed = true;
      else if (restartThroughBackoff(inits, i, spec)) requeueNow = true;
      break;
    }
    inits[i] = startContainer(rc, spec, now);
    started.push(spec.name);
    requeueNow = true;
    initialized = false;
    break;
  }

  if (holdRest && initialized) requeueNow = true;
  if (initialized && !holdRest) {
    for (let i = 0; i < appSpecs.length; i++) {
      const spec = appSpecs[i]!;
      const rc = apps[i]!;
      if (rc.state === "waiting") {
        apps[i] = startContainer(rc, spec, now);
        started.push(spec.name);
      } else if (rc.state === "running") {
        if (rc.image !== spec.image) {
          // containerChanged: the spec hash differs (kubectl set image on a pod): kill and start again.
          apps[i] = restartContainer(exitContainer(rc, 0, now), spec, now);
          started.push(spec.name);
        }
      } else if (shouldContainerBeRestarted(spec, pod, rc)) {
        restartThroughBackoff(apps, i, spec);
      } else {
        apps[i] = clearHold(rc);
      }
    }
  }

  const appsDone =
    initialized && !holdRest && appSpecs.every((spec, i) => apps[i]!.state === "terminated" && !shouldContainerBeRestarted(spec, pod, apps[i]));
  const done = initFailed || appsDone;
  if (done) {
    // The pod is finished: its sidecars are stopped too (KEP-753), and nothing is held in back-off any more.
    for (let i = 0; i < inits.length; i++) inits[i] = clearHold(exitContainer(inits[i]!, 0, now));
    for (let i = 0; i < apps.length; i++) apps[i] = clearHold(apps[i]!);
  }
  return {
    runtime: { ...runtime, initContainers: inits, containers: apps },
    backoff,
    started,
    backingOff,
    ...(requeueAfter !== undefined && !done ? { requeueAfter } : {}),
    requeueNow: requeueNow && !done,
    done,
  };
}

/** Index of the last regular (non-restartable) init container, or -1. */
function lastRegularInit(specs: readonly ContainerSpec[]): number {
  for (let i = specs.length - 1; i >= 0; i--) if (!isRestartableInitContainer(specs[i]!)) return i;
  return -1;
}

/** The runtime containers in spec order (a spec container the runtime lacks starts out waiting). */
function alignTo(specs: readonly ContainerSpec[], have: readonly RuntimeContainer[]): RuntimeContainer[] {
  return specs.map((s) => have.find((c) => c.name === s.name) ?? { name: s.name, image: s.image, state: "waiting" as const, restartCount: 0, ready: false });
}
