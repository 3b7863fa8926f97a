// What opsQueries.test.ts needs to read the files in ops/ without a dependency: the metric
// names and label matchers a PromQL expression refers to, a strict reader for the small part
// of YAML those files use, and the names and labels a /metrics exposition holds.

// ---------------------------------------------------------------------------------------------
// PromQL

/** `metric{label op "value"}` as written in an expression. */
export interface Matcher {
  label: string;
  op: "=" | "!=" | "=~" | "!~";
  value: string;
}

/** What one PromQL expression refers to. */
export interface PromqlRefs {
  /** Series names selected (`rate(x[5m])` → `x`). */
  metrics: Set<string>;
  /** Functions called. */
  functions: Set<string>;
  /** Each selector with its label matchers. */
  selectors: { metric: string; matchers: Matcher[] }[];
}

/** PromQL's functions (Prometheus 2.x and 3.x), `start` and `end` for the `@` modifier included. */
export const PROMQL_FUNCTIONS: ReadonlySet<string> = new Set([
  "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time", "ceil", "changes",
  "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "day_of_month", "day_of_week", "day_of_year",
  "days_in_month", "deg", "delta", "deriv", "double_exponential_smoothing", "exp", "floor", "histogram_avg", "histogram_count",
  "histogram_fraction", "histogram_quantile", "histogram_stddev", "histogram_stdvar", "histogram_sum", "holt_winters", "hour",
  "idelta", "increase", "info", "irate", "label_join", "label_replace", "last_over_time", "ln", "log10", "log2",
  "mad_over_time", "max_over_time", "min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time",
  "quantile_over_time", "rad", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_by_label",
  "sort_by_label_desc", "sort_desc", "sqrt", "stddev_over_time", "stdvar_over_time", "sum_over_time", "tan", "tanh", "time",
  "timestamp", "vector", "year", "start", "end",
]);

const AGGREGATIONS = new Set([
  "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio",
]);
/** Keywords followed by a parenthesized list of label names. */
const LABEL_LIST_KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);
const OPERATOR_KEYWORDS = new Set(["and", "or", "unless", "bool"]);
const IDENTIFIER = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;
const LABEL_NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const NUMBER = /(?:0[xX][0-9a-fA-F]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)/y;
/** A duration after `offset` (`5m`, `1h30m`, `-2m`) or a Grafana variable standing for one. */
const OFFSET_DURATION = /-?(?:[0-9]+(?:ms|[smhdwy]))+|-?\$\{?[a-zA-Z_][a-zA-Z0-9_]*\}?/y;
/** A Grafana template variable: `$name`, `${name}`, `${name:format}`. */
const GRAFANA_VARIABLE = /\$(?:\{[^}]*\}|[a-zA-Z_][a-zA-Z0-9_]*)/y;

/**
 * The metric names, functions and selectors of a PromQL expression (Grafana's `$variables`
 * allowed). Not a parser: a tokenizer that knows enough of the grammar to tell a series name
 * from a function, keyword, label name, duration, number or string. It throws on what it
 * cannot read (an unknown function, an unterminated string, unbalanced brackets, a selector
 * without a metric name), so an expression it passes has been read whole.
 */
