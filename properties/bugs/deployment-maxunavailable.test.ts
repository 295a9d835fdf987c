import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("deployment-maxunavailable");
