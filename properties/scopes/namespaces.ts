import type { Action } from "../../model/actions.ts";
import type { Scope } from "./types.ts";
import { componentRestarts, user } from "./common.ts";
import { objectsUnder } from "../../invariants/objects.ts";

/** Namespaces and their default ServiceAccount; creates racing with namespace deletion. */
export const namespaces: Scope = {
  id: "namespaces",
  description: "namespaces created and deleted, objects created into them, the ServiceAccounts controller; restarts and compaction",
  needs: ["serviceaccounts-controller"],
  nodes: [],
  objects: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } }],
  ops(state, rt) {
    const out: Action[] = [];
    const names = objectsUnder(state, "/registry/namespaces/").map((n) => n.metadata.name!);
    for (const ns of ["team-a", "team-b"]) {
      if (!names.includes(ns)) out.push(user({ verb: "create", resource: "namespaces", object: { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } } }));
      else out.push(user({ verb: "create", resource: "configmaps", namespace: ns, object: { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "cm-", namespace: ns } } }));
      if (names.includes(ns) && rt.runs("namespace-controller")) out.push(user({ verb: "delete", resource: "namespaces", name: ns }));
    }
    // Only the test namespaces' accounts: the system namespaces' ones are not what this scope is about.
    for (const sa of objectsUnder(state, "/registry/serviceaccounts/").filter((a) => a.metadata.namespace!.startsWith("team-"))) out.push(user({ verb: "delete", resource: "serviceaccounts", namespace: sa.metadata.namespace, name: sa.metadata.name }));
    return out.slice(0, 8);
  },
  faults(state) {
    return [...componentRestarts(state), { type: "store.compact" }];
  },
  maxFaults: 2,
  settleTime: 60,
};

