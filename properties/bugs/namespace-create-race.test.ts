import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("namespace-create-race");
