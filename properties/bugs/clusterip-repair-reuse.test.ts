import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("clusterip-repair-reuse");
