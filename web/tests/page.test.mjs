// The glossary page in a real browser: serves web/dist on 127.0.0.1, drives Debian's headless
// Chromium through playwright-core, and checks every panel. A screenshot of each step and the
// measured timings are written to web/test-artifacts/.
//
// Expected values are facts of the glossary data and the transliteration standards, cited where
// they are used; scores are shown as the library returns them and never checked here.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFile, mkdir, writeFile, stat, mkdtemp, rm } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.resolve(here, "../dist");
const artifacts = path.resolve(here, "../test-artifacts");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };

let server, origin, context, page, profile;
const measured = {};
let step = 0;

async function shot(name) {
  step += 1;
  await page.screenshot({ path: path.join(artifacts, `${String(step).padStart(2, "0")}-${name}.png`), fullPage: true });
}

/** Types `query` key by key into the search box, as a user does. */
async function typeQuery(query) {
  await page.fill("#q", "");
  await page.type("#q", query);
  await page.waitForFunction((q) => document.querySelector("#q").value === q, query);
}

/** The results as shown: entry id, matched form, its language and the stage. */
function shownResults() {
  return page.$$eval("#results li", (items) => items.map((li) => ({
    id: li.dataset.id,
    matched: li.querySelector(".matched").textContent,
    lang: li.querySelector(".matched").getAttribute("lang"),
    dir: li.querySelector(".matched").getAttribute("dir"),
    stage: li.querySelector(".stage").textContent,
  })));
}

before(async () => {
  await rm(artifacts, { recursive: true, force: true });
  await mkdir(artifacts, { recursive: true });
  server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    const file = path.join(dist, url.pathname === "/" ? "index.html" : path.normalize(url.pathname));
    if (!file.startsWith(dist)) { res.writeHead(403).end(); return; }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] || "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  origin = `http://127.0.0.1:${server.address().port}`;
  profile = await mkdtemp(path.join(tmpdir(), "tilmach-chromium-"));
  // A fresh profile directory: playwright passes it to Chromium as --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 1280, height: 860 },
    deviceScaleFactor: 1,
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin });
  page = await context.newPage();
  page.on("pageerror", (e) => { throw e; });
  await page.goto(`${origin}/`);
  await page.waitForSelector("body.ready");
});

after(async () => {
  await writeFile(path.join(artifacts, "timings.json"), JSON.stringify(measured, null, 2) + "\n");
  console.log("measured:", JSON.stringify(measured));
  await context?.close();
  server?.close();
  if (profile) await rm(profile, { recursive: true, force: true });
});

test("the .wasm is at most 3 MB gzipped", async () => {
  const wasm = await readFile(path.join(dist, "tilmach_web_bg.wasm"));
  measured.wasmBytes = wasm.length;
  measured.wasmGzipBytes = gzipSync(wasm, { level: 9 }).length;
  assert.ok(measured.wasmGzipBytes <= 3 * 1024 * 1024, `${measured.wasmGzipBytes} bytes gzipped`);
});

test("Kuldja, Құлжа and غۇلجا find Ghulja, each by its own form", async () => {
  // glossary/place/ghulja.toml: Kuldja (en), Құлжа (kk-Cyrl) and غۇلجا (ug-Arab) are forms of ghulja.
  for (const [query, lang, name] of [["Kuldja", "en", "kuldja"], ["Құлжа", "kk-Cyrl", "kulzha"], ["غۇلجا", "ug-Arab", "ghulja-arab"]]) {
    await typeQuery(query);
    const results = await shownResults();
    assert.equal(results[0].id, "ghulja", `${query}: ${JSON.stringify(results)}`);
    assert.equal(results[0].matched, query);
    assert.equal(results[0].lang, lang);
    assert.equal(results[0].stage, "exact");
    // Arabic-script forms sit in their own right-to-left element.
    assert.equal(results[0].dir, lang.endsWith("-Arab") ? "rtl" : "auto");
    await shot(`search-${name}`);
  }
});

test("a misspelling is found by the fuzzy stage", async () => {
  await typeQuery("Kuljda");
  const results = await shownResults();
  assert.equal(results[0].id, "ghulja");
  assert.match(results[0].stage, /^(fuzzy|cross-script), 1 edit$/);
});

