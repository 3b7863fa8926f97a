// The Grafana dashboard and Prometheus files in ops/ against the server they watch: every
// series a panel, annotation, variable or alert queries is one a real server exports, with
// the labels and label values the queries match on; the files have the shape Grafana and
// Prometheus read; ops/README.md explains every alert. With promtool on the PATH (it comes
// with Prometheus), the rules' own unit tests run too.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { readMetricsText, startTestServer, waitForState, type TestServer } from "../../helpers/server.ts";
import {
  exportedNames, matcherProblems, parseExposition, parseYaml, promqlRefs, TARGET_LABELS, type Exposition, type YamlValue,
} from "./opsChecks.ts";

const OPS = fileURLToPath(new URL("../../../ops/", import.meta.url));
const DASHBOARD_FILE = "grafana/skirmish-dashboard.json";
const RULES_FILE = "prometheus/skirmish-alerts.yml";
const RULES_TEST_FILE = "prometheus/skirmish-alerts.test.yml";
const SCRAPE_FILE = "prometheus/scrape-example.yml";
const readOps = (file: string) => readFileSync(join(OPS, file), "utf8");

/** Series Prometheus makes itself for every target, which no exposition holds. */
const PROMETHEUS_SERIES: ReadonlySet<string> = new Set(["up"]);

/** One PromQL expression and where it comes from, to name it when it fails. */
interface Query { source: string; expr: string }

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: YamlValue };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown, what: string): Obj => {
  assert.ok(isObj(v), `${what} should be a mapping`);
  return v;
};
const list = (v: unknown, what: string): YamlValue[] => {
  assert.ok(Array.isArray(v), `${what} should be a list`);
  return v;
};
const str = (v: unknown, what: string): string => {
  assert.equal(typeof v, "string", `${what} should be a string`);
  return v as string;
};

/** Every PromQL expression of the dashboard: panel targets, annotations and `label_values()` variable queries. */
function dashboardQueries(dashboard: Json): Query[] {
  const queries: Query[] = [];
  const walk = (node: Json, where: string): void => {
    if (Array.isArray(node)) { node.forEach((child, i) => walk(child, `${where}[${i}]`)); return; }
    if (node === null || typeof node !== "object") return;
    const here = typeof node.title === "string" ? `panel "${node.title}"` : typeof node.name === "string" ? `"${node.name}"` : where;
    for (const [key, value] of Object.entries(node)) {
      if (key === "expr" && typeof value === "string") queries.push({ source: `dashboard ${here}`, expr: value });
      else walk(value, here);
    }
  };
  walk(dashboard, "dashboard");
  const templating = (dashboard as { templating?: { list?: { type?: string; name?: string; definition?: string; query?: unknown }[] } }).templating;
  for (const variable of templating?.list ?? []) {
    if (variable.type !== "query") continue;
    const texts = [variable.definition, typeof variable.query === "string" ? variable.query : (variable.query as { query?: string } | undefined)?.query];
    for (const text of texts) {
      if (text === undefined) continue;
      const m = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*\)$/.exec(text.trim());
      assert.ok(m, `variable ${variable.name}: expected label_values(<selector>, <label>), got ${text}`);
      queries.push({ source: `dashboard variable "${variable.name}"`, expr: m[1] });
    }
  }
  return queries;
}

/** Every alert rule's expression. */
function ruleQueries(rules: YamlValue): Query[] {
  return list(obj(rules, RULES_FILE).groups, "groups").flatMap((group) =>
    list(obj(group, "group").rules, "rules").map((rule) => {
      const r = obj(rule, "rule");
      return { source: `${RULES_FILE} ${String(r.alert ?? r.record)}`, expr: str(r.expr, "expr") };
    }));
}

/** Series queried that the exposition does not export, each with the queries that name it. */
function unexported(queries: Query[], exposition: Exposition): Map<string, string[]> {
  const exported = exportedNames(exposition);
  const missing = new Map<string, string[]>();
  for (const { source, expr } of queries) {
    for (const name of promqlRefs(expr).metrics) {
      if (exported.has(name) || PROMETHEUS_SERIES.has(name)) continue;
      missing.set(name, [...(missing.get(name) ?? []), source]);
    }
  }
  return missing;
}

const describeMissing = (missing: Map<string, string[]>, exposition: Exposition) => [...missing].map(([name, sources]) => {
  const family = name.replace(/_(bucket|sum|count)$/, "");
  const hint = exposition.types.get(name) === "histogram" ? ` (a histogram: query ${name}_bucket, _sum or _count)`
    : family !== name && exposition.types.has(family) ? ` (${family} is a ${exposition.types.get(family)})` : "";
  return `  ${name}${hint}\n    in ${[...new Set(sources)].join("; ")}`;
}).join("\n");

