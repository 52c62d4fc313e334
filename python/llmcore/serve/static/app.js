// SPDX-License-Identifier: BSD-3-Clause
// The calculator page: forms built from GET /api/models (the package's metadata), answers from
// the estimator, simulate and sensitivity endpoints. Numbers are shown as the server formats
// them (llmcore.report.format); nothing is computed here but the plot geometry.
"use strict";

const QUESTIONS = [
  { model: "training", label: "A training run",
    preset: { params: "7e9", tokens: "2e12", n_accel: "1024", hardware: "a100-80gb", region: "us-average" } },
  { model: "serving", label: "Serving a model",
    preset: { model: "llama-2-7b", hardware: "a100-80gb", region: "us-average", batch: "8" } },
  { model: "query", label: "One query", preset: { language: "english" } },
  { model: "scaling", label: "A scaling law", preset: { params: "70e9", tokens: "1.4e12", fit: "chinchilla" } },
  { model: "lifecycle", label: "A model's lifecycle",
    preset: { train_energy_kwh: "1.3e6", train_co2_kg: "5e5", queries_per_day: "1e7",
              energy_wh_per_query: "0.3", region: "us-average" } },
];
const SOBOL_N = 2048;  // base scenarios of the Sobol run (cost n·(d+2) evaluations)
const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...kids) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v; else e.setAttribute(k, v);
  }
  for (const k of kids) e.append(k);
  return e;
};
let MODELS = {};
let current = null;   // the question's model metadata
let last = null;      // the last answer: {kind, data, sobol}