test("a keystroke updates the results within 16 ms; the first query is answered within 1 s", async () => {
  // Every prefix of several queries, as typed: the input event, the search, the list rebuilt and
  // laid out.
  const times = await page.evaluate((queries) => {
    const q = document.querySelector("#q");
    const out = [];
    for (const query of queries) {
      for (let n = 1; n <= query.length; n++) {
        const t0 = performance.now();
        q.value = query.slice(0, n);
        q.dispatchEvent(new Event("input"));
        document.querySelector("#results").getBoundingClientRect();
        out.push(performance.now() - t0);
      }
    }
    return out;
  }, ["Kuldja", "Құлжа", "غۇلجا", "oralman", "Alma-Ata", "Yining", "伊宁", "Ghulja incident"]);
  times.sort((a, b) => a - b);
  const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
  measured.keystrokes = times.length;
  measured.keystrokeMedianMs = +at(0.5).toFixed(2);
  measured.keystrokeP95Ms = +at(0.95).toFixed(2);
  measured.keystrokeMaxMs = +times[times.length - 1].toFixed(2);
  assert.ok(measured.keystrokeMedianMs <= 16, JSON.stringify(measured));

  // Over HTTP: the module fetched, compiled and ready, then one query.
  const http = await page.evaluate(() => window.tilmachTimings);
  measured.httpReadyMs = +http.ready.toFixed(1);

  // From a local file: the module read from its base64 script.
  const local = await context.newPage();
  await local.goto(pathToFileURL(path.join(dist, "index.html")).href);
  await local.waitForSelector("body.ready");
  await local.fill("#q", "Kuldja");
  const first = await local.evaluate(() => window.tilmachTimings);
  assert.equal(await local.$eval("#results li", (li) => li.dataset.id), "ghulja");
  measured.fileReadyMs = +first.ready.toFixed(1);
  measured.fileFirstQueryMs = +(first.ready + first.lastSearchMs).toFixed(1);
  await local.close();
  assert.ok(measured.fileFirstQueryMs <= 1000, JSON.stringify(measured));
});

test("arrows and Enter open an entry card; / focuses the search", async () => {
  await page.click("body", { position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "q");
  await typeQuery("Kuldja");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => location.hash === "#ghulja" && document.querySelector("#card").dataset.id === "ghulja");
  const card = await page.$eval("#card", (c) => ({
    headword: c.querySelector("h2").textContent,
    langs: Array.from(c.querySelectorAll("tbody")).map((b) => b.dataset.lang),
    see: Array.from(c.querySelectorAll(".see a")).map((a) => a.getAttribute("href")),
    quotes: c.querySelectorAll(".sources blockquote").length,
    statuses: Array.from(c.querySelectorAll(".forms .status")).map((s) => s.textContent),
  }));
  assert.equal(card.headword, "Ghulja");
  for (const lang of ["en", "ru", "kk-Cyrl", "ug-Arab", "zh-Hans"]) assert.ok(card.langs.includes(lang), lang);
  // The cross-references are the entry's `see` list, in its order (glossary/place/ghulja.toml).
  const toml = await readFile(path.join(here, "../../glossary/place/ghulja.toml"), "utf8");
  const see = JSON.parse(toml.match(/^see = (\[.*\])$/m)[1]);
  assert.deepEqual(card.see, see.map((id) => `#${id}`));
  // One quote per source citation of the entry.
  assert.equal(card.quotes, (toml.match(/^\s*\{ source = .*, quote = /gm) || []).length);
  assert.ok(card.statuses.includes("preferred") && card.statuses.includes("variant"));
  await shot("entry-ghulja");
});

test("render for puts the form to use first, says why, and copies it", async () => {
  // glossary/place/ghulja.toml: the preferred forms are Ghulja (en), Құлжа (kk-Cyrl), غۇلجا (ug-Arab).
  for (const [lang, text, tag] of [["en", "Ghulja", "en"], ["kk", "Құлжа", "kk-Cyrl"], ["ug", "غۇلجا", "ug-Arab"]]) {
    await page.selectOption("#render-for", lang);
    const use = await page.$eval(".render .use", (u) => ({
      text: u.querySelector(".use-form").textContent,
      dir: u.querySelector(".use-form").getAttribute("dir"),
      why: u.querySelector(".use-why").textContent,
      copy: u.querySelector(".copy").dataset.copy,
      firstGroup: document.querySelector("#card tbody").dataset.lang,
      firstForm: document.querySelector("#card tbody .form-text").textContent,
    }));
    assert.equal(use.text, text);
    assert.equal(use.copy, text);
    assert.equal(use.firstGroup, tag);
    assert.equal(use.firstForm, text);
    assert.match(use.why, /the preferred form/);
    assert.equal(use.dir, tag.endsWith("-Arab") ? "rtl" : "auto");
  }
  await shot("render-for-uyghur");
  await page.selectOption("#render-for", "kk");
  await page.click(".render .copy");
  // The label changes once the clipboard has taken the text (a promise).
  await page.waitForFunction(() => document.querySelector(".render .copy").textContent === "Copied");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "Құлжа");
  // Every form has a copy button that copies exactly that form.
  const pairs = await page.$$eval("#card tr.form", (rows) => rows.map((r) => [r.querySelector(".form-text").textContent, r.querySelector(".copy").dataset.copy]));
  for (const [text, copy] of pairs) assert.equal(copy, text);
  await shot("copied");
});

