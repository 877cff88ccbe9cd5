import { describe, expect, it } from "vitest";
import { defaultSettings } from "../settings/settings";
import { decidePolicy, decideTrustMode, type PolicyInput } from "./decide-policy";

const gateOrder = [
  "match",
  "system enabled",
  "shadow mode",
  "escalation",
  "pattern active",
  "unambiguous match",
  "auto-executable",
  "trust",
  "probability",
  "holding reply",
  "match strength",
  "working hours",
  "holiday",
  "VIP customer",
  "opt-out",
  "rate limit",
  "variables resolved",
  "message age",
];

// Everything in place for an automatic send: Wednesday noon UTC, a trusted active pattern, a clear match.
const autoReady = (): PolicyInput => ({
  settings: { ...defaultSettings, enabled: true, shadowMode: false },
  now: new Date("2026-06-03T12:00:00Z"),
  match: { patternId: "p1", score: 0.9, margin: 0.3, probability: 0.995 },
  pattern: {
    id: "p1",
    isActive: true,
    autoExecutable: true,
    confidence: 0.95,
    successCount: 20,
    deletedAt: null,
  },
  customer: { isVip: false, optedOut: false, automatedRepliesInWindow: 0 },
  escalation: { escalate: false, reasons: [] },
  unresolvedVariables: [],
});

type Change = (input: PolicyInput) => void;
const decide = (...changes: Change[]) => {
  const input = autoReady();
  for (const change of changes) change(input);
  return decidePolicy(input);
};
const failedGates = (decision: ReturnType<typeof decidePolicy>) =>
  decision.gates.filter((gate) => !gate.passed).map((gate) => gate.gate);
const gateNamed = (decision: ReturnType<typeof decidePolicy>, name: string) =>
  decision.gates.find((gate) => gate.gate === name);

