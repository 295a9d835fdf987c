import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("endpoints-terminating-ready");
