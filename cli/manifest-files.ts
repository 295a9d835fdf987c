/**
 * What `simulate FILE|DIR` and `explore --scenario FILE|DIR` are given, when it is ordinary manifests rather than a
 * scenario: a folder is read as `kubectl apply -f DIR` reads one (its .json, .yaml and .yml files, not its
 * subfolders, in lexical order: k8s.io/cli-runtime/pkg/resource/visitor.go ExpandPathsToFileVisitors, which walks
 * with filepath.Walk); a file is a manifest set when every document in it is a Kubernetes object
 * (model/scenario/manifest-set.ts isManifestDocuments).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseDocuments } from "../model/scenario/parse.ts";
import { isManifestDocuments, manifestSet, type ManifestFile, type ManifestSet } from "../model/scenario/manifest-set.ts";
import { UsageError } from "./errors.ts";
import { readText } from "./io.ts";
import { scenarioGuard } from "./scenario-guard.ts";

const MANIFEST_EXTENSIONS = [".json", ".yaml", ".yml"];

const isDirectory = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The manifest files of a folder, in the order kubectl applies them. */
function folderFiles(dir: string): ManifestFile[] {
  const names = readdirSync(dir)
    .filter((n) => MANIFEST_EXTENSIONS.some((x) => n.endsWith(x)))
    .filter((n) => !isDirectory(join(dir, n)))
    .sort();
  if (names.length === 0) throw new UsageError(`${dir}: no manifest files in this folder (expected .yaml, .yml or .json files)`);
  return names.map((n) => ({ path: join(dir, n), text: readText(join(dir, n)) }));
}

/** What a path given to simulate or explore holds: a manifest set, or a scenario (or trace) file's text and documents. */
export type SimulationInput = { readonly set: ManifestSet } | { readonly text: string; readonly docs: readonly unknown[] };

/**
 * What `path` holds, read once. A folder is always a manifest set; a file is one when all its documents are
 * Kubernetes objects, and otherwise a scenario, whose text and parsed documents are handed on.
 */
export function readSimulationInput(path: string): SimulationInput {
  if (isDirectory(path)) return { set: scenarioGuard(() => manifestSet(folderFiles(path), path)) };
  const text = readText(path);
  const docs = scenarioGuard(() => parseDocuments(text, path));
  if (!isManifestDocuments(docs)) return { text, docs };
  return { set: scenarioGuard(() => manifestSet([{ path, text }], path)) };
}
