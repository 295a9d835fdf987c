/** `npx kubeprop check --config examples/webapp-operator/kubeprop.config.ts`: the operator as it should be. */
import { webappProject } from "./project.ts";

export default webappProject("./controller.ts");
