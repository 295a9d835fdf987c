import { describe, expect, it } from "vitest";
import { LIFECYCLE_CHARTS, POD_CHART, chartById } from "../../model/lifecycles/catalog.ts";
import { allStates } from "../../model/lifecycles/definition.ts";
import type { ChartDefinition } from "../../model/lifecycles/types.ts";
import { countsFromCoverage, exportAllCharts, exportChart } from "./index.ts";
import { mermaidIds, toMermaid } from "./mermaid.ts";
import { drawnEdge } from "./edges.ts";
import { toDot } from "./dot.ts";

// ---------------------------------------------------------------------------------------------------------------
// A small parser for the Mermaid stateDiagram-v2 subset the exporter writes. Every line must be the header, a
// composite block open/close, a state declaration, an initial/final marker or a transition `A --> B : label`.

interface ParsedDiagram {
  /** State id → the composite block it was first seen in ("" = top level). */
  readonly parent: Map<string, string>;
  readonly composites: Set<string>;
  readonly labels: Map<string, string>;
  /** Block → its initial state. */
  readonly initial: Map<string, string>;
  readonly finals: Set<string>;
  readonly transitions: { scope: string; from: string; to: string; label: string }[];
}

const isId = (s: string): boolean => s.length > 0 && [...s].every((ch) => (ch >= "a" && ch <= "z") || (ch >= "A" && ch <= "Z") || (ch >= "0" && ch <= "9") || ch === "_");

function parseMermaid(text: string): ParsedDiagram {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines[0] !== "stateDiagram-v2") throw new Error(`line 1: expected stateDiagram-v2, got ${lines[0]}`);
  const d: ParsedDiagram = { parent: new Map(), composites: new Set(), labels: new Map(), initial: new Map(), finals: new Set(), transitions: [] };
  const stack: string[] = [""];
  const scope = () => stack[stack.length - 1]!;
  const see = (id: string, where: number) => {
    if (!isId(id)) throw new Error(`line ${where}: bad state id "${id}"`);
    if (!d.parent.has(id)) d.parent.set(id, scope());
  };
  lines.slice(1).forEach((raw, i) => {
    const n = i + 2;
    const line = raw.trim();
    if (line === "}") {
      if (stack.length === 1) throw new Error(`line ${n}: unbalanced }`);
      stack.pop();
      return;
    }
    if (line.startsWith("state ")) {
      const rest = line.slice(6);
      if (rest.endsWith(" {")) {
        const id = rest.slice(0, -2);
        see(id, n);
        d.composites.add(id);
        stack.push(id);
        return;
      }
      if (rest.startsWith('"')) {
        const close = rest.indexOf('"', 1);
        const label = rest.slice(1, close);
        const after = rest.slice(close + 1);
        if (!after.startsWith(" as ")) throw new Error(`line ${n}: expected 'as'`);
        const id = after.slice(4);
        see(id, n);
        d.labels.set(id, label);
        return;
      }
      throw new Error(`line ${n}: unrecognised state declaration: ${line}`);
    }
    const arrow = line.indexOf(" --> ");
    if (arrow < 0) throw new Error(`line ${n}: not a state diagram line: ${line}`);
    const from = line.slice(0, arrow);
    const rest = line.slice(arrow + 5);
    const colon = rest.indexOf(" : ");
    const to = colon < 0 ? rest : rest.slice(0, colon);
    if (from === "[*]") {
      if (colon >= 0) throw new Error(`line ${n}: an initial transition has no label`);
      see(to, n);
      d.initial.set(scope(), to);
      return;
    }
    if (to === "[*]") {
      see(from, n);
      d.finals.add(from);
      return;
    }
    if (colon < 0) throw new Error(`line ${n}: a transition needs a label`);
    see(from, n);
    see(to, n);
    d.transitions.push({ scope: scope(), from, to, label: rest.slice(colon + 3) });
  });
  if (stack.length !== 1) throw new Error("unclosed composite state");
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// An XML well-formedness check without regular expressions: prolog, comments, DOCTYPE, CDATA, elements with
// unique, quoted attributes, entity references, one root, every start tag closed in order.