describe("decidePolicy", () => {
  it("auto-sends when every gate passes, listing each gate in order with a detail", () => {
    const decision = decide();
    expect(decision.mode).toBe("auto");
    expect(decision.intendedMode).toBe("auto");
    expect(decision.gates.map((gate) => gate.gate)).toEqual(gateOrder);
    expect(failedGates(decision)).toEqual([]);
    for (const gate of decision.gates) expect(gate.detail.length).toBeGreaterThan(5);
  });

  it("only learns with the default settings (disabled and in shadow mode), but shows what would happen", () => {
    const decision = decide((input) => {
      input.settings = defaultSettings;
    });
    expect(decision).toMatchObject({ mode: "shadow", intendedMode: "auto" });
    expect(decision.gates.map((gate) => gate.gate)).toEqual(gateOrder);
    expect(failedGates(decision)).toEqual(["system enabled", "shadow mode"]);
  });

  it("only learns when disabled, even in live mode", () => {
    const decision = decide((input) => {
      input.settings = { ...input.settings, enabled: false };
    });
    expect(decision.mode).toBe("shadow");
    expect(gateNamed(decision, "system enabled")?.detail).toContain("off");
  });

  it("only learns in shadow mode", () => {
    const decision = decide((input) => {
      input.settings = { ...input.settings, shadowMode: true };
    });
    expect(decision.mode).toBe("shadow");
    expect(failedGates(decision)).toEqual(["shadow mode"]);
  });

  describe("no match", () => {
    it("does nothing without a match", () => {
      const decision = decide((input) => {
        input.match = null;
        input.pattern = null;
      });
      expect(decision.mode).toBe("none");
      expect(decision.intendedMode).toBe("none");
      expect(decision.gates[0]).toEqual({
        gate: "match",
        passed: false,
        detail: "no pattern matched",
      });
      expect(decision.gates.map((g) => g.gate)).toEqual([
        "match",
        "system enabled",
        "shadow mode",
        "escalation",
      ]);
    });

    it("escalates an angry message even when no pattern matches, once automation is live", () => {
      const angry = (enabled: boolean) =>
        decide((input) => {
          input.match = null;
          input.pattern = null;
          input.settings = { ...input.settings, enabled, shadowMode: !enabled };
          input.escalation = { escalate: true, reasons: ["angry"] };
        });
      expect(angry(true).mode).toBe("escalate");
      expect(angry(true).gates.find((g) => g.gate === "escalation")?.passed).toBe(false);
      expect(angry(false).mode).toBe("none");
    });

    it("does nothing below the minimum score, and matches exactly at it", () => {
      const weak = decide((input) => {
        input.match = { patternId: "p1", score: 0.34, margin: 0.3, probability: null };
      });
      expect(weak.mode).toBe("none");
      expect(weak.gates[0]?.detail).toBe("best score 0.34 < 0.35 minimum: no pattern matches");
      const edge = decide((input) => {
        input.match = { patternId: "p1", score: 0.35, margin: 0.3, probability: null };
      });
      expect(edge.mode).toBe("suggest");
      expect(failedGates(edge)).toEqual(["probability", "match strength"]);
    });
  });

  describe("the probability that this message's proposal is right", () => {
    const withProbability = (probability: number | null, precisionAbove?: number) =>
      decide((input) => {
        input.match = { patternId: "p1", score: 0.9, margin: 0.3, probability, precisionAbove };
      });

    it("auto-sends only when the message's probability and the precision above it both reach their settings", () => {
      expect(withProbability(0.95, 0.99).mode).toBe("auto");
      const unsure = withProbability(0.949, 0.995);
      expect(unsure.mode).toBe("suggest");
      expect(failedGates(unsure)).toEqual(["probability"]);
      expect(unsure.gates.find((g) => g.gate === "probability")?.detail).toBe(
        "94.9% < 95% needed to auto-send; past proposals at least this sure were right 99.5% of the time (95% lower bound) ≥ 99%",
      );
      // Sure of itself, but proposals this sure were not right often enough for the automatic replies to keep 99%.
      const loose = withProbability(0.97, 0.989);
      expect(loose.mode).toBe("suggest");
      expect(loose.gates.find((g) => g.gate === "probability")?.detail).toBe(
        "97% ≥ 95%; past proposals at least this sure were right 98.9% of the time (95% lower bound) < 99% needed to auto-send",
      );
    });

    it("takes the probability for the precision above when none is given", () => {
      expect(withProbability(0.99).mode).toBe("auto");
      expect(withProbability(0.989).mode).toBe("suggest");
    });

    it("gives suggest, queue or nothing at the lower thresholds", () => {
      expect(withProbability(0.8).mode).toBe("suggest");
      expect(withProbability(0.799).mode).toBe("queue");
      expect(withProbability(0.5).mode).toBe("queue");
      const unsure = withProbability(0.499);
      expect(unsure.mode).toBe("none");
      expect(unsure.intendedMode).toBe("none");
      expect(unsure.gates[0]).toEqual({
        gate: "match",
        passed: false,
        detail: "Playbook is 49.9% sure of its best reply, below the 50% needed to propose it",
      });
    });

    it("never lifts a pattern above its trust", () => {
      const decision = decide((input) => {
        input.match = { patternId: "p1", score: 0.9, margin: 0.3, probability: 0.999 };
        if (input.pattern) input.pattern.confidence = 0.6;
      });
      expect(decision.mode).toBe("queue");
    });

    it("is at most a suggestion while uncalibrated", () => {
      const decision = withProbability(null);
      expect(decision.mode).toBe("suggest");
      expect(decision.gates.find((g) => g.gate === "probability")?.detail).toMatch(
        /^not calibrated yet/,
      );
    });

    it("never auto-sends a holding reply, however sure", () => {
      const decision = decide((input) => {
        input.holdingReply = true;
      });
      expect(decision.mode).toBe("suggest");
      expect(failedGates(decision)).toEqual(["holding reply"]);
    });
  });

  describe("escalation", () => {
    it("hands the message to a human with the reasons, whatever the pattern", () => {
      const decision = decide((input) => {
        input.escalation = { escalate: true, reasons: ["angry tone", "asks for a refund"] };
      });
      expect(decision).toMatchObject({ mode: "escalate", intendedMode: "auto" });
      expect(gateNamed(decision, "escalation")).toEqual({
        gate: "escalation",
        passed: false,
        detail: "a human must handle this: angry tone; asks for a refund",
      });
    });

    it("escalates for an inactive, untrusted pattern too", () => {
      const decision = decide(
        (input) => {
          input.escalation = { escalate: true, reasons: [] };
        },
        (input) => {
          input.pattern = { ...input.pattern!, isActive: false, confidence: 0.1 };
        },
      );
      expect(decision).toMatchObject({ mode: "escalate", intendedMode: "shadow" });
      expect(gateNamed(decision, "escalation")?.detail).toContain("escalation requested");
    });

    it("stays in shadow when the system is off", () => {
      const decision = decide(
        (input) => {
          input.escalation = { escalate: true, reasons: ["emergency"] };
        },
        (input) => {
          input.settings = { ...input.settings, enabled: false };
        },
      );
      expect(decision.mode).toBe("shadow");
      expect(failedGates(decision)).toEqual(["system enabled", "escalation"]);
    });
  });

  describe("pattern state", () => {
    it.each([
      ["inactive", { isActive: false }, "inactive"],
      ["deleted", { deletedAt: new Date("2026-06-01T00:00:00Z") }, "deleted"],
    ])("only learns from a %s pattern", (_label, change, word) => {
      const decision = decide((input) => {
        input.pattern = { ...input.pattern!, ...change };
      });
      expect(decision).toMatchObject({ mode: "shadow", intendedMode: "auto" });
      expect(gateNamed(decision, "pattern active")?.detail).toContain(word);
    });

    it("only learns when the matched pattern is missing", () => {
      const decision = decide((input) => {
        input.pattern = null;
      });
      expect(decision).toMatchObject({ mode: "shadow", intendedMode: "shadow" });
      expect(gateNamed(decision, "pattern active")?.detail).toContain("not found");
    });

    it("refuses a pattern that is not the matched one", () => {
      expect(() =>
        decide((input) => {
          input.pattern = { ...input.pattern!, id: "p2" };
        }),
      ).toThrow("p2");
    });
  });

  describe("trust levels", () => {
    it.each([
      [0.95, 20, "auto"],
      [0.95, 19, "suggest"],
      [1, 1000, "auto"],
      [0.949999, 20, "suggest"],
      [0.75, 0, "suggest"],
      [0.749999, 50, "queue"],
      [0.5, 0, "queue"],
      [0.499999, 0, "shadow"],
      [0, 0, "shadow"],
    ] as const)("confidence %d with %d successes gives %s", (confidence, successCount, mode) => {
      const decision = decide((input) => {
        input.pattern = { ...input.pattern!, confidence, successCount };
      });
      expect(decision.mode).toBe(mode);
      expect(decision.intendedMode).toBe(mode);
      expect(gateNamed(decision, "trust")?.passed).toBe(mode === "auto");
    });

    it("explains a trust shortfall", () => {
      const decision = decide((input) => {
        input.pattern = { ...input.pattern!, confidence: 0.8, successCount: 19 };
      });
      expect(gateNamed(decision, "trust")?.detail).toBe(
        "confidence 0.8 < 0.95 and 19 successes < 20 needed to auto-send; trust alone gives suggest",
      );
    });

    it("follows configured thresholds", () => {
      const settings = {
        ...defaultSettings,
        autoExecuteThreshold: 0.8,
        suggestThreshold: 0.6,
        queueThreshold: 0.4,
        minExecutionsForAuto: 0,
      };
      expect(decideTrustMode({ confidence: 0.8, successCount: 0 }, settings)).toBe("auto");
      expect(decideTrustMode({ confidence: 0.6, successCount: 0 }, settings)).toBe("suggest");
      expect(decideTrustMode({ confidence: 0.4, successCount: 0 }, settings)).toBe("queue");
      expect(decideTrustMode({ confidence: 0.39, successCount: 0 }, settings)).toBe("shadow");
    });
  });

  describe("ambiguous matches", () => {
    it("caps an auto-level pattern at queue", () => {
      const decision = decide((input) => {
        input.match = { patternId: "p1", score: 0.9, margin: 0.02, probability: 0.995 };
      });
      expect(decision).toMatchObject({ mode: "queue", intendedMode: "auto" });
      expect(failedGates(decision)).toEqual(["unambiguous match", "match strength"]);
    });

    it("caps a suggest-level pattern at queue and never raises a shadow one", () => {
      const ambiguous = (confidence: number) =>
        decide(
          (input) => {
            input.match = { patternId: "p1", score: 0.9, margin: 0, probability: 0.995 };
          },
          (input) => {
            input.pattern = { ...input.pattern!, confidence };
          },
        ).mode;
      expect(ambiguous(0.8)).toBe("queue");
      expect(ambiguous(0.6)).toBe("queue");
      expect(ambiguous(0.2)).toBe("shadow");
    });

    it("is not ambiguous at exactly the minimum margin", () => {
      const decision = decide(
        (input) => {
          input.match = { patternId: "p1", score: 0.9, margin: 0.03, probability: 0.995 };
        },
        (input) => {
          input.pattern = { ...input.pattern!, confidence: 0.8 };
        },
      );
      expect(decision.mode).toBe("suggest");
      expect(gateNamed(decision, "unambiguous match")?.passed).toBe(true);
    });
  });

  describe("each auto-only gate stops an automatic send, leaving a suggestion", () => {
    it.each<[string, Change]>([
      [
        "auto-executable",
        (input) => {
          input.pattern = { ...input.pattern!, autoExecutable: false };
        },
      ],
      [
        "trust",
        (input) => {
          input.pattern = { ...input.pattern!, successCount: 19 };
        },
      ],
      [
        "match strength",
        (input) => {
          input.match = { patternId: "p1", score: 0.59, margin: 0.3, probability: 0.995 };
        },
      ],
      [
        "match strength",
        (input) => {
          input.match = { patternId: "p1", score: 0.9, margin: 0.09, probability: 0.995 };
        },
      ],
      [
        "working hours",
        (input) => {
          input.now = new Date("2026-06-03T21:00:00Z");
        },
      ],
      [
        "holiday",
        (input) => {
          input.settings = { ...input.settings, holidays: ["2026-06-03"] };
        },
      ],
      [
        "VIP customer",
        (input) => {
          input.customer = { ...input.customer, isVip: true };
        },
      ],
      [
        "rate limit",
        (input) => {
          input.customer = { ...input.customer, automatedRepliesInWindow: 3 };
        },
      ],
      [
        "variables resolved",
        (input) => {
          input.unresolvedVariables = ["time", "bay_number"];
        },
      ],
      [
        "message age",
        (input) => {
          input.messageAgeMs = 10 * 60_000 + 1;
        },
      ],
    ])("%s", (name, change) => {
      const decision = decide(change);
      expect(decision.mode).toBe("suggest");
      expect(failedGates(decision)).toEqual([name]);
    });
  });

  it("still answers automatically a message exactly autoReplyMaxAgeMinutes old", () => {
    const edge = decide((input) => {
      input.messageAgeMs = 10 * 60_000;
    });
    expect(edge.mode).toBe("auto");
  });

  it("sends nothing at all to a customer who opted out: shadow, whatever the trust", () => {
    for (const confidence of [0.99, 0.8, 0.6]) {
      const decision = decide((input) => {
        input.pattern = { ...input.pattern!, confidence };
        input.customer = { ...input.customer, optedOut: true };
      });
      expect(decision.mode).toBe("shadow");
      expect(failedGates(decision)).toContain("opt-out");
    }
  });

  it("does not lower a suggestion or a queued reply for auto-only reasons", () => {
    const vipAtLimit: Change = (input) => {
      input.customer = { isVip: true, optedOut: false, automatedRepliesInWindow: 99 };
    };
    const suggestion = decide(vipAtLimit, (input) => {
      input.pattern = { ...input.pattern!, confidence: 0.8 };
    });
    expect(suggestion.mode).toBe("suggest");
    const queued = decide(vipAtLimit, (input) => {
      input.pattern = { ...input.pattern!, confidence: 0.6 };
    });
    expect(queued.mode).toBe("queue");
  });

  it("lets the earliest failing gate decide", () => {
    const inactiveVip = decide(
      (input) => {
        input.pattern = { ...input.pattern!, isActive: false };
      },
      (input) => {
        input.customer = { ...input.customer, isVip: true };
      },
    );
    expect(inactiveVip.mode).toBe("shadow");
    expect(failedGates(inactiveVip)).toEqual(["pattern active", "VIP customer"]);
  });

  it("shows both working hours and holiday in the trace", () => {
    const decision = decide(
      (input) => {
        input.settings = {
          ...input.settings,
          timezone: "America/Halifax",
          holidays: ["2026-12-25"],
        };
      },
      (input) => {
        input.now = new Date("2026-12-25T15:00:00Z");
      },
    );
    expect(gateNamed(decision, "working hours")).toEqual({
      gate: "working hours",
      passed: true,
      detail: "Fri 11:00 America/Halifax is within 09:00–21:00",
    });
    expect(gateNamed(decision, "holiday")).toEqual({
      gate: "holiday",
      passed: false,
      detail: "2026-12-25 is a holiday",
    });
  });

  it("allows automated replies up to the per-customer limit", () => {
    const underLimit = decide((input) => {
      input.customer = { ...input.customer, automatedRepliesInWindow: 2 };
    });
    expect(underLimit.mode).toBe("auto");
    expect(gateNamed(underLimit, "rate limit")?.detail).toBe(
      "2 of 3 automated replies to this customer in the last 60 minutes",
    );
    const none = decide((input) => {
      input.settings = { ...input.settings, maxAutoRepliesPerCustomer: 0 };
    });
    expect(none.mode).toBe("suggest");
    expect(gateNamed(none, "rate limit")?.detail).toContain("reached the limit of 0");
  });

  it("names the unfilled variables", () => {
    const decision = decide((input) => {
      input.unresolvedVariables = ["time", "bay_number"];
    });
    expect(gateNamed(decision, "variables resolved")?.detail).toBe(
      "unfilled: {{time}}, {{bay_number}}",
    );
  });

  it("lets a weak score through when every word of the message is the pattern's own, and only then", () => {
    const weak = { patternId: "p1", score: 0.45, margin: 0.3, probability: 0.995 };
    const unfamiliar = decide((input) => {
      input.match = { ...weak, familiarWords: false };
    });
    expect(unfamiliar.mode).toBe("suggest");
    expect(gateNamed(unfamiliar, "match strength")).toMatchObject({ passed: false });
    expect(gateNamed(unfamiliar, "match strength")?.detail).toContain("uses words the pattern's");

    const familiar = decide((input) => {
      input.match = { ...weak, familiarWords: true };
    });
    expect(familiar.mode).toBe("auto");
    expect(gateNamed(familiar, "match strength")?.detail).toContain(
      "every word of the message is in the pattern's learned questions",
    );
    // Familiar words do not stand in for the margin, nor for the probability.
    const torn = decide((input) => {
      input.match = { ...weak, margin: 0.05, familiarWords: true };
    });
    expect(gateNamed(torn, "match strength")).toMatchObject({ passed: false });
    const unsure = decide((input) => {
      input.match = { ...weak, probability: 0.9, familiarWords: true };
    });
    expect(unsure.mode).toBe("suggest");
  });

  it("accepts a match at exactly the auto-send score and margin", () => {
    const decision = decide((input) => {
      input.match = { patternId: "p1", score: 0.6, margin: 0.1, probability: 0.995 };
    });
    expect(decision.mode).toBe("auto");
  });

  it.each<[string, Change]>([
    [
      "a confidence read as a string",
      (input) => {
        input.pattern = { ...input.pattern!, confidence: "0.95" as unknown as number };
      },
    ],
    [
      "a NaN score",
      (input) => {
        input.match = { patternId: "p1", score: Number.NaN, margin: 0.3, probability: 0.995 };
      },
    ],
    [
      "an infinite margin",
      (input) => {
        input.match = {
          patternId: "p1",
          score: 0.9,
          margin: Number.POSITIVE_INFINITY,
          probability: 0.995,
        };
      },
    ],
    [
      "a missing reply count",
      (input) => {
        input.customer = {
          ...input.customer,
          automatedRepliesInWindow: undefined as unknown as number,
        };
      },
    ],
  ])("refuses %s", (_label, change) => {
    expect(() => decide(change)).toThrow(TypeError);
  });
});
