/**
 * examples/manifests/: an ordinary app as a folder of manifests runs through `simulate` and `explore` with no false
 * violation, and each deliberately broken copy in broken/ gets the answer a real API server gives to
 * `kubectl apply -f` (code and message, as pkg/apis/.../validation, the decoders and the CRD schema validation
 * word them), both from the model's API server and as simulate's one-line exit-2 error naming file and document.
 */
import { describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { kubeprop } from "../../test/cli-run.ts";
import { loadSimulation, runSimulation } from "../../cli/simulate.ts";
import { manifestSet } from "../../model/scenario/manifest-set.ts";
import { parseDocuments } from "../../model/scenario/parse.ts";
import { initialState } from "../../model/scenario/run.ts";
import { handle } from "../../model/apiserver/handle.ts";
import { bootstrap } from "../../model/bootstrap.ts";
import { isStatus } from "../../model/apiserver/status.ts";
import { exploreSession } from "../../properties/session/explore.ts";
import type { KObject } from "../../model/objects/types.ts";

const DIR = "examples/manifests";
const GOOD = readdirSync(DIR).filter((f) => f.endsWith(".yaml")).sort();

/** What the API server answers each broken copy (its first failing document), with the upstream source of the words. */
const BROKEN: Record<string, { code: number; document: string; message: string }> = {
  // pkg/apis/core/validation ValidateNamespaceName: a namespace name is a DNS-1123 label.
  "00-namespace.uppercase.yaml": {
    code: 422,
    document: "document 1 (Namespace Shop)",
    message: `Namespace "Shop" is invalid: metadata.name: Invalid value: "Shop": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
  },
  // ValidateConfigMap: every key is a valid config key (IsConfigMapKey).
  "10-config.bad-key.yaml": {
    code: 422,
    document: "document 1 (ConfigMap shop-settings)",
    message: `ConfigMap "shop-settings" is invalid: data[log level]: Invalid value: "log level": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
  },
  // resource.Quantity's UnmarshalJSON (ErrFormatWrong) through the handlers' transformDecodeError: 400.
  "20-storefront.cpu-four.yaml": {
    code: 400,
    document: "document 1 (Deployment storefront)",
    message: `Deployment in version "v1" cannot be handled as a Deployment: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`,
  },
  // ValidateService: a Service needs a port (unless headless with no selector... it has one).
  "20-storefront.no-ports.yaml": { code: 422, document: "document 2 (Service storefront)", message: `Service "storefront" is invalid: spec.ports: Required value` },
  // encoding/json's UnmarshalTypeError for an int32 field given a string.
  "20-storefront.replicas-string.yaml": {
    code: 400,
    document: "document 1 (Deployment storefront)",
    message: `Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`,
  },
  // kubectl asks for fieldValidation=Strict: the strict decoder names the unknown field.
  "20-storefront.replicaz.yaml": {
    code: 400,
    document: "document 1 (Deployment storefront)",
    message: `Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replicaz"`,
  },
  // pkg/apis/apps/validation ValidateDeploymentSpec: the selector must match the template's labels.
  "20-storefront.selector-mismatch.yaml": {
    code: 422,
    document: "document 1 (Deployment storefront)",
    message: 'Deployment.apps "storefront" is invalid: spec.template.metadata.labels: Invalid value: {"app":"store-front"}: `selector` does not match template `labels`',
  },
  // validateHandler (via validateProbe): one handler per probe; exec is looked at first, so httpGet is the extra one.
  "20-storefront.two-handlers.yaml": {
    code: 422,
    document: "document 1 (Deployment storefront)",
    message: `Deployment.apps "storefront" is invalid: spec.template.spec.containers[0].readinessProbe.httpGet: Forbidden: may not specify more than 1 handler type`,
  },
  // The NamespaceLifecycle admission plug-in: no writes into a namespace that does not exist.
  "20-storefront.wrong-namespace.yaml": { code: 404, document: "document 1 (Deployment storefront)", message: `namespaces "shopp" not found` },
  // pkg/apis/autoscaling/validation validateHorizontalPodAutoscalerSpec.
  "30-catalog.min-above-max.yaml": {
    code: 422,
    document: "document 1, items[2] (HorizontalPodAutoscaler catalog)",
    message: "HorizontalPodAutoscaler.autoscaling \"catalog\" is invalid: spec.maxReplicas: Invalid value: 6: must be greater than or equal to `minReplicas`",
  },
  // apiextensions-apiserver's schema validation (kube-openapi validate): pattern, minimum, enum, required.
  "50-backup.bad-schedule.yaml": {
    code: 422,
    document: "document 1 (Backup nightly)",
    message: `Backup.shop.example.com "nightly" is invalid: spec.schedule: Invalid value: "every day": spec.schedule in body should match '^(@(daily|hourly|weekly))|([0-9*/,-]+( [0-9*/,-]+){4})$'`,
  },
  "50-backup.keep-zero.yaml": {
    code: 422,
    document: "document 1 (Backup nightly)",
    message: `Backup.shop.example.com "nightly" is invalid: spec.keep: Invalid value: 0: spec.keep in body should be greater than or equal to 1`,
  },
  "50-backup.mode-hourly.yaml": {
    code: 422,
    document: "document 1 (Backup nightly)",
    message: `Backup.shop.example.com "nightly" is invalid: spec.mode: Unsupported value: "hourly": supported values: "full", "incremental"`,
  },
  "50-backup.no-schedule.yaml": { code: 422, document: "document 1 (Backup nightly)", message: `Backup.shop.example.com "nightly" is invalid: spec.schedule: Required value` },
  // The custom resource handler's strict decoder (fieldValidation=Strict): a field the schema does not have.
  "50-backup.unknown-field.yaml": {
    code: 400,
    document: "document 1 (Backup nightly)",
    message: `Backup in version "v1" cannot be handled as a Backup: strict decoding error: unknown field "spec.retention"`,
  },
};

/** The good file a broken copy stands in for: "20-storefront.replicaz.yaml" replaces "20-storefront.yaml". */
const replaced = (broken: string) => broken.replace(/\.[^.]+\.yaml$/, ".yaml");

/** The folder with one file swapped for its broken copy. */
function folderWith(broken: string): string {
  const dir = mkdtempSync(join(tmpdir(), "kubeprop-manifests-"));
  for (const f of GOOD) cpSync(join(DIR, f), join(dir, f));
  writeFileSync(join(dir, replaced(broken)), readFileSync(join(DIR, "broken", broken), "utf8"));
  return dir;
}

const RESOURCES: Record<string, string> = {
  Namespace: "namespaces",
  ConfigMap: "configmaps",
  Secret: "secrets",
  Deployment: "deployments.apps",
  Service: "services",
  HorizontalPodAutoscaler: "horizontalpodautoscalers.autoscaling",
  CustomResourceDefinition: "customresourcedefinitions.apiextensions.k8s.io",
  Backup: "backups.shop.example.com",
};

describe("examples/manifests", () => {
  it("every broken copy has its expected answer here, and every expectation its copy", () => {
    expect(readdirSync(join(DIR, "broken")).filter((f) => f.endsWith(".yaml")).sort()).toEqual(Object.keys(BROKEN).sort());
    for (const b of Object.keys(BROKEN)) expect(GOOD).toContain(replaced(b));
  });

  it("simulate runs the folder as kubectl apply -f would, and the app converges (exit 0)", () => {
    const r = kubeprop(["simulate", DIR]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("nodes: 3, initial objects: 10, steps: 1");
    expect(r.stdout).toContain("workload: Deployment shop/storefront: 3/3 ready, 3 up-to-date, 3 available");
    expect(r.stdout).toContain("workload: Deployment shop/catalog: 2/2 ready, 2 up-to-date, 2 available");
    expect(r.stdout).toContain("workload: pods: 5 Running");
    expect(r.stdout.trim().endsWith("no violation; the cluster converged")).toBe(true);
  });

  it("what the folder leaves in the cluster: stringData folded into data, the custom resource defaulted", async () => {
    const sim = await loadSimulation(DIR);
    const r = runSimulation(sim);
    const get = (kind: string, name: string) => handle(r.state, { verb: "get", resource: RESOURCES[kind]!, namespace: "shop", name }).result as KObject;
    const secret = get("Secret", "shop-db") as KObject & { data?: Record<string, string> };
    expect(secret.data).toEqual({ password: Buffer.from("s3cr3t").toString("base64") });
    expect("stringData" in secret).toBe(false);
    expect((get("Backup", "nightly") as any).spec).toEqual({ schedule: "0 3 * * *", target: "shop-db", mode: "incremental", keep: 7 });
    expect(r.violations).toEqual([]);
    expect(r.unsettled).toEqual([]);
  });

  it("explore from the folder finds no violation at depth 6, in exactly the same states every time", () => {
    const r = exploreSession({ scenario: { scenario: manifestSet(GOOD.map((f) => ({ path: join(DIR, f), text: readFileSync(join(DIR, f), "utf8") })), DIR).scenario, file: DIR }, depth: 6, maxStates: 20_000 });
    expect(r).toMatchObject({ violation: null, depth: 6, distinctStates: 50, transitions: 69 });
  });

  for (const [broken, want] of Object.entries(BROKEN)) {
    it(`broken/${broken}: ${want.code} from the API server, and simulate names the file and document`, async () => {
      // The API server's answer to the broken document, after the files kubectl applied before it.
      const file = replaced(broken);
      const before = GOOD.filter((f) => f < file).map((f) => ({ path: join(DIR, f), text: readFileSync(join(DIR, f), "utf8") }));
      let state = before.length > 0 ? initialState(manifestSet(before, DIR).scenario) : bootstrap();
      const docs = parseDocuments(readFileSync(join(DIR, "broken", broken), "utf8"), broken).flatMap((d: any) => (d.kind === "List" ? d.items : [d])) as KObject[];
      let answer: unknown;
      for (const doc of docs) {
        const r = handle(state, { verb: "create", resource: RESOURCES[doc.kind]!, ...(doc.metadata.namespace ? { namespace: doc.metadata.namespace } : {}), object: doc, fieldValidation: "Strict" });
        if (isStatus(r.result)) {
          answer = r.result;
          break;
        }
        state = r.state;
      }
      expect(answer).toMatchObject({ kind: "Status", status: "Failure", code: want.code, message: want.message });

      // simulate of the folder with the copy in place: exit 2, one line naming the file and the document.
      const dir = folderWith(broken);
      try {
        await expect(loadSimulation(dir).then(runSimulation)).rejects.toThrow(`${join(dir, file)}: ${want.document}: ${want.message}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("a broken copy through the command: exit 2, the one line on stderr, nothing on stdout", () => {
    const dir = folderWith("20-storefront.replicas-string.yaml");
    try {
      const r = kubeprop(["simulate", dir]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toBe(`kubeprop: ${join(dir, "20-storefront.yaml")}: document 1 (Deployment storefront): ${BROKEN["20-storefront.replicas-string.yaml"]!.message}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