test("oralman: the deprecated term leads to kandas, with its dates", async () => {
  // glossary/group-term/oralman.toml: Kazakh қандас is preferred from 2020; оралман is deprecated
  // until 2020.
  await page.goto(`${origin}/#`);
  await page.waitForSelector("body.ready");
  await typeQuery("oralman");
  const results = await shownResults();
  assert.equal(results[0].id, "oralman");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#card")?.dataset.id === "oralman");
  await page.selectOption("#render-for", "kk");
  const use = await page.$eval(".render .use", (u) => [u.querySelector(".use-form").textContent, u.querySelector(".use-why").textContent]);
  assert.equal(use[0], "қандас");
  assert.match(use[1], /preferred form · since 2020/);
  const deprecated = await page.$$eval("#card tbody[data-lang='kk-Cyrl'] tr.form", (rows) => rows.map((r) => [r.querySelector(".form-text").textContent, r.querySelector(".status").textContent, r.querySelector(".meta").textContent]));
  assert.ok(deprecated.some(([t, s, m]) => t === "оралман" && s === "deprecated" && m.includes("until 2020")), JSON.stringify(deprecated));
  await shot("entry-oralman");
});

test("the transliteration panel converts live and strict mode shows the offending character", async () => {
  await page.click("[data-tab=translit]");
  await page.selectOption("#tl-lang", "kk");
  await page.selectOption("#tl-from", "kk-cyrl");
  await page.selectOption("#tl-to", "kk-latn");
  // tests/data/translit/kk-latn.toml, the SPEC example from the 2021 Kazakh Latin alphabet.
  await page.type("#tl-in", "Құлжа");
  assert.equal(await page.textContent("#tl-out"), "Qūlja");
  await shot("translit");
  await page.check("#tl-strict");
  // A Latin letter is outside the Cyrillic alphabet; the space before it passes.
  await page.type("#tl-in", " x");
  await page.waitForSelector("#tl-error:not([hidden])");
  assert.equal(await page.textContent("#tl-error mark.offence"), "x");
  assert.match(await page.textContent("#tl-error"), /not in the alphabet of kk-cyrl/);
  await shot("translit-strict");
});

