import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("kubelet-orphan-pod");
