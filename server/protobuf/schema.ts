/**
 * The vendored protobuf schema (schema/*.proto, see README.md) as one protobufjs Root, parsed on first use (a
 * server that never sees a protobuf body never reads the files).
 */
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import protobuf from "protobufjs";

const SCHEMA_DIR = fileURLToPath(new URL("./schema/", import.meta.url));

const loaded: { root?: protobuf.Root } = {};

/** Every message of the vendored schema, with the field names as written (Kubernetes' JSON names). */
export function kubernetesSchema(): protobuf.Root {
  if (loaded.root) return loaded.root;
  const root = new protobuf.Root();
  for (const file of readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".proto")).sort()) {
    protobuf.parse(readFileSync(SCHEMA_DIR + file, "utf8"), root, { keepCase: true });
  }
  root.resolveAll();
  loaded.root = root;
  return root;
}