test("the terminology check highlights each finding with its reason and the form to use", async () => {
  await page.click("[data-tab=lint]");
  await page.selectOption("#lint-target", "en");
  await page.fill("#lint-year", "2024");
  // The library's own example (src/text/lint.rs): Alma-Ata is historical, Кульджа is Russian.
  await page.type("#lint-in", "We met in Alma-Ata and Кульджа.");
  const marks = await page.$$eval("#lint-marked mark", (ms) => ms.map((m) => [m.textContent, m.className]));
  assert.deepEqual(marks, [["Alma-Ata", "finding r-historical"], ["Кульджа", "finding r-wrong-language"]]);
  const findings = await page.$$eval("#lint-findings li", (ls) => ls.map((l) => [l.querySelector(".found").textContent, l.querySelector(".reason").textContent, l.querySelector(".suggest .use-form")?.textContent]));
  assert.deepEqual(findings, [["Alma-Ata", "historical", "Almaty"], ["Кульджа", "wrong language", "Ghulja"]]);
  assert.equal(await page.textContent("#lint-count"), "2 findings");
  await shot("lint");
});

test("a user glossary loads over the embedded one, and its errors carry file:line:column", async () => {
  await page.click("[data-tab=glossaries]");
  await page.setInputFiles("#files", [{ name: "bayandai.toml", mimeType: "application/toml", buffer: Buffer.from('kind = place\n') }]);
  await page.waitForSelector("#load-report .problems");
  const where = await page.textContent("#load-report .problems .where");
  assert.equal(where, "bayandai.toml:1:8");
  await shot("user-glossary-error");

  const entry = [
    'kind = "place"',
    'gloss.en = "A village in the Ili valley (a user entry)."',
    'sources = [{ source = "fmo-2010" }]',
    "[[form]]", 'text = "Bayandai"', 'lang = "en"', 'status = "preferred"',
    "[[form]]", 'text = "Баяндай"', 'lang = "kk-Cyrl"', 'status = "preferred"', "",
  ].join("\n");
  await page.setInputFiles("#files", [{ name: "bayandai.toml", mimeType: "application/toml", buffer: Buffer.from(entry) }]);
  await page.waitForSelector("#load-report .ok");
  await shot("user-glossary-loaded");
  await page.click("[data-tab=search]");
  await typeQuery("Баяндай");
  assert.equal((await shownResults())[0].id, "bayandai");
  await page.click("[data-tab=glossaries]");
  await page.click("#reset");
  await page.click("[data-tab=search]");
  await typeQuery("Баяндай");
  assert.notEqual((await shownResults())[0]?.id, "bayandai");
});

test("a glossary folder opened on the page replaces and adds entries", async () => {
  // tests/data/glossary/user: a folder with sources.toml, a new entry my-village, and its own
  // ghulja that replaces the embedded one (the same fixture tests/glossary.rs loads from disk).
  await page.click("[data-tab=glossaries]");
  await page.setInputFiles("#folder", path.resolve(here, "../../tests/data/glossary/user"));
  await page.waitForSelector("#load-report .ok");
  assert.match(await page.textContent("#load-report .ok"), /^Loaded 3 files; /);
  assert.deepEqual(await page.$$eval("#load-report a", (as) => as.map((a) => a.textContent)), ["ghulja"]);
  await page.click("[data-tab=search]");
  await typeQuery("ghulja");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#card")?.dataset.id === "ghulja");
  assert.equal(await page.textContent("#card > .gloss"), "A user's own version of the Ghulja entry");
  await shot("user-folder-loaded");
  await page.click("[data-tab=glossaries]");
  await page.click("#reset");
  assert.match(await page.textContent("#card > .gloss"), /^City in the Ili valley/);
});

test("a shared link opens its entry", async () => {
  await page.goto(`${origin}/#almaty`);
  await page.waitForSelector("body.ready");
  await page.waitForFunction(() => document.querySelector("#card")?.dataset.id === "almaty");
  await typeQuery("Алматы");
  await shot("shared-link-almaty");
  assert.equal(await page.textContent("#card h2"), "Almaty");
});

test("the page as the README shows it", async () => {
  await page.goto(`${origin}/#ghulja`);
  await page.waitForSelector("body.ready");
  await page.waitForFunction(() => document.querySelector("#card")?.dataset.id === "ghulja");
  await typeQuery("Kuldja");
  await page.selectOption("#render-for", "kk");
  await page.screenshot({ path: path.join(artifacts, "page.png") });
  assert.equal(await page.textContent(".render .use-form"), "Құлжа");
});
