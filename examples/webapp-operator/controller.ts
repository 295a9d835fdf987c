/**
 * The WebApp operator as it should be: its children are owned by their WebApp. Beside the controller, what
 * `kubeprop check --controller` needs to check it alone: its CRD, an example WebApp a user creates and deletes,
 * and its invariant.
 */
import { webappOperator } from "./operator.ts";

export default webappOperator({ ownerReferences: true });
export { manifests, examples, invariants } from "./quick.ts";
