/**
 * Container restart back-off. Follows k8s.io/client-go/util/flowcontrol/backoff.go (Backoff.Next,
 * IsInBackOffSince, hasExpired) as the kubelet configures it in pkg/kubelet/kubelet.go
 * (flowcontrol.NewBackOff(backOffPeriod = 10s, MaxContainerBackOff = 300s), no jitter), and
 * pkg/kubelet/kuberuntime/kuberuntime_manager.go (doBackOff): the finish time of the last exited container is
 * the start of the window; a container is held while now - finishedAt < backoff; when it is let through, Next
 * doubles the window (capped), or resets it when the last update is more than 2 × max older than the exit.
 *
 * So the first restart of a crashed container is immediate (Next creates the 10 s entry), the next crash waits
 * 10 s, then 20, 40, 80, 160, 300, 300 ...; a container that ran for over 10 minutes starts again from 10 s.
 */
import type { BackoffEntry } from "./memory.ts";

/** backOffPeriod: the first back-off window, seconds. */
export const CONTAINER_BACKOFF_INITIAL = 10;
/** MaxContainerBackOff: the cap, seconds. */
export const CONTAINER_BACKOFF_MAX = 300;

/** hasExpired: the entry is older than twice the cap at the time of the event. */
export function hasExpired(eventTime: number, lastUpdate: number, max = CONTAINER_BACKOFF_MAX): boolean {
  return eventTime - lastUpdate > 2 * max;
}

/** IsInBackOffSince: whether the container that exited at eventTime is still held at `now`. */
export function isInBackOffSince(entry: BackoffEntry | undefined, eventTime: number, now: number, max = CONTAINER_BACKOFF_MAX): boolean {
  if (!entry) return false;
  if (hasExpired(eventTime, entry.lastUpdate, max)) return false;
  return now - eventTime < entry.backoff;
}

/** Next: the entry after letting the container through at `now`. */
export function nextBackoff(
  entry: BackoffEntry | undefined,
  eventTime: number,
  now: number,
  initial = CONTAINER_BACKOFF_INITIAL,
  max = CONTAINER_BACKOFF_MAX,
): BackoffEntry {
  if (!entry || hasExpired(eventTime, entry.lastUpdate, max)) return { backoff: initial, lastUpdate: now };
  return { backoff: Math.min(entry.backoff * 2, max), lastUpdate: now };
}

/** Seconds left in the window of a held container (> 0 when held). */
export const backoffRemaining = (entry: BackoffEntry, eventTime: number, now: number): number => entry.backoff - (now - eventTime);

/** Go's time.Duration.String for a whole number of seconds: "10s", "1m20s", "5m0s", "1h0m0s". */
export function goDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s === 0) return "0s";
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h${m}m${sec}s`;
  if (m > 0) return `${m}m${sec}s`;
  return `${sec}s`;
}
