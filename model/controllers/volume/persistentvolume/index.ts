/** The PersistentVolume controller (pkg/controller/volume/persistentvolume). */
export { makePvControllerBehavior, pvControllerBehavior } from "./controller.ts";
export { PV_CONTROLLER_ID, PV_CONTROLLER_KIND, ANN_BIND_COMPLETED, ANN_BOUND_BY_CONTROLLER, PV_CLAIM_BINDER_SYNC_PERIOD, RECYCLER_POD_SECONDS } from "./constants.ts";
export { DEFAULT_PV_CONTROLLER_OPTIONS, type PvControllerOptions } from "./context.ts";
export { findBestMatchForClaim } from "./volume-index.ts";
export type { PvControllerMemory } from "./local-store.ts";
