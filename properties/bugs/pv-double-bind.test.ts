import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("pv-double-bind");
