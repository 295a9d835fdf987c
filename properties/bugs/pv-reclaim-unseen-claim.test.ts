import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("pv-reclaim-unseen-claim");
