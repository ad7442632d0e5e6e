/**
 * The benchmark's measures (bench/measure-child.ts, bench/phase.ts): a child that touches
 * 32 MiB of fresh memory shows it in its peak RSS and in its page faults, and the machine's
 * phase probe times the first write to a page of fresh memory.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { measureChild, rssMethod } from "../bench/measure-child.js";
import { median, pairedRatios, spread } from "../bench/median.js";
import { freshPageSamples } from "../bench/phase.js";

const MiB = 1024 * 1024;
const TOUCHED = 32 * MiB;
const TOUCH = `const b = Buffer.allocUnsafeSlow(${TOUCHED}); for (let i = 0; i < b.length; i += 4096) b[i] = 1;`;

/** The size of a page a first write maps: 2 MiB where transparent huge pages are always on, else 4 KiB. */
function pageBytes(): number {
  try {
    return readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8").includes("[always]") ? 2 * MiB : 4096;
  } catch {
    return 4096;
  }
}

describe("bench: measuring a child", () => {
  it("counts the pages a child touches first, in its peak RSS and in its minor page faults", async () => {
    const idle = await measureChild(process.execPath, ["-e", "0"]);
    const touching = await measureChild(process.execPath, ["-e", TOUCH]);
    expect(touching.code, touching.stderr).toBe(0);
    expect(touching.peakRss! - idle.peakRss!).toBeGreaterThanOrEqual(TOUCHED - MiB);
    if (rssMethod.startsWith("/usr/bin/time")) {
      expect(touching.minorFaults! - idle.minorFaults!).toBeGreaterThanOrEqual((TOUCHED / pageBytes()) * 0.95);
    } else {
      expect(touching.minorFaults).toBeNull();
    }
  });

  it("times the first write to a page of fresh memory, in microseconds", async () => {
    const micros = median(await freshPageSamples());
    expect(micros).toBeGreaterThan(0);
    expect(micros).toBeLessThan(1000);
  });
});

describe("bench: ratios of alternating runs", () => {
  it("gives each repeat's ratio in order, and refuses samples that do not pair", () => {
    expect(pairedRatios([2, 4, 5], [3, 4, 10])).toEqual([1.5, 1, 2]);
    expect(() => pairedRatios([1, 2], [1])).toThrow("2 against 1 samples");
  });

  it("shows the lowest and highest ratio in the step's unit, one value alone, and refuses none", () => {
    expect(spread([1.274, 1.191, 1.23], 2, "x")).toBe("1.19-1.27x");
    expect(spread([0.558, 0.5243, 0.58], 1, "%", 100)).toBe("52.4-58.0%");
    expect(spread([1.3], 2, "x")).toBe("1.30x");
    // Pairs alike to the digits shown read as one figure, not "1.20-1.20x".
    expect(spread([1.201, 1.199], 2, "x")).toBe("1.20x");
    expect(() => spread([], 2, "x")).toThrow("no values");
  });
});
