import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("admission-failure-endless-replacement");
