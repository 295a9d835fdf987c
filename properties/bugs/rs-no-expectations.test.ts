import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("rs-no-expectations");