function matcherIssues(queries: Query[], exposition: Exposition): string[] {
  const issues: string[] = [];
  for (const { source, expr } of queries) {
    for (const { metric, matchers } of promqlRefs(expr).selectors) {
      if (PROMETHEUS_SERIES.has(metric)) continue;
      for (const problem of matcherProblems(metric, matchers, exposition)) issues.push(`  ${problem}\n    in ${source}`);
    }
  }
  return issues;
}

const dashboard = JSON.parse(readOps(DASHBOARD_FILE)) as Json;
const rules = parseYaml(readOps(RULES_FILE));
const queries = [...dashboardQueries(dashboard), ...ruleQueries(rules)];

describe("ops/: Grafana dashboard and Prometheus rules", function () {
  this.timeout(20_000);

  describe("the checks themselves", () => {
    it("tell series names from functions, keywords, labels, durations, numbers, strings and Grafana variables", () => {
      const refs = promqlRefs(`histogram_quantile(0.99, sum by (instance, le) (rate(a_bucket{job=~"$job", room="arena"}[$__rate_interval])))
        / on (instance) group_left (mode) max without (kind) (b offset 5m) > bool 1e-3 and c:recorded @ start() unless d[5m:1m]
        + label_replace(e, "x", "$1", "y", "(.*)") * Inf # f would be a comment
        - sum(g) by (h) - (1000 / 30) * i / $__range_s`);
      assert.deepEqual([...refs.metrics].sort(), ["a_bucket", "b", "c:recorded", "d", "e", "g", "i"]);
      assert.deepEqual([...refs.functions].sort(), ["histogram_quantile", "label_replace", "rate", "start"]);
      assert.deepEqual(refs.selectors[0], { metric: "a_bucket", matchers: [{ label: "job", op: "=~", value: "$job" }, { label: "room", op: "=", value: "arena" }] });
    });

    it("refuse what they cannot read whole", () => {
      assert.throws(() => promqlRefs("rate(x[5m]"), /unbalanced \(/);
      assert.throws(() => promqlRefs("rte(x[5m])"), /unknown function rte/);
      assert.throws(() => promqlRefs('{__name__="x"}'), /without a metric name/);
      assert.throws(() => promqlRefs('x{reason="flood}'), /unterminated string/);
      assert.throws(() => promqlRefs("sum by room (x)"), /expected \(/);
    });

    it("report a series the server does not export, and a histogram queried by its bare name", () => {
      const exposition = parseExposition("# TYPE h histogram\n# TYPE c_total counter\nc_total 1\n");
      const missing = unexported([
        { source: "rule A", expr: "rate(c_total[5m]) + rate(h_bucket[5m]) + skirmish_bogus_total" },
        { source: "panel B", expr: "h" },
      ], exposition);
      assert.deepEqual([...missing], [["skirmish_bogus_total", ["rule A"]], ["h", ["panel B"]]]);
      assert.match(describeMissing(missing, exposition), /h \(a histogram: query h_bucket/);
    });

    it("report a label or label value the series never has", () => {
      const exposition = parseExposition('c_total{reason="flood"} 1\nc_total{reason="protocol"} 0\n');
      const check = (expr: string) => promqlRefs(expr).selectors.flatMap((s) => matcherProblems(s.metric, s.matchers, exposition));
      assert.deepEqual(check('c_total{reason=~"flood|protocol", job="x", instance=~"$instance"}'), []);
      assert.equal(check('c_total{reason=~"flood|slow-consumer"}').length, 1);
      assert.equal(check('c_total{kind="flood"}').length, 1);
      assert.equal(check('other{kind="flood"}').length, 1, "a matcher on a series without samples cannot be checked");
    });

    it("read the YAML these files use, and refuse the rest", () => {
      assert.deepEqual(parseYaml(`# c
a:
  - b: 1   # note
    c: 'it''s'
  -
    d: "x\\"y"
e: |
  one
    two
f: >-
  folded
  line

  para
g: []
h:
- 1.5
- ~
`), { a: [{ b: 1, c: "it's" }, { d: 'x"y' }], e: "one\n  two\n", f: "folded line\npara", g: [], h: [1.5, null] });
      for (const bad of ["a: 1\na: 2", "a: &x 1", "a: *x", "a: {b: 1}", "a: yes", "a: 010", "a: b: c", "a:\n\t- 1", "a: 1\n  b: 2", "---\na: 1", "a: x\n  more"]) {
        assert.throws(() => parseYaml(bad), /YAML line/, bad);
      }
    });
  });

  it(`${RULES_FILE}: groups of alerting rules, each with a duration, a severity and its annotations`, () => {
    const groups = list(obj(rules, "the rules file").groups, "groups");
    assert.deepEqual(Object.keys(obj(rules, "the rules file")), ["groups"]);
    const alerts = new Set<string>();
    const groupNames = new Set<string>();
    for (const group of groups) {
      const g = obj(group, "group");
      const name = str(g.name, "group name");
      assert.ok(!groupNames.has(name), `group ${name} twice`);
      groupNames.add(name);
      for (const rule of list(g.rules, `${name}.rules`)) {
        const r = obj(rule, "rule");
        const alert = str(r.alert, "alert");
        assert.match(alert, /^Skirmish[A-Z][A-Za-z]+$/);
        assert.ok(!alerts.has(alert), `alert ${alert} twice`);
        alerts.add(alert);
        for (const key of Object.keys(r)) assert.ok(["alert", "expr", "for", "keep_firing_for", "labels", "annotations"].includes(key), `${alert}: unknown key ${key}`);
        assert.match(str(r.for, `${alert}.for`), /^[0-9]+[smh]$/, `${alert}.for`);
        assert.ok(["info", "warning", "critical"].includes(str(obj(r.labels, `${alert}.labels`).severity, `${alert} severity`)), `${alert} severity`);
        const annotations = obj(r.annotations, `${alert}.annotations`);
        for (const key of ["summary", "description"]) {
          const text = str(annotations[key], `${alert}.annotations.${key}`);
          assert.equal(text.split("{{").length, text.split("}}").length, `${alert}.${key}: unbalanced {{ }}`);
        }
        assert.ok(str(annotations.description, "description").includes(`ops/README.md#${alert.toLowerCase()}`), `${alert}: its description should point at its part of ops/README.md`);
        promqlRefs(str(r.expr, `${alert}.expr`));
      }
    }
    assert.ok(alerts.size >= 8, `only ${alerts.size} alerts`);
  });

  it(`${RULES_TEST_FILE}: every alert has a promtool test that makes it fire`, () => {
    const file = obj(parseYaml(readOps(RULES_TEST_FILE)), "the rules test file");
    assert.deepEqual(file.rule_files, ["skirmish-alerts.yml"]);
    const alerts = new Set(ruleQueries(rules).map((q) => q.source.split(" ")[1]));
    const fired = new Set<string>();
    for (const test of list(file.tests, "tests")) {
      for (const t of list(obj(test, "test").alert_rule_test, "alert_rule_test")) {
        const name = str(obj(t, "alert_rule_test").alertname, "alertname");
        assert.ok(alerts.has(name), `the tests name ${name}, which is no alert`);
        if (list(obj(t, "alert_rule_test").exp_alerts, "exp_alerts").length > 0) fired.add(name);
      }
    }
    assert.deepEqual([...alerts].filter((a) => !fired.has(a)), [], "alerts no test makes fire");
  });

  it(`${DASHBOARD_FILE}: an importable dashboard, every panel on the data source variable and filtered by job and instance`, () => {
    const d = dashboard as { [key: string]: Json };
    assert.equal(typeof d.uid, "string");
    assert.equal(typeof d.title, "string");
    assert.ok(typeof d.schemaVersion === "number" && d.schemaVersion >= 36, "schemaVersion");
    const variables = (d.templating as { list: { name: string; type: string; query?: unknown }[] }).list;
    const byName = new Map(variables.map((v) => [v.name, v]));
    assert.deepEqual({ type: byName.get("DS_PROMETHEUS")?.type, query: byName.get("DS_PROMETHEUS")?.query }, { type: "datasource", query: "prometheus" });
    assert.equal(byName.get("instance")?.type, "query");
    assert.equal(byName.get("job")?.type, "query");

    type Panel = { id: number; type: string; title: string; gridPos: { x: number; y: number; w: number; h: number }; datasource?: { uid?: string }; targets?: { refId: string; expr: string; datasource?: { uid?: string } }[]; panels?: Panel[] };
    const panels = (d.panels as Panel[]).flatMap((p) => [p, ...(p.panels ?? [])]);
    const ids = new Set<number>();
    const cells = new Set<string>();
    for (const p of panels) {
      assert.ok(!ids.has(p.id), `panel id ${p.id} twice`);
      ids.add(p.id);
      const { x, y, w, h } = p.gridPos;
      assert.ok(x >= 0 && w > 0 && h > 0 && x + w <= 24, `panel "${p.title}" outside the 24-column grid`);
      for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
        assert.ok(!cells.has(`${i},${j}`), `panel "${p.title}" overlaps another`);
        cells.add(`${i},${j}`);
      }
      if (p.type === "row") continue;
      assert.equal(p.datasource?.uid, "${DS_PROMETHEUS}", `panel "${p.title}" data source`);
      assert.ok(p.targets && p.targets.length > 0, `panel "${p.title}" has no query`);
      assert.equal(new Set(p.targets.map((t) => t.refId)).size, p.targets.length, `panel "${p.title}": refIds repeat`);
      for (const target of p.targets) {
        assert.equal(target.datasource?.uid, "${DS_PROMETHEUS}", `panel "${p.title}" query data source`);
        for (const { metric, matchers } of promqlRefs(target.expr).selectors) {
          const has = (label: string) => matchers.some((m) => m.label === label && m.op === "=~" && m.value === `$${label}`);
          assert.ok(has("job") && has("instance"), `panel "${p.title}": ${metric} is not filtered by the job and instance variables`);
        }
      }
    }
    assert.ok(panels.filter((p) => p.type !== "row").length >= 20);
  });

  it(`${SCRAPE_FILE}: scrapes the job the rules expect, with the bearer token from a file`, () => {
    const config = obj(parseYaml(readOps(SCRAPE_FILE)), "the scrape example");
    assert.deepEqual(config.rule_files, ["skirmish-alerts.yml"]);
    const jobs = list(config.scrape_configs, "scrape_configs").map((j) => obj(j, "scrape config"));
    const job = jobs.find((j) => j.job_name === "skirmish");
    assert.ok(job, "a job named skirmish");
    assert.equal(job.metrics_path, "/metrics");
    const authorization = obj(job.authorization, "authorization");
    assert.equal(authorization.type, "Bearer");
    assert.equal(typeof authorization.credentials_file, "string");
    const jobsInRules = queries.flatMap((q) => promqlRefs(q.expr).selectors).flatMap((s) => s.matchers)
      .filter((m) => m.label === "job" && m.op === "=").map((m) => m.value);
    for (const name of jobsInRules) assert.ok(jobs.some((j) => j.job_name === name), `rules select job="${name}", which the example does not scrape`);
  });

  it("ops/README.md explains every alert", () => {
    const readme = readOps("README.md");
    for (const { source } of ruleQueries(rules)) {
      const alert = source.split(" ")[1];
      assert.match(readme, new RegExp(`^### ${alert}$`, "m"), `no "### ${alert}" part in ops/README.md`);
    }
  });

  describe("against a real server's /metrics", () => {
    let t: TestServer | undefined;
    let exposition: Exposition;

    before(async () => {
      t = await startTestServer();
      const room = await t.join({ name: "Ops" });
      const from = room.state.tick;
      await waitForState(room, (s) => s.tick >= from + 15, 5000, "half a second of ticks"); // ticks and patches observed
      exposition = parseExposition(await readMetricsText(t));
    });
    after(async () => { await t?.close(); t = undefined; });

    it("exports every series the dashboard and the alert rules query", () => {
      assert.ok(queries.length > 40, `only ${queries.length} queries found`);
      const missing = unexported(queries, exposition);
      assert.equal(missing.size, 0, `queried but not exported by the server:\n${describeMissing(missing, exposition)}`);
    });

    it("has every label and label value the queries match on", () => {
      const issues = matcherIssues(queries, exposition);
      assert.deepEqual(issues, [], `label matchers that match nothing:\n${issues.join("\n")}`);
    });

    it("does not itself use the labels Prometheus adds to scraped series", () => {
      for (const [name, labels] of exposition.samples) {
        for (const label of TARGET_LABELS) assert.ok(!labels.has(label), `${name} has its own ${label} label, which Prometheus would rename`);
      }
    });
  });

  it("promtool: the rules load, their unit tests pass and the scrape example is valid (skipped without promtool)", function () {
    const promtool = (args: string[], cwd: string) => spawnSync("promtool", args, { cwd, encoding: "utf8", timeout: 15_000 });
    const version = promtool(["--version"], OPS);
    if (version.error) {
      console.warn("\n  ⚠ promtool is not installed (Debian package prometheus): the alert rules' own unit tests are SKIPPED\n");
      this.skip();
    }
    const expectOk = (result: ReturnType<typeof promtool>, what: string) =>
      assert.equal(result.status, 0, `promtool ${what}:\n${result.stdout}\n${result.stderr}`);
    const dir = join(OPS, "prometheus");
    expectOk(promtool(["check", "rules", "skirmish-alerts.yml"], dir), "check rules");
    expectOk(promtool(["test", "rules", "skirmish-alerts.test.yml"], dir), "test rules");
    // check config wants the token file to exist: a copy that points at a temporary one.
    const tmp = mkdtempSync(join(tmpdir(), "skirmish-promtool-"));
    try {
      writeFileSync(join(tmp, "token"), "a-token-for-promtool-0123\n");
      writeFileSync(join(tmp, "skirmish-alerts.yml"), readOps(RULES_FILE));
      const config = readOps(SCRAPE_FILE).replace(/credentials_file: .*/, `credentials_file: ${join(tmp, "token")}`);
      writeFileSync(join(tmp, "prometheus.yml"), config);
      expectOk(promtool(["check", "config", "prometheus.yml"], tmp), "check config");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
