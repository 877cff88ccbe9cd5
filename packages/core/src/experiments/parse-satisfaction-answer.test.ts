import { describe, expect, it } from "vitest";
import { defaultSettings } from "../settings/settings";
import { detectReaction } from "./detect-reaction";
import { parseSatisfactionAnswer } from "./parse-satisfaction-answer";

describe("parseSatisfactionAnswer", () => {
  it.each([
    ["5", { kind: "scale", value: 5, score: 1 }],
    ["4/5", { kind: "scale", value: 4, score: 0.75 }],
    ["a 3 out of 5", { kind: "scale", value: 3, score: 0.5 }],
    ["one", { kind: "scale", value: 1, score: 0 }],
    ["5!! thanks", { kind: "scale", value: 5, score: 1 }],
    ["\u{1F44D}", { kind: "thumbs", value: 1, score: 1 }],
    ["\u{1F44E}", { kind: "thumbs", value: 0, score: 0 }],
    ["Yes", { kind: "yes_no", value: 1, score: 1 }],
    ["yep!", { kind: "yes_no", value: 1, score: 1 }],
    ["nope", { kind: "yes_no", value: 0, score: 0 }],
    ["not really", { kind: "yes_no", value: 0, score: 0 }],
  ])("reads %j", (text, expected) => {
    expect(parseSatisfactionAnswer(text)).toEqual(expected);
  });

  it.each([
    "3 or 4",
    "yes and no",
    "yes 2",
    "\u{1F44D}\u{1F44E}",
    "\u{1F44D} no",
    "not bad",
    "10",
    "0",
    "ok I guess",
    "",
    "what time do you open on Sunday and is bay 3 free tomorrow",
  ])("records nothing for the ambiguous %j", (text) => {
    expect(parseSatisfactionAnswer(text)).toBeNull();
  });
});

describe("detectReaction", () => {
  it.each([
    ["Thanks so much!", "thanks"],
    ["perfect, appreciate it", "thanks"],
    ["This is ridiculous, worst service ever", "anger"],
    ["THIS IS UNACCEPTABLE I WANT MY MONEY BACK", "anger"],
    ["no thanks", null],
    ["thanks for nothing", null],
    ["what about Monday?", null],
  ])("reads %j as %s", (text, expected) => {
    expect(detectReaction(text, defaultSettings)).toBe(expected);
  });
});
