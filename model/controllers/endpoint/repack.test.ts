import { describe, expect, it } from "vitest";
import { MAX_CAPACITY, capacityAnnotationSetCorrectly, OVER_CAPACITY_ANNOTATION, repackSubsets, subsetsEqualIgnoringResourceVersion, truncateSubsets } from "./repack.ts";
import type { EndpointAddress, EndpointSubset } from "./pod-endpoints.ts";

const addr = (ip: string, uid = ip): EndpointAddress => ({ ip, targetRef: { kind: "Pod", namespace: "default", name: `p-${ip}`, uid } });
const http = { name: "http", port: 8080, protocol: "TCP" };
const metrics = { name: "metrics", port: 9100, protocol: "TCP" };

describe("RepackSubsets", () => {
  it("merges the ports offered by the same addresses into one subset, addresses sorted", () => {
    const out = repackSubsets([
      { addresses: [addr("10.0.0.2")], ports: [http] },
      { addresses: [addr("10.0.0.10")], ports: [http] },
      { addresses: [addr("10.0.0.2")], ports: [metrics] },
      { addresses: [addr("10.0.0.10")], ports: [metrics] },
    ]);
    // IPs compare as text, as LessEndpointAddress compares their bytes.
    expect(out).toEqual([{ addresses: [addr("10.0.0.10"), addr("10.0.0.2")], ports: [http, metrics] }]);
  });

  it("keeps addresses offering different ports apart, and not ready trumps ready", () => {
    const out = repackSubsets([
      { addresses: [addr("10.0.0.2")], ports: [http] },
      { notReadyAddresses: [addr("10.0.0.2")], ports: [http] },
      { addresses: [addr("10.0.0.3")], ports: [metrics] },
    ]);
    expect(out).toEqual([
      { addresses: [addr("10.0.0.3")], ports: [metrics] },
      { notReadyAddresses: [addr("10.0.0.2")], ports: [http] },
    ]);
  });

  it("keeps addresses of subsets without ports (headless Service without ports)", () => {
    expect(repackSubsets([{ addresses: [addr("10.0.0.2")], ports: [] }])).toEqual([{ addresses: [addr("10.0.0.2")] }]);
  });

  it("is idempotent and independent of input order", () => {
    const input: EndpointSubset[] = [
      { addresses: [addr("10.0.0.3")], ports: [http] },
      { notReadyAddresses: [addr("10.0.0.4")], ports: [http] },
      { addresses: [addr("10.0.0.2")], ports: [metrics] },
    ];
    const once = repackSubsets(input);
    expect(repackSubsets(once)).toEqual(once);
    expect(repackSubsets([...input].reverse())).toEqual(once);
  });
});

describe("capacity", () => {
  it("truncates above 1000 addresses, ready ones first, and says so", () => {
    const ready = Array.from({ length: 900 }, (_, i) => addr(`10.0.${i >> 8}.${i & 255}`));
    const notReady = Array.from({ length: 300 }, (_, i) => addr(`10.1.${i >> 8}.${i & 255}`));
    const subsets: EndpointSubset[] = [{ addresses: ready, notReadyAddresses: notReady, ports: [http] }];
    const t = truncateSubsets(subsets)!;
    expect(t[0]!.addresses).toHaveLength(900);
    expect(t[0]!.notReadyAddresses).toHaveLength(MAX_CAPACITY - 900);
    expect(capacityAnnotationSetCorrectly({}, subsets)).toBe(false);
    expect(capacityAnnotationSetCorrectly({ [OVER_CAPACITY_ANNOTATION]: "truncated" }, t)).toBe(false);
    expect(capacityAnnotationSetCorrectly({}, t)).toBe(true);
    expect(truncateSubsets(t)).toBeUndefined();
  });
});

describe("comparison", () => {
  it("ignores target resourceVersions, key order and empty lists", () => {
    const a: EndpointSubset[] = [{ addresses: [{ ...addr("10.0.0.2"), targetRef: { ...addr("10.0.0.2").targetRef!, resourceVersion: "7" } }], notReadyAddresses: [], ports: [http] }];
    const b: EndpointSubset[] = [{ ports: [{ protocol: "TCP", port: 8080, name: "http" }], addresses: [addr("10.0.0.2")] }];
    expect(subsetsEqualIgnoringResourceVersion(a, b)).toBe(true);
    expect(subsetsEqualIgnoringResourceVersion(a, [])).toBe(false);
    expect(subsetsEqualIgnoringResourceVersion(undefined, [])).toBe(true);
  });
});
