/**
 * The import rules of kubeprop (ARCHITECTURE.md, "Layers"), checked by `npm test` (test/dependency-rules.test.ts)
 * and by `npm run deps`.
 *
 * model/ is layered, arrows pointing down only:
 *   base       collections, quantity, labels, fields, validation, objects, config, clock, actions, effects, state
 *   store      store
 *   apiserver  apiserver (with what Kubernetes' API server owns: Service IP and port allocators, quota
 *              evaluators, the CRD finalizer hook, a kubelet-server facade for nodes/proxy), client, timers,
 *              lifecycles (the charts), world (the machines and the cloud the components act on), events
 *   informers  informers
 *   components components (behaviour, kinds, lifecycle)
 *   parts      controllers, kubelet, scheduler, proxy, services, nodes
 *   top        step, enabled, settle, advance, wake, empty-state, bootstrap, add-node, builtin-kinds, cluster,
 *              world-actions, indexes, scenario, index
 * Above model: controller (a user's controller run inside the model), invariants, then properties, then reports,
 * then server (`kubeprop serve`: the model behind HTTP; it sits on the model and the invariants only), then cli and
 * bench, and the library's entries (index.ts for `kubeprop`, vitest.ts for `kubeprop/vitest`), which
 * nothing imports. Type-only imports may cross layers
 * (a type is not behaviour; state.ts names the types of every part) but never make a cycle with a value import.
 * Test files and test support are outside the rules.
 */
const BASE = "^model/(collections|quantity|labels|fields|validation|objects)/|^model/(config|clock|actions|effects|state)\\.ts$";
const STORE = "^model/store/";
const APISERVER = "^model/(apiserver|lifecycles|world|events)/|^model/(client|timers)\\.ts$";
const INFORMERS = "^model/informers/";
const COMPONENTS = "^model/components/";
const PARTS = "^model/(controllers|kubelet|scheduler|proxy|services|nodes)/";
const TOP = "^model/(scenario/|(step|enabled|settle|advance|wake|empty-state|bootstrap|add-node|builtin-kinds|cluster|world-actions|indexes|index)\\.ts$)";

const up = (name, from, to) => ({ name, severity: "error", comment: `${name}: an import that points up a layer`, from: { path: from }, to: { path: to, dependencyTypesNot: ["type-only"] } });

module.exports = {
  forbidden: [
    {
      name: "no-value-cycle",
      severity: "error",
      comment: "no import cycle in model/ other than through type-only imports",
      from: { path: "^model/" },
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    up("base-imports-up", BASE, `${STORE}|${APISERVER}|${INFORMERS}|${COMPONENTS}|${PARTS}|${TOP}`),
    up("store-imports-up", STORE, `${APISERVER}|${INFORMERS}|${COMPONENTS}|${PARTS}|${TOP}`),
    up("apiserver-imports-up", APISERVER, `${INFORMERS}|${COMPONENTS}|${PARTS}|${TOP}`),
    up("informers-import-up", INFORMERS, `${COMPONENTS}|${PARTS}|${TOP}`),
    up("components-import-up", COMPONENTS, `${PARTS}|${TOP}`),
    up("parts-import-the-top", PARTS, TOP),
    { name: "model-imports-above", severity: "error", comment: "model/ imports nothing above it", from: { path: "^model/" }, to: { path: "^(controller|invariants|properties|reports|server|cli|bench|test)/" } },
    { name: "controller-imports-above", severity: "error", comment: "controller/ sits on the model only", from: { path: "^controller/" }, to: { path: "^(invariants|properties|reports|server|cli|bench|test)/" } },
    { name: "invariants-import-above", severity: "error", comment: "invariants/ sit on the model only", from: { path: "^invariants/" }, to: { path: "^(properties|reports|server|cli|bench|test)/" } },
    { name: "properties-import-above", severity: "error", comment: "properties/ sit on invariants and the model", from: { path: "^properties/" }, to: { path: "^(reports|server|cli|bench|test)/" } },
    { name: "reports-import-above", severity: "error", comment: "reports/ do not use the CLI", from: { path: "^reports/" }, to: { path: "^(server|cli|bench|test)/" } },
    { name: "server-imports-above", severity: "error", comment: "server/ sits on the model and the invariants: no checker, reports or CLI", from: { path: "^server/" }, to: { path: "^(properties|reports|cli|bench|test)/" } },
    { name: "entries-import-the-cli", severity: "error", comment: "the library's entries (index.ts, vitest.ts) do not load the CLI", from: { path: "^(index|vitest)\\.ts$" }, to: { path: "^(cli|bench|test)/" } },
    { name: "sources-import-the-entries", severity: "error", comment: "nothing imports the library's entries (index.ts, vitest.ts): they sit above everything", from: { pathNot: "^(index|vitest)\\.ts$" }, to: { path: "^(index|vitest)\\.ts$" } },
    { name: "library-imports-bench", severity: "error", comment: "nothing but bench/ imports bench/", from: { pathNot: "^bench/" }, to: { path: "^bench/" } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(\\.test|\\.test-support|\\.browser\\.test)\\.ts$|node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
