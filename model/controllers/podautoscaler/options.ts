/**
 * Settings of the HPA controller: kube-controller-manager's --horizontal-pod-autoscaler-* flags, plus bug-zoo
 * switches that bring back historical Kubernetes bugs (all off by default: the controller is correct).
 */
import { DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS } from "./types.ts";
import {
  DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
  DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
  DEFAULT_TOLERANCE,
} from "./replica-calculator.ts";
import { SCALE_UP_LIMIT_FACTOR, SCALE_UP_LIMIT_MINIMUM } from "./normalize.ts";

/** The default --horizontal-pod-autoscaler-sync-period: each HPA is reconciled every 15 s. */
export const DEFAULT_HPA_SYNC_PERIOD_SECONDS = 15;

/** Historical bugs the controller can be switched to reproduce. */
export interface HpaBugs {
  /**
   * kubernetes#72775 ("HPA creates extra pods during a rolling update with no load"): pods are counted as
   * Ready whatever their Ready condition and start time, so the new, unready pods of a rollout (and their
   * start-up cpu) count in the utilization instead of being set aside by the cpu initialization rules.
   */
  readonly countUnreadyPodsAsReady?: boolean;
  /**
   * The feedback that kubernetes PR #79035 (for #72775) removed: the current size is taken from the target's
   * status.replicas (surge pods included during a rollout) instead of spec.replicas, and written back as the
   * new spec.replicas, so a rolling update ratchets the size up.
   */
  readonly currentReplicasFromStatus?: boolean;
}

/** Controller settings; every field has Kubernetes' default. */
export interface HpaControllerOptions {
  /** --horizontal-pod-autoscaler-sync-period (seconds). Default 15. */
  readonly syncPeriodSeconds?: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization (seconds). Default 300. */
  readonly downscaleStabilizationWindowSeconds?: number;
  /** --horizontal-pod-autoscaler-tolerance. Default 0.1. */
  readonly tolerance?: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period (seconds). Default 300. */
  readonly cpuInitializationPeriodSeconds?: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (seconds). Default 30. */
  readonly delayOfInitialReadinessStatusSeconds?: number;
  readonly bugs?: HpaBugs;
}

/** Options with every default filled in. */
export type ResolvedHpaOptions = Required<Omit<HpaControllerOptions, "bugs">> & {
  readonly bugs: Required<HpaBugs>;
  readonly scaleUpLimitFactor: number;
  readonly scaleUpLimitMinimum: number;
};

/** Fills in the defaults. */
export function resolveHpaOptions(o: HpaControllerOptions = {}): ResolvedHpaOptions {
  return {
    syncPeriodSeconds: o.syncPeriodSeconds ?? DEFAULT_HPA_SYNC_PERIOD_SECONDS,
    downscaleStabilizationWindowSeconds: o.downscaleStabilizationWindowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_WINDOW_SECONDS,
    tolerance: o.tolerance ?? DEFAULT_TOLERANCE,
    cpuInitializationPeriodSeconds: o.cpuInitializationPeriodSeconds ?? DEFAULT_CPU_INITIALIZATION_PERIOD_SECONDS,
    delayOfInitialReadinessStatusSeconds: o.delayOfInitialReadinessStatusSeconds ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_SECONDS,
    bugs: {
      countUnreadyPodsAsReady: o.bugs?.countUnreadyPodsAsReady ?? false,
      currentReplicasFromStatus: o.bugs?.currentReplicasFromStatus ?? false,
    },
    // The production binary's scale-up limit (horizontal.go scaleUpLimitFactor/Minimum); Go's tests use 8.
    scaleUpLimitFactor: SCALE_UP_LIMIT_FACTOR,
    scaleUpLimitMinimum: SCALE_UP_LIMIT_MINIMUM,
  };
}
