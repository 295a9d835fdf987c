import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("quota-no-cas");