const isNameStart = (c: string) => (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c === "_" || c === ":";
const isNameChar = (c: string) => isNameStart(c) || (c >= "0" && c <= "9") || c === "-" || c === ".";
const isSpace = (c: string) => c === " " || c === "\n" || c === "\t" || c === "\r";

function checkXml(xml: string): { root: string; elements: number } {
  let i = 0;
  const stack: string[] = [];
  let root = "";
  let elements = 0;
  const fail = (why: string): never => {
    throw new Error(`XML not well-formed at ${i}: ${why}`);
  };
  const readName = (): string => {
    if (!isNameStart(xml[i] ?? "")) fail("expected a name");
    const start = i;
    while (i < xml.length && isNameChar(xml[i]!)) i++;
    return xml.slice(start, i);
  };
  const skipSpace = () => {
    while (i < xml.length && isSpace(xml[i]!)) i++;
  };
  const checkEntity = () => {
    // at '&'
    const semi = xml.indexOf(";", i);
    if (semi < 0) fail("unterminated entity");
    const ent = xml.slice(i + 1, semi);
    const named = ["amp", "lt", "gt", "quot", "apos"].includes(ent);
    const numeric = ent.startsWith("#x") ? ent.length > 2 && [...ent.slice(2)].every((c) => "0123456789abcdefABCDEF".includes(c)) : ent.startsWith("#") && ent.length > 1 && [...ent.slice(1)].every((c) => c >= "0" && c <= "9");
    if (!named && !numeric) fail(`unknown entity &${ent};`);
    i = semi + 1;
  };
  const skipUntil = (end: string, what: string) => {
    const j = xml.indexOf(end, i);
    if (j < 0) fail(`unterminated ${what}`);
    i = j + end.length;
  };
  while (i < xml.length) {
    if (xml[i] !== "<") {
      if (xml[i] === "&") {
        checkEntity();
        continue;
      }
      if (stack.length === 0 && !isSpace(xml[i]!)) fail("text outside the root element");
      i++;
      continue;
    }
    if (xml.startsWith("<?", i)) {
      skipUntil("?>", "processing instruction");
    } else if (xml.startsWith("<!--", i)) {
      i += 4;
      skipUntil("-->", "comment");
    } else if (xml.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) fail("CDATA outside the root");
      skipUntil("]]>", "CDATA");
    } else if (xml.startsWith("<!DOCTYPE", i)) {
      if (root) fail("DOCTYPE after the root");
      i += 9;
      let quote = "";
      while (i < xml.length && (quote || xml[i] !== ">")) {
        const c = xml[i]!;
        if (quote) {
          if (c === quote) quote = "";
        } else if (c === '"' || c === "'") quote = c;
        else if (c === "[") fail("internal DTD subsets are not expected");
        i++;
      }
      if (i >= xml.length) fail("unterminated DOCTYPE");
      i++;
    } else if (xml[i + 1] === "/") {
      i += 2;
      const name = readName();
      skipSpace();
      if (xml[i] !== ">") fail("expected > after end tag");
      i++;
      const open = stack.pop();
      if (open !== name) fail(`</${name}> closes <${open}>`);
    } else {
      i++;
      const name = readName();
      if (stack.length === 0) {
        if (root) fail("a second root element");
        root = name;
      }
      elements++;
      const attrs = new Set<string>();
      for (;;) {
        const before = i;
        skipSpace();
        if (xml[i] === ">") {
          i++;
          stack.push(name);
          break;
        }
        if (xml.startsWith("/>", i)) {
          i += 2;
          break;
        }
        if (i === before) fail("expected whitespace before an attribute");
        const attr = readName();
        if (attrs.has(attr)) fail(`duplicate attribute ${attr}`);
        attrs.add(attr);
        skipSpace();
        if (xml[i] !== "=") fail("expected =");
        i++;
        skipSpace();
        const q = xml[i];
        if (q !== '"' && q !== "'") fail("attribute value not quoted");
        i++;
        while (xml[i] !== q) {
          if (i >= xml.length) fail("unterminated attribute value");
          if (xml[i] === "<") fail("< in attribute value");
          if (xml[i] === "&") checkEntity();
          else i++;
        }
        i++;
      }
    }
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1]}>`);
  if (!root) fail("no root element");
  return { root, elements };
}

// ---------------------------------------------------------------------------------------------------------------

/** What the Mermaid diagram must show for a chart, computed from the definition independently of the writer. */
function expectedDiagram(def: ChartDefinition) {
  const ids = mermaidIds(def);
  const states = allStates(def);
  const parentPath = (p: string) => (p.includes(".") ? p.slice(0, p.lastIndexOf(".")) : "");
  return {
    parent: new Map(states.map((s) => [ids.get(s.path)!, parentPath(s.path) === "" ? "" : ids.get(parentPath(s.path))!])),
    composites: new Set(states.filter((s) => s.type === "compound").map((s) => ids.get(s.path)!)),
    finals: new Set(states.filter((s) => s.type === "final").map((s) => ids.get(s.path)!)),
    initial: new Map([["", ids.get(def.initial)!], ...states.filter((s) => s.type === "compound").map((s) => [ids.get(s.path)!, ids.get(`${s.path}.${s.initial}`)!] as [string, string])]),
    transitions: def.transitions
      .map((t) => drawnEdge(t))
      .map((e) => ({ scope: e.scope === "" ? "" : ids.get(e.scope)!, from: ids.get(e.from)!, to: ids.get(e.to)!, label: e.label })),
  };
}

describe("Mermaid export", () => {
  for (const chart of LIFECYCLE_CHARTS) {
    it(`${chart.id}: parses as a state diagram with the chart's states, nesting, initial and final states and transitions`, () => {
      const def = chart.compiled.definition;
      const d = parseMermaid(toMermaid(def));
      const want = expectedDiagram(def);
      expect(d.parent).toEqual(want.parent);
      expect(d.composites).toEqual(want.composites);
      expect(d.finals).toEqual(want.finals);
      expect(d.initial).toEqual(want.initial);
      const key = (t: { scope: string; from: string; to: string; label: string }) => `${t.scope}|${t.from}|${t.to}|${t.label}`;
      expect(d.transitions.map(key).sort()).toEqual(want.transitions.map(key).sort());
      expect(d.transitions).toHaveLength(def.transitions.length);
      for (const s of allStates(def).filter((x) => x.type !== "compound")) expect(d.labels.get(mermaidIds(def).get(s.path)!)).toBe(s.key);
    });
  }

  it("shows the Pod chart with Kubernetes' names, lifting edges Mermaid cannot draw between composite states", () => {
    const d = parseMermaid(toMermaid(POD_CHART.compiled.definition));
    expect([...d.parent.keys()].sort()).toEqual(
      ["Pending", "unscheduled", "scheduled", "creatingSandbox", "initializing", "creatingContainers", "Pending_scheduled_terminating", "Running", "notReady", "ready", "crashLoopBackOff", "Running_terminating", "Succeeded", "Failed", "Unknown", "gone"].sort(),
    );
    expect(d.labels.get("Running_terminating")).toBe("terminating");
    expect(d.transitions).toContainEqual({ scope: "Running", from: "notReady", to: "ready", label: "ContainersReady" });
    expect(d.transitions).toContainEqual({ scope: "", from: "Pending", to: "Running", label: "ContainerStarted from scheduled.creatingContainers" });
    expect(d.transitions).toContainEqual({ scope: "", from: "Running", to: "Failed", label: "ContainerDied [restartNever]" });
    expect(d.transitions).toContainEqual({ scope: "", from: "Running", to: "Pending", label: "SandboxChanged [hasInitContainers] to scheduled.initializing" });
    expect([...d.finals]).toEqual(["Succeeded", "Failed", "gone"]);
  });

  it("writes per-edge counts as label (n), 0 for edges the run did not exercise", () => {
    const counts = { "Pending.scheduled.creatingContainers#ContainerStarted#0": 7 };
    const d = parseMermaid(toMermaid(POD_CHART.compiled.definition, { counts }));
    expect(d.transitions).toContainEqual({ scope: "", from: "Pending", to: "Running", label: "ContainerStarted from scheduled.creatingContainers (7)" });
    expect(d.transitions.filter((t) => t.label.endsWith(" (0)"))).toHaveLength(POD_CHART.compiled.definition.transitions.length - 1);
  });

  it("the parser rejects what is not a state diagram", () => {
    expect(() => parseMermaid("graph TD\nA --> B")).toThrow("expected stateDiagram-v2");
    expect(() => parseMermaid("stateDiagram-v2\n  A -> B : x")).toThrow("not a state diagram line");
    expect(() => parseMermaid("stateDiagram-v2\n  state A {\n  A --> B : x")).toThrow("unclosed composite state");
  });
});

