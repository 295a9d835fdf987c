import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("scheduler-no-assume");
