/** The WebApp operator with the planted bug: children without an ownerReference (orphans once the WebApp is deleted). */
import { webappOperator } from "./operator.ts";

export default webappOperator({ ownerReferences: false });
export { manifests, examples, invariants } from "./quick.ts";
