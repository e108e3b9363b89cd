import { describe, expect, test } from "vitest";
import { accuracy, expectedCalibrationError, reliabilityBins, topChoiceCredit } from "@/lib/metrics";

describe("ties in accuracy and calibration split the credit over the tied top options", () => {
  test("the issue's soft label [0.5, 0.5, 0, 0]: half right whichever tied option is gold, wrong otherwise", () => {
    const p = [0.5, 0.5, 0, 0];
    expect(accuracy([p], [0])).toBe(0.5);
    expect(accuracy([p], [1])).toBe(0.5);
    expect(accuracy([p], [2])).toBe(0);
    // Confidence 0.5, accuracy 0.5: perfectly calibrated (first-option credit gave |1 - 0.5| or |0 - 0.5|).
    expect(expectedCalibrationError([p], [0])).toBe(0);
    expect(expectedCalibrationError([p], [1])).toBe(0);
    const bins = reliabilityBins([p, [1 / 3, 1 / 3, 1 / 3, 0]], [1, 3]);
    expect(bins[4]).toMatchObject({ count: 1, accuracy: 0.5, confidence: 0.5 }); // (0.4, 0.5]
    expect(bins[3]).toMatchObject({ count: 1, accuracy: 0 }); // 1/3 in (0.3, 0.4], gold not tied
    // Sums of shares: 0.1 + 0.2 and 0.3 tie within 1e-12.
    expect(topChoiceCredit([0.1 + 0.2, 0.3, 0.1], 1)).toBe(0.5);
  });
});
