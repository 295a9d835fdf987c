import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("hpa-unready-scale-up");