describe("DOT, SVG and JSON export", () => {
  it("writes DOT with a cluster per composite state and an edge per transition", () => {
    const dot = toDot(chartById("persistentvolume").compiled.definition);
    expect(dot.startsWith('digraph "persistentvolume" {\n')).toBe(true);
    expect(dot).toContain('subgraph "cluster_Released" {');
    expect(dot).toContain('"Released.__initial" -> "Released.retained";');
    expect(dot).toContain('"Bound" -> "Released.retained" [label="ClaimDeleted [reclaimRetain]", tooltip="Bound#ClaimDeleted#0"];');
    expect(dot).toContain('"Released.__initial" -> "Available" [label="VolumeUnused", ltail="cluster_Released", tooltip="Released#VolumeUnused#0"];');
    expect(dot).toContain('"Released.deleting" -> "gone" [label="VolumeDeleted", tooltip="Released.deleting#VolumeDeleted#0"];');
    expect(dot.split("\n").filter((l) => l.includes("tooltip=\"") && l.includes(" -> "))).toHaveLength(28);
  });

  it("renders every chart to well-formed SVG in Node, the same bytes every time", async () => {
    const docs = await exportAllCharts("svg");
    expect(docs.map((d) => d.fileName)).toEqual(["pod.svg", "persistentvolume.svg", "namespace.svg", "node-ready.svg", "deployment-rollout.svg"]);
    for (const d of docs) {
      const r = checkXml(d.content);
      expect(r.root).toBe("svg");
      expect(r.elements).toBeGreaterThan(20);
    }
    const pod = docs[0]!.content;
    for (const name of ["Pending", "Running", "Succeeded", "Failed", "Unknown", "crashLoopBackOff", "ContainerDied [restartNever]"]) expect(pod).toContain(`>${name}</text>`);
    expect((await exportChart("pod", "svg")).content).toBe(pod);
  });

  it("the XML check rejects broken documents", () => {
    expect(() => checkXml("<svg><g></svg>")).toThrow("</svg> closes <g>");
    expect(() => checkXml('<svg a="1" a="2"/>')).toThrow("duplicate attribute a");
    expect(() => checkXml("<svg>&nbsp;</svg>")).toThrow("unknown entity");
    expect(() => checkXml("<svg/><svg/>")).toThrow("a second root element");
    expect(checkXml('<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x.dtd"><!-- c --><svg x="&amp;"><t>a &lt; b</t></svg>')).toEqual({ root: "svg", elements: 2 });
  });

  it("writes the JSON definition: config, chart, phases and counts", async () => {
    const doc = JSON.parse((await exportChart("namespace", "json", { "Active#Delete#0": 2 })).content);
    expect(doc.id).toBe("namespace");
    expect(doc.config.states.Terminating.initial).toBe("deletingContent");
    expect(doc.definition.transitions).toHaveLength(7);
    expect(doc.phases).toEqual({ phases: ["Active", "Terminating"], edges: [{ from: "Active", to: "Terminating" }, { from: "Terminating", to: "gone" }], terminal: [] });
    expect(doc.counts["Active#Delete#0"]).toBe(2);
    expect(doc.counts["Terminating.finalizing#Finalized#0"]).toBe(0);
  });
});

describe("coverage files", () => {
  it("reads transition counts and names the place of a mistake", () => {
    expect(countsFromCoverage({ namespace: { phaseEdges: {}, transitions: { "Active#Delete#0": 3 }, unattributed: {} } })).toEqual({ namespace: { "Active#Delete#0": 3 } });
    expect(() => countsFromCoverage([])).toThrow("expected an object of machines");
    expect(() => countsFromCoverage({ deployment: { transitions: {} } })).toThrow("deployment: unknown machine");
    expect(() => countsFromCoverage({ pod: {} })).toThrow("pod.transitions: expected an object of counts");
    expect(() => countsFromCoverage({ pod: { transitions: { "Nope#X#0": 1 } } })).toThrow("pod.transitions.Nope#X#0: no such transition");
    expect(() => countsFromCoverage({ pod: { transitions: { "Running#Evicted#0": -1 } } })).toThrow("expected a non-negative integer");
  });
});
