import { describe, expect, it } from "vitest";
import type { Plain } from "../src/query/values.js";
import { render } from "../src/render/render.js";

describe("rows in each format", () => {
  const rows: Record<string, Plain>[] = [
    { host: "WKS00012", blocked_runs: 4, extra: "left out" },
    { blocked_runs: 2, host: "WKS00041" },
    { host: "WKS00045" },
  ];

  it("hold in json and ndjson the columns asked for, in their order, null for a value a row lacks, and nothing else", async () => {
    const json = await render(["host", "blocked_runs"], rows, "json");
    expect(json).toBe(
      `[
  {
    "host": "WKS00012",
    "blocked_runs": 4
  },
  {
    "host": "WKS00041",
    "blocked_runs": 2
  },
  {
    "host": "WKS00045",
    "blocked_runs": null
  }
]
`,
    );
    const ndjson = await render(["blocked_runs", "host"], rows, "ndjson");
    expect(ndjson).toBe('{"blocked_runs":4,"host":"WKS00012"}\n{"blocked_runs":2,"host":"WKS00041"}\n{"blocked_runs":null,"host":"WKS00045"}\n');
  });

  it("keep in json and ndjson a column a query named __proto__ as a value, not as the row's prototype", async () => {
    const tricky = [JSON.parse('{"__proto__": {"polluted": true}, "n": 1}') as Record<string, never>, { n: 2 }];
    const json = JSON.parse(await render(["__proto__", "n"], tricky, "json")) as Record<string, unknown>[];
    expect(json.map((row) => Object.keys(row))).toEqual([
      ["__proto__", "n"],
      ["__proto__", "n"],
    ]);
    expect(json.map((row) => Object.getOwnPropertyDescriptor(row, "__proto__")?.value)).toEqual([{ polluted: true }, null]);
    const ndjson = (await render(["__proto__", "n"], tricky, "ndjson")).trimEnd().split("\n");
    expect(ndjson).toEqual(['{"__proto__":{"polluted":true},"n":1}', '{"__proto__":null,"n":2}']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("show in csv, list and table an empty cell where a row lacks a column, __proto__ too", async () => {
    const lacking = [{ n: 1 }, JSON.parse('{"__proto__": 7, "n": 2}') as Record<string, never>];
    expect(await render(["__proto__", "n"], lacking, "csv")).toBe("__proto__,n\n,1\n7,2\n");
    expect(await render(["__proto__"], lacking, "list")).toBe("\n7\n");
    expect(await render(["__proto__", "n"], lacking, "table")).toBe("__proto__  n\n---------  -\n           1\n        7  2\n");
  });

  it("quote in csv a value with a quote, a comma or a line break, and no other (RFC 4180)", async () => {
    const values = [{ v: "a\nb" }, { v: "c\rd" }, { v: 'say "hi"' }, { v: "one, two" }, { v: "plain;text" }];
    expect(await render(["v", "w,x"], values, "csv")).toBe('v,"w,x"\n"a\nb",\n"c\rd",\n"say ""hi""",\n"one, two",\nplain;text,\n');
  });

  it("show in markdown every row, a column named __proto__ too, and a | in a name or value escaped", async () => {
    const tricky = [JSON.parse('{"__proto__": 7, "n": 2, "a|b": "x|y"}') as Record<string, never>, { n: 3 }];
    expect(await render(["__proto__", "n", "a|b"], tricky, "markdown")).toBe("|__proto__|n|a\\|b|\n|:-|:-|:-|\n|7|2|x\\|y|\n||3||\n");
  });
});
