/** The Deployment controller: public API. */
export {
  DEPLOYMENT_CONTROLLER_ID,
  DEPLOYMENT_CONTROLLER_KIND,
  MAX_RETRIES,
  deploymentBehavior,
  deploymentControllerMemory,
  makeDeploymentBehavior,
  type DeploymentBehaviorOptions,
  type DeploymentControllerMemory,
} from "./controller.ts";
export type { DeploymentControllerOptions } from "./context.ts";
export { DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, computeHash, safeEncodeString } from "./hash.ts";
export { REVISION_HISTORY_ANNOTATION } from "./revision.ts";
export { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION } from "./annotations.ts";
export * from "./conditions.ts";