export function promqlRefs(expr: string): PromqlRefs {
  const refs: PromqlRefs = { metrics: new Set(), functions: new Set(), selectors: [] };
  const fail = (what: string, at: number): never => {
    throw new Error(`PromQL: ${what} at ${at} in: ${expr}`);
  };
  const match = (re: RegExp, at: number): string | undefined => {
    re.lastIndex = at;
    return re.exec(expr)?.[0];
  };
  const skipSpace = (at: number): number => {
    while (at < expr.length) {
      if (/\s/.test(expr[at])) at++;
      else if (expr[at] === "#") while (at < expr.length && expr[at] !== "\n") at++;
      else break;
    }
    return at;
  };
  /** The end (exclusive) and value of the string literal starting at `at`. */
  const readString = (at: number): [number, string] => {
    const quote = expr[at];
    let value = "";
    for (let i = at + 1; i < expr.length; i++) {
      const c = expr[i];
      if (c === quote) return [i + 1, value];
      if (c === "\\" && quote !== "`") {
        i++;
        if (i >= expr.length) break;
        value += expr[i] === "n" ? "\n" : expr[i];
      } else value += c;
    }
    return fail("unterminated string", at);
  };
  /** Past the `(...)` label list at `at`, e.g. after `by`. */
  const skipLabelList = (at: number): number => {
    at = skipSpace(at);
    if (expr[at] !== "(") return fail("expected ( after a grouping keyword", at);
    at = skipSpace(at + 1);
    while (expr[at] !== ")") {
      const name = match(LABEL_NAME, at) ?? fail("expected a label name", at);
      at = skipSpace(at + name.length);
      if (expr[at] === ",") at = skipSpace(at + 1);
      else if (expr[at] !== ")") fail("expected , or )", at);
    }
    return at + 1;
  };
  /** The matchers of the `{...}` at `at`, and the position after it. */
  const readMatchers = (at: number): [number, Matcher[]] => {
    const matchers: Matcher[] = [];
    at = skipSpace(at + 1);
    while (expr[at] !== "}") {
      const label = match(LABEL_NAME, at) ?? fail("expected a label name in a selector", at);
      at = skipSpace(at + label.length);
      const op = (["=~", "!~", "!=", "="] as const).find((o) => expr.startsWith(o, at)) ?? fail("expected a matcher operator", at);
      at = skipSpace(at + op.length);
      if (!`"'\``.includes(expr[at] ?? "")) fail("expected a quoted label value", at);
      const [end, value] = readString(at);
      matchers.push({ label, op, value });
      at = skipSpace(end);
      if (expr[at] === ",") at = skipSpace(at + 1);
      else if (expr[at] !== "}") fail("expected , or }", at);
    }
    return [at + 1, matchers];
  };

  const open: string[] = [];
  let i = 0;
  while ((i = skipSpace(i)) < expr.length) {
    const c = expr[i];
    if (c === '"' || c === "'" || c === "`") {
      i = readString(i)[0];
    } else if (c === "{") {
      return fail("a selector without a metric name cannot be checked", i);
    } else if (c === "[") {
      // A range or subquery: durations, `:` and Grafana variables, nothing that names a series.
      const end = expr.indexOf("]", i);
      if (end < 0 || /[[({"']/.test(expr.slice(i + 1, end).replace(/\$\{[^}]*\}/g, ""))) fail("unterminated [ ]", i);
      i = end + 1;
    } else if (c === "$") {
      i += (match(GRAFANA_VARIABLE, i) ?? fail("bad Grafana variable", i)).length;
    } else if (c === "(") {
      open.push(")");
      i++;
    } else if (c === ")") {
      if (open.pop() !== ")") fail("unbalanced )", i);
      i++;
    } else if (c === "]" || c === "}") {
      fail(`unbalanced ${c}`, i);
    } else if (/[0-9.]/.test(c) && match(NUMBER, i)) {
      i += match(NUMBER, i)!.length;
    } else if (/[a-zA-Z_:]/.test(c)) {
      const word = match(IDENTIFIER, i)!;
      const lower = word.toLowerCase();
      i += word.length;
      const next = skipSpace(i);
      if (LABEL_LIST_KEYWORDS.has(lower)) i = skipLabelList(i);
      else if (lower === "offset") {
        const after = skipSpace(i);
        i = after + (match(OFFSET_DURATION, after) ?? fail("expected a duration after offset", after)).length;
      } else if (OPERATOR_KEYWORDS.has(lower) || lower === "inf" || lower === "nan") {
        // an operator or a number
      } else if (AGGREGATIONS.has(word)) {
        // followed by `(` or by `by`/`without`
      } else if (expr[next] === "(") {
        if (!PROMQL_FUNCTIONS.has(word)) fail(`unknown function ${word}()`, i - word.length);
        refs.functions.add(word);
      } else {
        refs.metrics.add(word);
        let matchers: Matcher[] = [];
        if (expr[next] === "{") [i, matchers] = readMatchers(next);
        refs.selectors.push({ metric: word, matchers });
      }
    } else if ("+-*/%^=!<>,@:".includes(c)) {
      i++;
    } else {
      fail(`unexpected ${JSON.stringify(c)}`, i);
    }
  }
  if (open.length > 0) fail("unbalanced (", expr.length);
  return refs;
}

// ---------------------------------------------------------------------------------------------
// YAML, the part of it ops/ uses

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

interface Line { no: number; indent: number; text: string }

/**
 * Reads block mappings and sequences, plain, quoted and block (`|`, `>`) scalars, comments and
 * the empty flow collections `[]` and `{}`. Whatever else YAML has (anchors, aliases, tags,
 * flow collections with content, multi-document streams, tabs, complex keys) is refused with
 * an error naming the line, as are duplicate keys and plain scalars a YAML 1.1 reader (such as
 * Prometheus's) would read differently (`yes`, `no`, `on`, `off`). What this reads, a full
 * YAML parser reads the same way.
 */
export function parseYaml(text: string): YamlValue {
  const raw = text.replace(/\r\n/g, "\n").split("\n");
  const fail = (no: number, what: string): never => {
    throw new Error(`YAML line ${no + 1}: ${what}: ${JSON.stringify(raw[no] ?? "")}`);
  };
  let pos = 0;
  /** The next line with content, skipping blank and comment-only lines. */
  const peek = (): Line | undefined => {
    for (; pos < raw.length; pos++) {
      const line = raw[pos];
      const indent = line.length - line.trimStart().length;
      if (/^\s*\t/.test(line)) fail(pos, "a tab in indentation");
      const text = line.trim();
      if (text === "" || text.startsWith("#")) continue;
      if (text === "---" || text === "..." || text.startsWith("%")) fail(pos, "documents and directives are not read here");
      return { no: pos, indent, text };
    }
    return undefined;
  };
  const isSeqItem = (text: string) => text === "-" || text.startsWith("- ");

  const parseNode = (minIndent: number): YamlValue => {
    const line = peek();
    if (!line || line.indent < minIndent) return null;
    return isSeqItem(line.text) ? parseSequence(line.indent) : parseMapping(line.indent);
  };

  const parseSequence = (indent: number): YamlValue[] => {
    const items: YamlValue[] = [];
    for (let line = peek(); line && line.indent === indent && isSeqItem(line.text); line = peek()) {
      const rest = line.text.slice(1).trimStart();
      if (rest === "" || rest.startsWith("#")) {
        pos++;
        items.push(parseNode(indent + 1));
      } else if (/^[A-Za-z_][\w.-]*:(\s|$)/.test(rest) || /^["'][^"']*["']:(\s|$)/.test(rest)) {
        // `- key: value`: a mapping whose keys line up after the dash.
        const column = raw[line.no].indexOf(rest, line.indent + 1);
        raw[line.no] = " ".repeat(column) + rest;
        items.push(parseMapping(column));
      } else {
        pos++;
        items.push(parseValue(rest, line, indent));
      }
    }
    const stray = peek();
    if (stray && stray.indent > indent) fail(stray.no, "unexpected indentation");
    return items;
  };

  const parseMapping = (indent: number): { [key: string]: YamlValue } => {
    const map: { [key: string]: YamlValue } = {};
    for (let line = peek(); line && line.indent === indent; line = peek()) {
      if (isSeqItem(line.text)) break;
      const m = /^(?:([A-Za-z_][\w.-]*)|"([^"\\]*)"|'([^']*)'):(?:\s+(.*))?$/.exec(line.text);
      if (!m) fail(line.no, "expected `key: value`");
      const key = m![1] ?? m![2] ?? m![3];
      if (Object.hasOwn(map, key)) fail(line.no, `duplicate key ${key}`);
      const rest = (m![4] ?? "").trim();
      pos++;
      if (rest === "" || rest.startsWith("#")) {
        const next = peek();
        if (next && next.indent > indent) map[key] = parseNode(indent + 1);
        else if (next && next.indent === indent && isSeqItem(next.text)) map[key] = parseSequence(indent);
        else map[key] = null;
      } else map[key] = parseValue(rest, line, indent);
    }
    const stray = peek();
    if (stray && stray.indent > indent) fail(stray.no, "unexpected indentation");
    return map;
  };

  /** The scalar (or empty flow collection) after `key:` or `- `; block scalars read the lines below. */
  const parseValue = (rest: string, line: Line, parentIndent: number): YamlValue => {
    const block = /^([|>])([+-]?)(?:\s+#.*)?$/.exec(rest);
    if (block) return parseBlockScalar(block[1] === "|", block[2], parentIndent);
    if (rest.startsWith('"')) return quoted(rest, line, /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/, (s) => JSON.parse(`"${s}"`) as string);
    if (rest.startsWith("'")) return quoted(rest, line, /^'((?:[^']|'')*)'\s*(?:#.*)?$/, (s) => s.replace(/''/g, "'"));
    if (/^\[\]\s*(#.*)?$/.test(rest)) return [];
    if (/^\{\}\s*(#.*)?$/.test(rest)) return {};
    if (/^[[{]/.test(rest)) fail(line.no, "flow collections with content are not read here: use block style");
    return plainScalar(rest, line);
  };

  const quoted = (rest: string, line: Line, re: RegExp, unescape: (s: string) => string): string => {
    const m = re.exec(rest);
    if (!m) fail(line.no, "a quoted scalar must end on its line, followed by nothing but a comment");
    try {
      return unescape(m![1]);
    } catch {
      return fail(line.no, "an escape this reader does not know");
    }
  };

  const plainScalar = (rest: string, line: Line): YamlValue => {
    const value = rest.replace(/\s+#.*$/, "");
    if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value) && !/^-[0-9.]/.test(value)) fail(line.no, "a plain scalar starting with a YAML indicator: quote it");
    if (/:(\s|$)/.test(value)) fail(line.no, "`: ` inside a plain scalar: quote it");
    const next = raw[line.no + 1];
    if (next !== undefined && next.trim() !== "" && !next.trim().startsWith("#")
      && next.length - next.trimStart().length > line.indent && !isSeqItem(next.trim()) && !/^[\w.-]+:(\s|$)/.test(next.trim())) {
      fail(line.no + 1, "a plain scalar continued on the next line: use a block scalar");
    }
    if (/^(?:yes|no|on|off|y|n)$/i.test(value)) fail(line.no, `${value} is a boolean to YAML 1.1 readers and a string to others: quote it`);
    if (/^(?:null|Null|NULL|~)$/.test(value)) return null;
    if (/^(?:true|True|TRUE)$/.test(value)) return true;
    if (/^(?:false|False|FALSE)$/.test(value)) return false;
    if (/^[-+]?(?:0|[1-9][0-9]*)$/.test(value)) return Number(value);
    if (/^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$/.test(value)) return Number(value);
    if (/^[-+]?[0-9][0-9_:.-]*$/.test(value) || /^[-+]?(?:0x|0o|\.inf\b|\.nan\b)/i.test(value)) {
      fail(line.no, `${value} reads differently in YAML 1.1 and 1.2 (octal, sexagesimal, date...): quote it`);
    }
    return value;
  };

  const parseBlockScalar = (literal: boolean, chomp: string, parentIndent: number): string => {
    const lines: string[] = [];
    let indent = -1;
    for (; pos < raw.length; pos++) {
      const line = raw[pos];
      if (line.trim() === "") { lines.push(""); continue; }
      const lineIndent = line.length - line.trimStart().length;
      if (/^\s*\t/.test(line)) fail(pos, "a tab in indentation");
      if (indent < 0) {
        if (lineIndent <= parentIndent) break;
        indent = lineIndent;
      }
      if (lineIndent < indent) {
        if (lineIndent > parentIndent) fail(pos, "a block scalar line less indented than its first");
        break;
      }
      if (!literal && lineIndent > indent) fail(pos, "a more-indented line in a folded scalar is not read here");
      lines.push(line.slice(indent));
    }
    let trailing = 0;
    while (lines.length > 0 && lines[lines.length - 1] === "") { lines.pop(); trailing++; }
    if (lines.length === 0) return "";
    let body: string;
    if (literal) body = lines.join("\n");
    else {
      body = "";
      for (let k = 0; k < lines.length; k++) {
        if (k === 0) body = lines[0];
        else if (lines[k] === "") body += "\n";
        else body += (lines[k - 1] === "" ? "" : " ") + lines[k];
      }
    }
    if (chomp === "-") return body;
    if (chomp === "+") return body + "\n".repeat(trailing + 1);
    return `${body}\n`;
  };

  const value = parseNode(0);
  const left = peek();
  if (left) fail(left.no, "not read: check the indentation");
  return value;
}

// ---------------------------------------------------------------------------------------------
// The Prometheus text format

/** What a /metrics exposition holds: each family's type and each sample name's labels and values. */
export interface Exposition {
  /** `# TYPE` lines: family name → type. */
  types: Map<string, string>;
  /** Sample name → label name → the values seen. */
  samples: Map<string, Map<string, Set<string>>>;
}

export function parseExposition(text: string): Exposition {
  const types = new Map<string, string>();
  const samples = new Map<string, Map<string, Set<string>>>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line);
    if (type) { types.set(type[1], type[2]); continue; }
    if (line.startsWith("#") || line.trim() === "") continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+\S+/.exec(line);
    if (!sample) throw new Error(`unreadable exposition line: ${line}`);
    const labels = samples.get(sample[1]) ?? new Map<string, Set<string>>();
    samples.set(sample[1], labels);
    for (const [, name, value] of (sample[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      const values = labels.get(name) ?? new Set<string>();
      values.add(value.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c)));
      labels.set(name, values);
    }
  }
  return { types, samples };
}

/**
 * The series names a query can select: every sample's name, and for each `# TYPE` the names
 * its family exports even before it has a sample (a labelled histogram that has observed
 * nothing prints only its TYPE line). A histogram is selected through `_bucket`, `_sum` and
 * `_count`, never by its bare name.
 */
export function exportedNames(exposition: Exposition): Set<string> {
  const names = new Set(exposition.samples.keys());
  for (const [family, type] of exposition.types) {
    if (type === "histogram") for (const suffix of ["_bucket", "_sum", "_count"]) names.add(family + suffix);
    else if (type === "summary") for (const suffix of ["", "_sum", "_count"]) names.add(family + suffix);
    else names.add(family);
  }
  return names;
}

/** Labels Prometheus adds to every scraped series (the scrape target's), not in the exposition. */
export const TARGET_LABELS: ReadonlySet<string> = new Set(["job", "instance"]);

/**
 * What is wrong with one selector against the exposition: a label the series does not have,
 * or a value (`=`, `!=`, or each word of a `=~`/`!~` alternation like `a|b`) it never takes.
 * Values with Grafana variables or other regular-expression syntax are not checked.
 */
export function matcherProblems(metric: string, matchers: Matcher[], exposition: Exposition): string[] {
  const checked = matchers.filter((m) => !TARGET_LABELS.has(m.label));
  if (checked.length === 0) return [];
  const labels = exposition.samples.get(metric);
  if (!labels) return [`${metric}: no sample to check its matchers against (${checked.map((m) => m.label).join(", ")})`];
  const problems: string[] = [];
  for (const { label, op, value } of checked) {
    const seen = labels.get(label);
    if (!seen) { problems.push(`${metric} has no label ${label}`); continue; }
    if (value.includes("$")) continue;
    const words = op === "=" || op === "!=" ? [value] : /^[\w-]+(\|[\w-]+)*$/.test(value) ? value.split("|") : [];
    for (const word of words) {
      if (!seen.has(word)) problems.push(`${metric}{${label}${op}"${value}"}: ${label} is never "${word}" (seen: ${[...seen].sort().join(", ")})`);
    }
  }
  return problems;
}
