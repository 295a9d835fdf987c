import { zooBugSuite } from "./zoo.test-support.ts";
zooBugSuite("no-cache-sync-wait");
