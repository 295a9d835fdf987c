/** What `kubeprop check --controller` reads beside a controller module: manifests, examples, invariants. */
import { noOrphanedChildren } from "./invariants.ts";

/** The CRD, relative to the controller module. */
export const manifests = ["./crd.yaml"];
/** Objects a user creates and deletes. */
export const examples = [{ apiVersion: "example.com/v1", kind: "WebApp", metadata: { name: "shop", namespace: "default" }, spec: { message: "hello", replicas: 2, image: "nginx:1.25" } }];
export const invariants = [noOrphanedChildren];
