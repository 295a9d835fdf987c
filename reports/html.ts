/**
 * A self-contained HTML viewer for a counterexample: step through the trace (buttons or arrow keys), see each
 * step's requests and field-level changes, and a sequence diagram of who talked to the API server. No external
 * scripts or styles; the data is embedded as JSON.
 */
import type { ReportModel } from "./counterexample.ts";

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** JSON that is safe inside a <script> element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");

/** The sequence diagram as SVG: a lifeline per actor plus the API server, one row per request or action. */
export function sequenceSvg(m: ReportModel): string {
  const lanes = ["apiserver", ...m.actors.filter((a) => a !== "apiserver")];
  const colW = 170;
  const rowH = 22;
  type Row = { step: number; from: string; to: string; label: string; error: boolean };
  const rows: Row[] = [];
  for (const st of m.steps) {
    if (st.requests.length === 0) rows.push({ step: st.index, from: st.actor, to: st.actor, label: st.description.replace(`${st.actor}: `, ""), error: false });
    for (const r of st.requests) {
      const [from, rest] = r.split(" → apiserver: ");
      rows.push({ step: st.index, from: from!, to: "apiserver", label: rest!, error: / → (4|5)\d\d/.test(rest!) });
    }
  }
  const width = lanes.length * colW + 40;
  const height = 50 + rows.length * rowH + 20;
  const x = (a: string) => 20 + lanes.indexOf(a) * colW + colW / 2;
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="monospace" font-size="11">`);
  parts.push(`<defs><marker id="arr" markerWidth="8" markerHeight="8" refX="7" refY="3" orient="auto"><path d="M0,0 L7,3 L0,6 z" fill="#333"/></marker></defs>`);
  for (const a of lanes) {
    parts.push(`<text x="${x(a)}" y="20" text-anchor="middle" font-weight="bold">${escapeHtml(a.length > 26 ? "…" + a.slice(-25) : a)}</text>`);
    parts.push(`<line x1="${x(a)}" y1="28" x2="${x(a)}" y2="${height - 10}" stroke="#bbb" stroke-dasharray="4 3"/>`);
  }
  rows.forEach((r, i) => {
    const y = 45 + i * rowH;
    const color = r.error ? "#c0392b" : "#333";
    if (r.from === r.to || !lanes.includes(r.from)) {
      parts.push(`<g class="row" data-step="${r.step}"><circle cx="${x(r.to)}" cy="${y}" r="3" fill="${color}"/><text x="${x(r.to) + 8}" y="${y + 4}" fill="${color}">${r.step}. ${escapeHtml(r.label.slice(0, 40))}</text></g>`);
    } else {
      const x1 = x(r.from);
      const x2 = x(r.to);
      parts.push(`<g class="row" data-step="${r.step}"><line x1="${x1}" y1="${y}" x2="${x2}" y2="${y}" stroke="${color}" marker-end="url(#arr)"/><text x="${(x1 + x2) / 2}" y="${y - 4}" text-anchor="middle" fill="${color}">${r.step}. ${escapeHtml(r.label.slice(0, 48))}</text></g>`);
    }
  });
  parts.push("</svg>");
  return parts.join("");
}

export function renderHtml(m: ReportModel): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(m.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 0; color: #222; }
header { padding: 12px 20px; background: #24292f; color: #fff; }
header h1 { font-size: 18px; margin: 0 0 4px; }
header p { margin: 2px 0; font-size: 13px; }
main { display: grid; grid-template-columns: 340px 1fr; height: calc(100vh - 110px); }
#steps { overflow-y: auto; border-right: 1px solid #ddd; margin: 0; padding: 0; list-style: none; font-size: 13px; }
#steps li { padding: 6px 10px; border-bottom: 1px solid #eee; cursor: pointer; }
#steps li.current { background: #fff3c4; }
#steps li.violation { border-left: 4px solid #c0392b; }
#detail { overflow-y: auto; padding: 12px 20px; }
.controls button { margin-right: 6px; }
table { border-collapse: collapse; font-size: 12px; margin: 6px 0 12px; }
td, th { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; }
code { font-size: 12px; }
.viol { color: #c0392b; font-weight: bold; }
#sequence { overflow-x: auto; border-top: 1px solid #ddd; margin-top: 12px; }
#sequence .row { opacity: 0.35; }
#sequence .row.active { opacity: 1; }
</style>
</head>
<body>
<header>
<h1 id="title">${escapeHtml(m.title)}</h1>
<p><b>${escapeHtml(m.invariant.id)}</b>: ${escapeHtml(m.invariant.description)}</p>
<p id="violation" class="viol">${m.violations.map((v) => escapeHtml(v.message)).join("<br>")}</p>
</header>
<main>
<ol id="steps"></ol>
<section id="detail">
<div class="controls"><button id="prev">◀ previous</button><button id="next">next ▶</button> <span id="position"></span></div>
<h2 id="step-title"></h2>
<p id="step-actor"></p>
<div id="step-requests"></div>
<div id="step-changes"></div>
<div id="sequence">${sequenceSvg(m)}</div>
</section>
</main>
<script id="trace-data" type="application/json">${scriptJson(m)}</script>
<script>
(function () {
  var m = JSON.parse(document.getElementById("trace-data").textContent);
  var list = document.getElementById("steps");
  var current = 0;
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; }); }
  m.steps.forEach(function (st, i) {
    var li = document.createElement("li");
    li.textContent = st.index + ". " + st.description;
    if (m.violationAt === st.index) li.className = "violation";
    li.addEventListener("click", function () { show(i); });
    list.appendChild(li);
  });
  function show(i) {
    if (m.steps.length === 0) return;
    current = Math.max(0, Math.min(m.steps.length - 1, i));
    var st = m.steps[current];
    Array.prototype.forEach.call(list.children, function (li, j) { li.classList.toggle("current", j === current); });
    document.getElementById("position").textContent = "step " + (current + 1) + " of " + m.steps.length;
    document.getElementById("step-title").textContent = st.index + ". " + st.description;
    document.getElementById("step-actor").textContent = "actor: " + st.actor;
    var req = st.requests.length ? "<h3>Requests</h3><ul>" + st.requests.map(function (r) { return "<li><code>" + esc(r) + "</code></li>"; }).join("") + "</ul>" : "";
    document.getElementById("step-requests").innerHTML = req;
    var rows = [];
    st.changes.objects.forEach(function (c) {
      if (c.op !== "updated") rows.push("<tr><td>" + esc(c.op) + "</td><td>" + esc(c.object) + "</td><td></td><td></td></tr>");
      c.fields.forEach(function (f) { rows.push("<tr><td>updated</td><td>" + esc(c.object) + "</td><td><code>" + esc(f.path) + "</code></td><td><code>" + esc(JSON.stringify(f.before)) + " → " + esc(JSON.stringify(f.after)) + "</code></td></tr>"); });
    });
    st.changes.world.forEach(function (w) { rows.push("<tr><td>world</td><td colspan=3>" + esc(w) + "</td></tr>"); });
    var viol = m.violationAt === st.index ? '<p class="viol">Invariant ' + esc(m.invariant.id) + " is violated after this step.</p>" : "";
    document.getElementById("step-changes").innerHTML = viol + (rows.length ? "<h3>Changes</h3><table id=\\"changes\\"><tr><th>op</th><th>object</th><th>field</th><th>before → after</th></tr>" + rows.join("") + "</table>" : "<p>No visible change.</p>");
    Array.prototype.forEach.call(document.querySelectorAll("#sequence .row"), function (g) { g.classList.toggle("active", g.getAttribute("data-step") === String(st.index)); });
  }
  document.getElementById("prev").addEventListener("click", function () { show(current - 1); });
  document.getElementById("next").addEventListener("click", function () { show(current + 1); });
  document.addEventListener("keydown", function (e) { if (e.key === "ArrowLeft") show(current - 1); if (e.key === "ArrowRight") show(current + 1); });
  show(0);
})();
</script>
</body>
</html>
`;
}
