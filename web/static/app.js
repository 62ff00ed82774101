// The glossary page: wiring between the interface and the tilmach WebAssembly module. Every
// answer (lookups, entries, the form to use, transliteration, the terminology check, loading
// user glossaries) comes from the module; this script only shows it.
"use strict";

(function () {
  const L = Object.assign({}, window.TILMACH_LABELS.en, window.TILMACH_LABELS[document.documentElement.lang] || {});
  const UI_LANG = document.documentElement.lang || "en";
  const RENDER_LANGS = ["en", "ru", "kk", "ug", "zh"];
  const LINT_TARGETS = ["en", "ru", "kk-Cyrl", "kk-Latn", "ug-Arab", "ug-Latn", "zh-Hans"];
  const FILTER_LANGS = ["", "en", "ru", "kk", "ug", "zh"];
  const $ = (sel, root = document) => root.querySelector(sel);

  /** Timings the browser test reads: when the module was ready, when the first query was answered. */
  const timings = (window.tilmachTimings = { start: performance.now() });

  let tilmach = null;
  let results = [];
  let selected = -1;
  let renderFor = "en";

  // ---------- small DOM helpers ----------

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) if (c != null) node.append(c);
    return node;
  }

  /** Text in a language: its own element with `lang` and, for right-to-left scripts, `dir`. */
  function langText(text, lang, tag = "span", cls = "") {
    return el(tag, { lang, dir: isRtl(lang) ? "rtl" : "auto", class: cls, text });
  }

  function isRtl(lang) {
    return /-Arab\b/.test(lang) || /^(ar|fa|ur|ps)(-|$)/.test(lang);
  }

  function langName(tag) {
    return L.languages[tag] || tag;
  }

  function copyButton(text) {
    const button = el("button", { class: "copy", type: "button", "data-copy": text, title: L.copyTitle(text), text: L.copy });
    button.addEventListener("click", async (event) => {
      event.stopPropagation();
      try {
        await navigator.clipboard.writeText(text);
      } catch (_) {
        const area = el("textarea", { class: "offscreen" });
        area.value = text;
        document.body.append(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      button.textContent = L.copied;
      button.classList.add("done");
      setTimeout(() => { button.textContent = L.copy; button.classList.remove("done"); }, 1500);
    });
    return button;
  }

  function call(method, ...args) {
    return JSON.parse(tilmach[method](...args));
  }

  // ---------- search ----------

  function search() {
    const t0 = performance.now();
    const query = $("#q").value;
    const list = $("#results");
    const status = $("#results-status");
    list.replaceChildren();
    results = [];
    selected = -1;
    if (query.trim() === "") {
      status.textContent = L.typeToSearch;
    } else {
      const answer = call("search", query, $("#filter").value, 20);
      if (answer.error) {
        status.textContent = answer.error;
      } else {
        results = answer;
        status.textContent = results.length ? L.resultsCount(results.length) : L.noResults;
        list.append(...results.map(resultItem));
        if (timings.firstQuery == null) timings.firstQuery = performance.now();
      }
    }
    timings.lastSearchMs = performance.now() - t0;
  }

  function resultItem(hit, i) {
    const form = hit.form;
    const why = [L.stages[hit.stage] || hit.stage];
    if (hit.distance > 0 && hit.stage !== "prefix") why.push(L.edits(hit.distance));
    return el("li", { role: "option", id: `r-${i}`, "data-id": hit.id, "aria-selected": "false" },
      el("a", { href: `#${hit.id}`, tabindex: "-1" },
        el("span", { class: "head" },
          el("bdi", { class: "headword", text: hit.headword }),
          el("span", { class: `kind kind-${hit.kind}`, text: L.kinds[hit.kind] || hit.kind })),
        el("span", { class: "gloss", text: hit.gloss[UI_LANG] || hit.gloss.en || "" }),
        el("span", { class: "why" },
          `${L.matchedBy} `,
          langText(form.text, form.lang, "span", "matched"),
          el("span", { class: "tag", text: form.lang }),
          el("span", { class: `status s-${form.status}`, text: L.statuses[form.status] || form.status }),
          el("span", { class: "stage", text: why.join(", ") }),
          el("span", { class: "score", title: L.score, text: Number(hit.score).toFixed(2) }))));
  }

  function select(i) {
    const items = $("#results").children;
    if (!items.length) return;
    selected = (i + items.length) % items.length;
    for (const [j, item] of Array.from(items).entries()) {
      item.setAttribute("aria-selected", j === selected ? "true" : "false");
    }
    items[selected].scrollIntoView({ block: "nearest" });
    $("#q").setAttribute("aria-activedescendant", items[selected].id);
  }

  // ---------- the entry card ----------

  function openFromHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id || id.startsWith("/")) return;
    showTab("search");
    showEntry(id);
  }

  function showEntry(id) {
    const card = $("#card");
    const entry = call("entry", id, renderFor);
    if (entry.error) {
      card.replaceChildren(el("p", { class: "error", text: entry.error }));
      card.hidden = false;
      return;
    }
    card.replaceChildren(
      el("header", {},
        el("h2", {}, el("bdi", { text: entry.headword })),
        el("span", { class: `kind kind-${entry.kind}`, text: L.kinds[entry.kind] || entry.kind }),
        el("code", { class: "id", text: `#${entry.id}` })),
      el("p", { class: "gloss" }, entry.gloss[UI_LANG] || entry.gloss.en || ""),
      renderBlock(entry),
      formsBlock(entry),
      entry.notes.length ? el("section", {}, el("h3", { text: L.notes }), el("ul", { class: "notes" }, entry.notes.map((n) => el("li", { dir: "auto", text: n })))) : null,
      entry.see.length ? el("section", {}, el("h3", { text: L.seeAlso }), el("p", { class: "see" }, entry.see.map((s) => el("a", { href: `#${s}`, text: s })))) : null,
      sourcesBlock(entry));
    card.hidden = false;
    card.className = "card";
    card.dataset.id = entry.id;
  }

  /** The card before any entry is opened: what the page does and its keys. */
  function showHint() {
    const card = $("#card");
    delete card.dataset.id;
    card.className = "card hint";
    card.replaceChildren(
      el("h2", { text: L.hintTitle }),
      el("ul", {}, L.hints.map((h) => el("li", { text: h }))),
      el("p", { class: "examples" }, `${L.tryThese} `, L.examples.map((q) =>
        el("button", { type: "button", class: "example", text: q, onclick: () => { $("#q").value = q; search(); $("#q").focus(); } }))));
    card.hidden = false;
  }

  function renderBlock(entry) {
    const chooser = el("select", { id: "render-for", "aria-label": L.renderFor },
      el("option", { value: "", text: L.renderNone }),
      RENDER_LANGS.map((l) => el("option", { value: l, text: langName(l), selected: l === renderFor })));
    chooser.addEventListener("change", () => { renderFor = chooser.value; showEntry(entry.id); });
    const block = el("section", { class: "render" }, el("label", { for: "render-for", text: L.renderFor }), chooser);
    if (!renderFor) return block;
    if (!entry.render) {
      block.append(el("p", { class: "use none", text: L.noFormFor }));
      return block;
    }
    const form = entry.forms[entry.render.form];
    const reasons = [L.why[form.status] || form.status];
    if (form.from != null || form.until != null) reasons.push(L.years(form.from, form.until));
    reasons.push(form.derived ? L.derived(form.scheme) : L.entered);
    block.append(el("p", { class: "use" },
      el("span", { class: "use-label", text: L.useForm }),
      langText(form.text, form.lang, "span", "use-form"),
      el("span", { class: "tag", text: form.lang }),
      copyButton(form.text),
      el("span", { class: "use-why", text: reasons.join(" · ") })));
    return block;
  }

  function formsBlock(entry) {
    const groups = new Map();
    const order = entry.render ? [entry.render.form] : [];
    entry.forms.forEach((_, i) => { if (!order.includes(i)) order.push(i); });
    for (const i of order) {
      const form = entry.forms[i];
      if (!groups.has(form.lang)) groups.set(form.lang, []);
      groups.get(form.lang).push([i, form]);
    }
    const table = el("table", { class: "forms" });
    for (const [lang, forms] of groups) {
      const body = el("tbody", { "data-lang": lang });
      body.append(el("tr", { class: "lang-row" }, el("th", { colspan: "4" }, langName(lang), el("span", { class: "tag", text: lang }))));
      for (const [i, form] of forms) {
        const meta = [];
        if (form.from != null || form.until != null) meta.push(L.years(form.from, form.until));
        meta.push(form.derived ? L.derived(form.scheme) : L.entered);
        if (form.irregular) meta.push(L.irregular);
        const isUse = entry.render && entry.render.form === i;
        body.append(el("tr", { class: isUse ? "form to-use" : "form" },
          el("td", { class: "form-text" }, langText(form.text, form.lang, "span")),
          el("td", {}, el("span", { class: `status s-${form.status}`, text: L.statuses[form.status] || form.status })),
          el("td", { class: "meta" }, meta.join(" · "),
            form.note ? el("div", { class: "note", dir: "auto", text: form.note }) : null,
            form.seen && form.seen.length ? el("div", { class: "seen", text: `⟨${form.seen.join(", ")}⟩` }) : null),
          el("td", { class: "actions" }, copyButton(form.text))));
      }
      table.append(body);
    }
    return el("section", {}, el("h3", { text: L.forms }), table);
  }

  function sourcesBlock(entry) {
    if (!entry.sources.length) return null;
    return el("section", {}, el("h3", { text: L.sources }),
      el("ol", { class: "sources" }, entry.sources.map((c) => {
        const s = entry.source_details[c.source] || {};
        const title = s.url ? el("a", { href: s.url, rel: "noreferrer", text: s.title }) : el("cite", { text: s.title || c.source });
        return el("li", {},
          el("code", { text: c.source }), " ", title,
          s.date ? el("span", { class: "date", text: ` (${s.date})` }) : null,
          c.quote ? el("blockquote", { dir: "auto", text: c.quote }) : null);
      })));
  }

  // ---------- transliteration ----------

  let schemes = [];

  function setUpTranslit() {
    schemes = call("schemes");
    const languages = [...new Set(schemes.map((s) => s.language))];
    const langSelect = $("#tl-lang");
    langSelect.replaceChildren(...languages.map((l) => el("option", { value: l, text: `${langName(l)} (${l})` })));
    langSelect.addEventListener("change", fillSchemes);
    for (const id of ["#tl-from", "#tl-to", "#tl-strict", "#tl-in"]) $(id).addEventListener("input", translit);
    fillSchemes();
  }

  function fillSchemes() {
    const language = $("#tl-lang").value;
    const ofLanguage = schemes.filter((s) => s.language === language);
    const option = (s) => el("option", { value: s.id, title: s.standard, text: `${s.id} — ${s.standard}` });
    $("#tl-from").replaceChildren(...ofLanguage.filter((s) => s.read).map(option));
    $("#tl-to").replaceChildren(...ofLanguage.filter((s) => s.write).map(option));
    const to = ofLanguage.filter((s) => s.write).find((s) => s.id !== $("#tl-from").value);
    if (to) $("#tl-to").value = to.id;
    translit();
  }

  function translit() {
    const text = $("#tl-in").value;
    const answer = call("translit", $("#tl-from").value, $("#tl-to").value, text, $("#tl-strict").checked);
    const out = $("#tl-out");
    const problem = $("#tl-error");
    if (answer.error) {
      out.textContent = "";
      problem.replaceChildren(el("p", { text: answer.error }));
      if (answer.start != null) {
        problem.append(el("p", { class: "mirror", dir: "auto" },
          text.slice(0, answer.start),
          el("mark", { class: "offence", text: text.slice(answer.start, answer.end) }),
          text.slice(answer.end)));
      }
      problem.hidden = false;
    } else {
      out.textContent = answer.text;
      problem.hidden = true;
    }
  }

  // ---------- terminology check ----------

  function setUpLint() {
    $("#lint-target").replaceChildren(...LINT_TARGETS.map((t) => el("option", { value: t, text: `${langName(t)} (${t})` })));
    for (const id of ["#lint-in", "#lint-target", "#lint-year"]) $(id).addEventListener("input", lint);
  }

  function lint() {
    const text = $("#lint-in").value;
    const year = parseInt($("#lint-year").value, 10) || 0;
    const findings = call("lint", text, $("#lint-target").value, year);
    const marked = $("#lint-marked");
    const list = $("#lint-findings");
    if (findings.error) {
      marked.textContent = text;
      list.replaceChildren(el("li", { class: "error", text: findings.error }));
      return;
    }
    const parts = [];
    let at = 0;
    findings.forEach((f, i) => {
      parts.push(text.slice(at, f.start));
      parts.push(el("mark", { class: `finding r-${f.reason}`, "data-finding": i, title: `${f.message}${f.preferred ? `; ${L.use} ${f.preferred.text}` : ""}` }, text.slice(f.start, f.end)));
      at = f.end;
    });
    parts.push(text.slice(at));
    marked.replaceChildren(...parts);
    $("#lint-count").textContent = text.trim() ? L.findings(findings.length) : "";
    list.replaceChildren(...findings.map((f, i) => el("li", { "data-finding": i },
      langText(f.text, f.judged.lang, "bdi", "found"),
      el("span", { class: `reason r-${f.reason}`, text: L.reasons[f.reason] || f.reason }),
      el("span", { class: "message", text: f.message }),
      f.preferred
        ? el("span", { class: "suggest" }, `${L.use} `, langText(f.preferred.text, f.preferred.lang, "bdi", "use-form"), copyButton(f.preferred.text))
        : el("span", { class: "suggest none", text: L.noPreferred }),
      el("a", { href: `#${f.id}`, class: "entry-link", text: `#${f.id}` }))));
  }

  // ---------- user glossaries ----------

  function setUpGlossaries() {
    $("#folder").addEventListener("change", (e) => loadFiles(Array.from(e.target.files).map((f) => [f.webkitRelativePath || f.name, f])));
    $("#files").addEventListener("change", (e) => loadFiles(Array.from(e.target.files).map((f) => [f.name, f])));
    $("#reset").addEventListener("click", () => { tilmach.reset(); $("#load-report").replaceChildren(); afterGlossaryChange(); });
    const zone = $("#drop");
    zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", () => zone.classList.remove("over"));
    zone.addEventListener("drop", async (e) => {
      e.preventDefault();
      zone.classList.remove("over");
      const found = [];
      const walk = async (entry, path) => {
        if (entry.isFile) {
          found.push([path + entry.name, await new Promise((ok, fail) => entry.file(ok, fail))]);
        } else if (entry.isDirectory) {
          const reader = entry.createReader();
          for (;;) {
            const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
            if (!batch.length) break;
            for (const child of batch) await walk(child, `${path}${entry.name}/`);
          }
        }
      };
      for (const item of Array.from(e.dataTransfer.items)) {
        const entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
        if (entry) await walk(entry, "");
      }
      loadFiles(found);
    });
  }

  /** Reads `[path, File]` pairs and layers them: a common top folder is the layer's directory. */
  async function loadFiles(pairs) {
    const report = $("#load-report");
    const tops = new Set(pairs.map(([p]) => (p.includes("/") ? p.split("/")[0] : "")));
    const dir = tops.size === 1 ? [...tops][0] : "";
    const files = [];
    const unreadable = [];
    const decoder = new TextDecoder("utf-8", { fatal: true });
    for (const [path, file] of pairs) {
      const relative = dir ? path.slice(dir.length + 1) : path;
      try {
        files.push([relative, decoder.decode(await file.arrayBuffer())]);
      } catch (_) {
        unreadable.push({ file: path, line: 1, column: 1, message: L.notUtf8 });
      }
    }
    const answer = unreadable.length ? { error: true, problems: unreadable } : call("load", dir, JSON.stringify(files));
    if (answer.error) {
      report.replaceChildren(el("p", { class: "error", text: L.problems }),
        el("ul", { class: "problems" }, (answer.problems.length ? answer.problems : [{ message: answer.error }]).map(problemItem)));
      return;
    }
    report.replaceChildren(el("p", { class: "ok", text: L.loaded(files.length, answer.entries) }),
      answer.replaced.length ? el("p", {}, `${L.replaced} `, answer.replaced.map((r) => el("a", { href: `#${r.id}`, title: r.file, text: r.id }))) : null,
      answer.findings.length ? el("div", {}, el("p", { text: L.findingsLoad }), el("ul", { class: "problems warn" }, answer.findings.map(problemItem))) : null);
    afterGlossaryChange();
  }

  function problemItem(p) {
    return el("li", {},
      p.file ? el("code", { class: "where", text: `${p.file}:${p.line}:${p.column}` }) : null,
      el("span", { dir: "auto", text: ` ${p.message}` }),
      p.hint ? el("div", { class: "hint", text: p.hint }) : null);
  }

  function afterGlossaryChange() {
    const stats = call("stats");
    $("#footer-text").textContent = L.footer(stats.entries, stats.sources);
    search();
    lint();
    if ($("#card").dataset.id) showEntry($("#card").dataset.id);
  }

  // ---------- tabs, keys, start ----------

  function showTab(name) {
    for (const tab of document.querySelectorAll("[role=tab]")) {
      const on = tab.dataset.tab === name;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      $(`#panel-${tab.dataset.tab}`).hidden = !on;
    }
  }

  function applyLabels() {
    document.title = L.title;
    for (const node of document.querySelectorAll("[data-label]")) node.textContent = L[node.dataset.label];
    for (const node of document.querySelectorAll("[data-placeholder]")) node.placeholder = L[node.dataset.placeholder];
    $("#filter").replaceChildren(...FILTER_LANGS.map((l) => el("option", { value: l, text: l ? langName(l) : L.anyLanguage })));
  }

  function setUpKeys() {
    const q = $("#q");
    q.addEventListener("input", search);
    $("#filter").addEventListener("change", search);
    q.addEventListener("keydown", (e) => {
      if (e.key === "ArrowDown") { e.preventDefault(); select(selected + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(selected - 1); }
      else if (e.key === "Enter" && results.length) {
        e.preventDefault();
        const id = results[Math.max(selected, 0)].id;
        if (location.hash === `#${id}`) showEntry(id); else location.hash = id;
      } else if (e.key === "Escape") { q.value = ""; search(); }
    });
    document.addEventListener("keydown", (e) => {
      const typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
      if (e.key === "/" && !typing) { e.preventDefault(); showTab("search"); q.focus(); q.select(); }
    });
    for (const tab of document.querySelectorAll("[role=tab]")) tab.addEventListener("click", () => showTab(tab.dataset.tab));
    window.addEventListener("hashchange", openFromHash);
  }

  /** The module's bytes: fetched over HTTP, or from the base64 script on a page opened from a file. */
  async function wasmSource() {
    if (location.protocol !== "file:") return "tilmach_web_bg.wasm";
    await new Promise((ok, fail) => document.head.append(el("script", { src: "wasm-inline.js", onload: ok, onerror: fail })));
    const b64 = window.TILMACH_WASM;
    if (Uint8Array.fromBase64) return Uint8Array.fromBase64(b64);
    const raw = atob(b64);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  async function start() {
    applyLabels();
    try {
      await wasm_bindgen({ module_or_path: await wasmSource() });
      tilmach = new wasm_bindgen.Tilmach();
    } catch (e) {
      $("#results-status").textContent = L.loadFailed + e;
      return;
    }
    timings.ready = performance.now();
    setUpKeys();
    setUpTranslit();
    setUpLint();
    setUpGlossaries();
    afterGlossaryChange();
    showHint();
    document.body.classList.add("ready");
    openFromHash();
  }

  start();
})();
