import { describe, expect, it } from "vitest";
import { bootstrap } from "../bootstrap.ts";
import { handle } from "./handle.ts";
import type { KObject } from "../objects/types.ts";

const QUANTITY_RE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const pod = (resources: unknown, extra: Record<string, unknown> = {}): KObject =>
  ({ apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "default" }, spec: { containers: [{ name: "c", image: "nginx", resources, ...extra }] } }) as unknown as KObject;
const deployment = (spec: Record<string, unknown>): KObject =>
  ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } }, ...spec },
  }) as unknown as KObject;

const created = (resource: string, obj: KObject) => handle(bootstrap(), { verb: "create", resource, namespace: "default", object: obj }).result as any;

describe("decoding into Go types (handlers/create.go transformDecodeError; resource.Quantity, encoding/json)", () => {
  it.each([
    ["four", QUANTITY_RE],
    ["1.5.5", QUANTITY_RE],
    ["", QUANTITY_RE],
    ["1Gu", "unable to parse quantity's suffix"],
  ])("a container's cpu request %j is 400: %s", (cpu, why) => {
    const r = created("pods", pod({ requests: { cpu } }));
    expect(r).toMatchObject({ kind: "Status", code: 400, reason: "BadRequest" });
    expect(r.message).toBe(`Pod in version "v1" cannot be handled as a Pod: ${why}`);
  });

  it("good quantities, as strings or JSON numbers, decode", () => {
    expect(created("pods", pod({ requests: { cpu: "250m", memory: "64Mi" }, limits: { cpu: 1, memory: "1e9" } })).kind).toBe("Pod");
  });

  it.each([
    [{ replicas: "3" }, "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"],
    [{ replicas: 1.5 }, "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"],
    [{ replicas: 3000000000 }, "json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32"],
    [{ revisionHistoryLimit: true }, "json: cannot unmarshal bool into Go struct field DeploymentSpec.spec.revisionHistoryLimit of type int32"],
  ])("a Deployment with %j is 400", (spec, why) => {
    const r = created("deployments.apps", deployment(spec));
    expect(r.code).toBe(400);
    expect(r.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: ${why}`);
  });

  it("a container port of the wrong type names the field without list indices, as encoding/json does", () => {
    const r = created("pods", pod({}, { ports: [{ containerPort: "80" }] }));
    expect(r.message).toBe('Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32');
  });

  it("an update or patch that makes a field undecodable is refused too, and nothing changes", () => {
    let s = bootstrap();
    s = handle(s, { verb: "create", resource: "deployments.apps", namespace: "default", object: deployment({}) }).state;
    const r = handle(s, { verb: "patch", resource: "deployments.apps", namespace: "default", name: "web", patch: { spec: { replicas: "5" } } });
    expect((r.result as any).code).toBe(400);
    expect(r.state).toBe(s);
  });
});
