/** `npx kubeprop check --config examples/webapp-operator/buggy.config.ts`: the operator with its planted bug (orphans). */
import { webappProject } from "./project.ts";

export default webappProject("./buggy-controller.ts");
