import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("node-evict-full-disruption");
