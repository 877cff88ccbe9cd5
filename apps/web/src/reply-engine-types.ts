// The API's answers that the reply-engine pages share, inferred from the router (types only, nothing bundled).
import type { RouterInputs, RouterOutputs } from "@playbook/api/router";

export type ConversationListInput = RouterInputs["conversations"]["list"];
export type ConversationListItem = RouterOutputs["conversations"]["list"]["items"][number];
export type ConversationDetail = RouterOutputs["conversations"]["get"];
export type ConversationMessage = ConversationDetail["messages"][number];
export type ConversationDecision = ConversationDetail["decisions"][number];
export type DecisionGate = ConversationDecision["gates"][number];
export type DecisionMode = ConversationDecision["mode"];
export type DecisionOutcome = ConversationDecision["outcome"];

export type QueueItem = RouterOutputs["queue"]["list"][number];
export type ReviewResult = RouterOutputs["suggestions"]["accept"];

export type PatternListInput = RouterInputs["patterns"]["list"];
export type PatternListItem = RouterOutputs["patterns"]["list"]["items"][number];
export type PatternDetail = RouterOutputs["patterns"]["get"];
export type Pattern = PatternDetail["pattern"];
export type PatternType = Pattern["type"];
export type PatternExample = PatternDetail["examples"]["items"][number];
export type ConfidenceEvent = PatternDetail["confidenceHistory"][number];
export type PatternVersion = PatternDetail["versions"][number];

export type DryRunInput = RouterInputs["playground"]["test"];
export type DryRunResult = RouterOutputs["playground"]["test"];
export type DryRunCandidate = DryRunResult["candidates"][number];

export type Settings = RouterOutputs["config"]["get"];
export type SettingsPatch = RouterInputs["config"]["set"];
export type WorkingHours = Settings["workingHours"];
export type Weekday = keyof WorkingHours;

export type EngineStats = RouterOutputs["stats"]["get"];
