/**
 * A set of ordinary manifests (what a user hands to `kubectl apply -f FILE|DIR`) read as a scenario: the objects
 * are created in the order kubectl applies them (files in the order given, documents in file order, a `kind: List`
 * item by item), on a default cluster of three nodes, and the cluster then settles. Pure: the caller reads the
 * files (the CLI walks a folder as kubectl does, cli/manifest-files.ts).
 *
 * Every problem names the manifest file and the document it is in (`20-web.yaml: document 2 (Deployment web):
 * ...`), not the scenario the set becomes: `placeInManifests` turns a scenario's `objects[i]` into that place.
 */
import { parseDocuments, parseScenario } from "./parse.ts";
import { ScenarioError, type Scenario } from "./types.ts";

export interface ManifestFile {
  readonly path: string;
  readonly text: string;
}

/** Where one object of the set was written: its file and its place there ("document 2", "document 1, items[3]"). */
export interface ManifestPlace {
  readonly file: string;
  readonly where: string;
}

export interface ManifestSet {
  readonly scenario: Scenario;
  /** The place of each of the scenario's objects, by index. */
  readonly places: readonly ManifestPlace[];
}

/** The nodes a manifest set runs on: three, each with the capacity a scenario's node has by default. */
export const MANIFEST_SET_NODES = [
  { name: "node-1", capacity: { cpu: "4", memory: "8Gi", pods: "110" } },
  { name: "node-2", capacity: { cpu: "4", memory: "8Gi", pods: "110" } },
  { name: "node-3", capacity: { cpu: "4", memory: "8Gi", pods: "110" } },
] as const;

/** The keys that make a document a scenario (or a trace) rather than a Kubernetes object. */
const SCENARIO_KEYS = ["steps", "objects", "manifests", "nodes", "settings", "cluster", "expectViolation"];

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

/**
 * Whether parsed documents are Kubernetes manifests: every document has a string apiVersion and kind and none of a
 * scenario's keys. (A scenario has no apiVersion; a manifest has no steps.)
 */
export function isManifestDocuments(docs: readonly unknown[]): boolean {
  return docs.length > 0 && docs.every((d) => isObj(d) && typeof d.apiVersion === "string" && typeof d.kind === "string" && !SCENARIO_KEYS.some((k) => k in d));
}

/** The objects of one file, each with its place; a `kind: List` gives its items. */
function objectsOf(file: ManifestFile): { object: unknown; place: ManifestPlace }[] {
  const out: { object: unknown; place: ManifestPlace }[] = [];
  parseDocuments(file.text, file.path).forEach((doc, i) => {
    const where = `document ${i + 1}`;
    if (isObj(doc) && doc.kind === "List" && Array.isArray(doc.items)) {
      doc.items.forEach((item, k) => out.push({ object: item, place: { file: file.path, where: `${where}, items[${k}]` } }));
    } else if (isObj(doc) && doc.kind === "List") {
      throw new ScenarioError(file.path, `${where}.items`, "a List needs a list of items");
    } else out.push({ object: doc, place: { file: file.path, where } });
  });
  return out;
}

/**
 * The scenario of a manifest set: its objects, the default nodes, one settle. `name` names the run (the file or
 * folder given). A file with no object in it is bad input, as `kubectl apply` finds "no objects passed to apply".
 */
export function manifestSet(files: readonly ManifestFile[], name: string): ManifestSet {
  const entries = files.flatMap(objectsOf);
  if (entries.length === 0) throw new ScenarioError(name, "document", "no objects passed to apply (the manifests hold no object)");
  const places = entries.map((e) => e.place);
  const doc = {
    name,
    description: `the manifests of ${name}, applied in order on ${MANIFEST_SET_NODES.length} nodes, then the cluster settles`,
    nodes: MANIFEST_SET_NODES,
    objects: entries.map((e) => e.object),
    steps: [{ settle: {} }],
  };
  try {
    return { scenario: parseScenario(JSON.stringify(doc), name), places };
  } catch (e) {
    if (e instanceof ScenarioError) throw placeInManifests(e, places);
    throw e;
  }
}

/**
 * A scenario's error about `objects[i]...` named where the object was written: `FILE: document N (Kind name):
 * why`. Other errors are returned as they are.
 */
export function placeInManifests(e: ScenarioError, places: readonly ManifestPlace[]): ScenarioError {
  const m = /^objects\[(\d+)\](.*)$/.exec(e.where);
  const place = m ? places[Number(m[1])] : undefined;
  if (!m || !place) return e;
  return new ScenarioError(place.file, `${place.where}${m[2]!}`, e.why);
}