async function api(path, body) {
  const r = await fetch(path, body === undefined ? {} :
    { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await r.json();
  if (!r.ok) throw Object.assign(new Error(data.error || r.statusText), { detail: data });
  return data;
}

async function init() {
  const [models, health] = await Promise.all([api("/api/models"), api("/api/health")]);
  for (const m of models) MODELS[m.name] = m;
  $("version").textContent = `llmcore ${health.version}`;
  for (const q of QUESTIONS) {
    const b = el("button", { type: "button", role: "tab", "data-model": q.model, text: q.label });
    b.addEventListener("click", () => choose(q.model));
    $("questions").append(b);
  }
  $("form").addEventListener("submit", (ev) => { ev.preventDefault(); compute(); });
  const saved = readLink();
  await choose(saved ? saved.q : "training", saved ? saved.v : null);
  if (saved) compute();
}

async function choose(model, values) {
  const q = QUESTIONS.find((x) => x.model === model) || QUESTIONS[0];
  current = MODELS[q.model];
  for (const b of $("questions").children) b.setAttribute("aria-selected", b.dataset.model === q.model);
  $("question-doc").textContent = `${current.doc} (how it is computed: docs/methodology/${current.name}.md)`;
  for (const id of ["pickers", "main-inputs"]) [...$(id).querySelectorAll(".row")].forEach((r) => r.remove());
  $("more-inputs").replaceChildren();
  $("answer").hidden = true;
  const preset = values || q.preset;
  for (const [kw, kind] of Object.entries(current.keywords)) {
    $("pickers").append(await pickerRow(kw, kind, preset[kw] || ""));
  }
  for (const i of current.inputs) {
    const shown = i.required || i.name in preset || (preset[i.name + "~lo"] !== undefined);
    (shown ? $("main-inputs") : $("more-inputs")).append(inputRow(i, preset));
  }
}

const catalogCache = {};
async function pickerRow(kw, kind, value) {
  if (!catalogCache[kind]) catalogCache[kind] = await api(`/api/catalog/${kind}`);
  const list = el("datalist", { id: `list-${kw}` });
  for (const r of catalogCache[kind]) list.append(el("option", { value: r.id, text: r.name || r.id }));
  const input = el("input", { type: "text", id: `in-${kw}`, name: kw, list: `list-${kw}`, value,
                              placeholder: `${kind} id (none)` });
  return el("div", { class: "row" }, el("label", { for: `in-${kw}`, text: kw }), input, list,
            el("span", { class: "unit", text: kind }));
}

function inputRow(i, preset) {
  const id = `in-${i.name}`;
  const label = el("label", { for: id, title: `${i.doc}; valid ${i.range}`, text: i.name });
  let field;
  if (i.choices.length) {
    field = el("select", { id, name: i.name });
    field.append(el("option", { value: "", text: `default (${i.default_text})` }));
    for (const c of i.choices) field.append(el("option", { value: c, text: c }));
    field.value = preset[i.name] || "";
    return el("div", { class: "row" }, label, field, el("span", { class: "unit", text: "" }));
  }
  field = el("input", { type: "text", id, name: i.name, value: preset[i.name] || "",
                        placeholder: i.default_text, title: `${i.doc}; valid ${i.range}` });
  const tick = el("input", { type: "checkbox", id: `${id}-ranged`, title: "give a range instead" });
  const lo = el("input", { type: "text", id: `${id}-lo`, placeholder: "low" });
  const hi = el("input", { type: "text", id: `${id}-hi`, placeholder: "high" });
  const shape = el("select", { id: `${id}-shape` }, el("option", { value: "uniform", text: "uniform" }),
                   el("option", { value: "loguniform", text: "log-uniform" }));
  const range = el("div", { class: "range" }, lo, hi, shape);
  range.hidden = true;
  tick.addEventListener("change", () => { range.hidden = !tick.checked; field.disabled = tick.checked; });
  if (preset[i.name + "~lo"] !== undefined) {
    tick.checked = true; range.hidden = false; field.disabled = true;
    lo.value = preset[i.name + "~lo"]; hi.value = preset[i.name + "~hi"];
    shape.value = preset[i.name + "~shape"] || "uniform";
  }
  const unit = el("span", { class: "tick" }, el("span", { class: "unit", text: `${i.unit} ` }), tick,
                  el("label", { for: `${id}-ranged`, text: "range" }));
  return el("div", { class: "row", "data-input": i.name }, label, field, unit, range);
}

function number(name, text) {
  const v = Number(text.trim());
  if (text.trim() === "" || !Number.isFinite(v)) {
    throw Object.assign(new Error(`${name}: "${text}" is not a number (write 7e9, not 7B)`), { detail: { input: name } });
  }
  return v;
}

// The form as request inputs, and as the values a link stores.
function collect() {
  const inputs = {}, values = {};
  let uncertain = 0;
  for (const kw of Object.keys(current.keywords)) {
    const v = $(`in-${kw}`).value.trim();
    if (v) inputs[kw] = values[kw] = v;
  }
  for (const i of current.inputs) {
    const f = $(`in-${i.name}`);
    const tick = $(`in-${i.name}-ranged`);
    if (tick && tick.checked) {
      const lo = $(`in-${i.name}-lo`).value, hi = $(`in-${i.name}-hi`).value;
      const shape = $(`in-${i.name}-shape`).value;
      inputs[i.name] = { dist: shape, lo: number(`${i.name} low`, lo), hi: number(`${i.name} high`, hi) };
      Object.assign(values, { [i.name + "~lo"]: lo, [i.name + "~hi"]: hi, [i.name + "~shape"]: shape });
      uncertain += 1;
    } else if (f.value.trim() !== "") {
      inputs[i.name] = i.choices.length ? f.value : number(i.name, f.value);
      values[i.name] = f.value;
    }
  }
  return { inputs, values, uncertain };
}

async function compute() {
  $("error").hidden = true;
  document.querySelectorAll(".bad").forEach((e) => e.classList.remove("bad"));
  $("go").disabled = true;
  $("go").textContent = "Computing…";
  try {
    const { inputs, values, uncertain } = collect();
    writeLink({ q: current.name, v: { ...values, n: $("n").value, seed: $("seed").value } });
    if (uncertain) {
      const seed = Math.trunc(number("seed", $("seed").value));
      const n = Math.trunc(number("scenarios", $("n").value));
      const body = { model: current.name, inputs, n, seed };
      const sim = await api("/api/simulate", body);
      const sobol = await api("/api/sensitivity", { ...body, n: SOBOL_N, outputs: Object.keys(sim.outputs) });
      show({ kind: "mc", data: sim, sobol });
    } else {
      show({ kind: "point", data: await api(`/api/${current.name}`, inputs) });
    }
  } catch (err) {
    $("error").textContent = err.message;
    $("error").hidden = false;
    const name = err.detail && err.detail.input;
    if (name && $(`in-${name}`)) $(`in-${name}`).classList.add("bad");
  } finally {
    $("go").disabled = false;
    $("go").textContent = "Compute";
  }
}

function show(answer) {
  last = answer;
  const d = answer.data;
  $("answer").hidden = false;
  $("answer-title").textContent = answer.kind === "mc"
    ? `${current.name}: ${d.n.toLocaleString("en")} scenarios (seed ${d.seed})` : `${current.name}`;
  $("interval-head").textContent = answer.kind === "mc" ? "90% interval (p5–p95)" : "";
  const body = $("outputs").tBodies[0];
  body.replaceChildren();
  const docs = Object.fromEntries(current.outputs.map((o) => [o.name, o.doc]));
  for (const [name, o] of Object.entries(d.outputs)) {
    const mc = answer.kind === "mc";
    const value = mc ? o.mean : o.value;
    const tr = el("tr", { "data-output": name, "data-value": JSON.stringify(value), title: docs[name] || "" },
      el("td", { text: name }),
      el("td", { class: "value", text: mc ? o.text.mean : [].concat(o.text).join(", ") }),
      el("td", { class: "interval", text: mc ? o.text.interval : "" }));
    tr.addEventListener("click", () => select(name));
    body.append(tr);
  }
  $("warnings").replaceChildren(...d.warnings.map((w) => el("li", { text: w })));
  const ab = $("assumptions").tBodies[0];
  ab.replaceChildren();
  for (const [name, a] of Object.entries(d.assumptions)) {
    ab.append(el("tr", {}, el("td", { text: name }), el("td", { text: typeof a.value === "string" ? a.value : JSON.stringify(a.value) }),
                 el("td", { text: a.source })));
  }
  $("repro-python").textContent = d.reproduce.python;
  $("repro-cli").textContent = d.reproduce.toml
    ? `# scenario.toml\n${d.reproduce.toml}\n${d.reproduce.cli}` : d.reproduce.cli;
  $("permalink").href = location.href;
  select(Object.keys(d.outputs)[0]);
}

function select(name) {
  for (const tr of $("outputs").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.output === name);
  const mc = last.kind === "mc";
  $("dist-fig").hidden = $("sobol-fig").hidden = !mc;
  if (!mc) return;
  const o = last.data.outputs[name];
  $("dist-cap").textContent = `${name}: distribution (${o.unit}), fraction of scenarios per decade`;
  drawHistogram($("dist"), o);
  $("sobol-cap").textContent = `${name}: what drives it (Sobol indices, ${SOBOL_N.toLocaleString("en")} base scenarios)`;
  drawSobol($("sobol"), last.sobol.indices[name] || []);
}

const SVGNS = "http://www.w3.org/2000/svg";
function svg(tag, attrs, text) {
  const e = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function drawHistogram(root, o) {
  root.replaceChildren();
  const W = +root.getAttribute("width"), H = +root.getAttribute("height"), L = 10, R = 10, T = 10, B = 38;
  const { edges, density } = o.histogram;
  if (!edges.length || !density.length) return;
  const logx = edges[0] > 0;
  const fx = logx ? Math.log10 : (x) => x;
  const x0 = fx(edges[0]), x1 = fx(edges[edges.length - 1]);
  const ymax = Math.max(...density) || 1;
  const X = (x) => L + (W - L - R) * (x1 > x0 ? (fx(x) - x0) / (x1 - x0) : 0.5);
  const Y = (y) => H - B - (H - T - B) * (y / ymax);
  density.forEach((d, k) => {
    root.append(svg("rect", { x: X(edges[k]), y: Y(d), width: Math.max(X(edges[k + 1]) - X(edges[k]), 1),
                              height: H - B - Y(d), fill: "#8aa9e6" }));
  });
  root.append(svg("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: "#1d2433" }));
  for (const q of o.quantiles) {
    if (q.value === null) continue;
    const x = X(q.value);
    root.append(svg("line", { x1: x, x2: x, y1: T, y2: H - B, stroke: "#b3261e", "stroke-dasharray": "4 3" }));
    root.append(svg("text", { x, y: H - B + 13, "text-anchor": "middle" }, `p${Math.round(q.q * 100)}`));
  }
  root.append(svg("text", { x: L, y: H - 6 }, o.text.interval.split(" – ")[0]));
  root.append(svg("text", { x: W - R, y: H - 6, "text-anchor": "end" }, o.text.interval.split(" – ")[1]));
  root.append(svg("text", { x: W / 2, y: H - 6, "text-anchor": "middle" }, `mean ${o.text.mean}`));
}

function drawSobol(root, rows) {
  root.replaceChildren();
  const W = +root.getAttribute("width"), top = 18, bar = 9, gap = 10, L = 150;
  const sorted = [...rows].sort((a, b) => (b.ST || 0) - (a.ST || 0));
  root.setAttribute("height", top + sorted.length * (2 * bar + gap) + 10);
  root.append(svg("rect", { x: L, y: 3, width: 10, height: 8, fill: "#2457c5" }));
  root.append(svg("text", { x: L + 14, y: 11 }, "total ST"));
  root.append(svg("rect", { x: L + 80, y: 3, width: 10, height: 8, fill: "#9bb4e8" }));
  root.append(svg("text", { x: L + 94, y: 11 }, "first-order S1"));
  const X = (v) => (W - L - 50) * Math.min(Math.max(v || 0, 0), 1);
  sorted.forEach((r, k) => {
    const y = top + k * (2 * bar + gap);
    root.append(svg("text", { x: L - 6, y: y + bar + 3, "text-anchor": "end" }, r.factor));
    root.append(svg("rect", { x: L, y, width: X(r.ST), height: bar, fill: "#2457c5" }));
    root.append(svg("rect", { x: L, y: y + bar, width: X(r.S1), height: bar, fill: "#9bb4e8" }));
    root.append(svg("text", { x: L + X(r.ST) + 4, y: y + bar - 1 }, r.ST === null ? "n/a" : r.ST.toFixed(2)));
  });
}

function writeLink(state) {
  history.replaceState(null, "", "#" + encodeURIComponent(JSON.stringify(state)));
}

function readLink() {
  if (location.hash.length < 2) return null;
  try {
    const s = JSON.parse(decodeURIComponent(location.hash.slice(1)));
    if (s.v && s.v.n) $("n").value = s.v.n;
    if (s.v && s.v.seed) $("seed").value = s.v.seed;
    return s;
  } catch (e) { return null; }
}

init().catch((err) => { $("error").textContent = `could not start: ${err.message}`; $("error").hidden = false; });
