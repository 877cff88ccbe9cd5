// `npm run playbook -- demo`: loads the sample history, sends a test customer message as if by SMS and prints what
// Playbook learned, decided and proposed; `--remove` takes all demo data away again. No OpenPhone account needed.
import {
  createReplyEngine,
  getDemoStatus,
  loadDemo,
  removeDemo,
  sendDemoMessage,
  type Env,
} from "@playbook/core";
import type { Database } from "@playbook/db";
import type { Logger } from "@playbook/core";

export async function runDemoCommand(
  runtime: { database: Database; logger: Logger; env: Env },
  opts: { remove: boolean; message: string | undefined; json: boolean },
): Promise<void> {
  const engine = createReplyEngine({
    database: runtime.database,
    env: runtime.env,
    logger: runtime.logger,
  });
  const lines: string[] = [];
  let summary: Record<string, unknown>;
  if (opts.remove) {
    const removed = await removeDemo(engine, null);
    lines.push(
      `Removed the demo: ${removed.customers} made-up customers with their conversations, and ${removed.patterns} patterns only they taught. Real data was not touched.`,
    );
    summary = { removed };
  } else {
    const loaded = await loadDemo(engine, null);
    const sent = await sendDemoMessage(engine, opts.message ? { text: opts.message } : {});
    const status = await getDemoStatus(engine);
    lines.push(
      `Loaded the sample history: ${loaded.messagesImported} new messages, ${loaded.exchangesLearned} replies learned, ${loaded.patternsCreated} new patterns (inactive, as every new pattern).`,
      `Demo data now: ${status.customers} made-up customers, ${status.conversations} conversations, ${status.messages} messages.`,
    );
    const decision = sent.decision;
    if (!decision) lines.push(`The test message was not decided (${sent.status}).`);
    else {
      lines.push(
        `A test customer wrote as if by SMS; Playbook decided: ${decision.mode}` +
          (decision.intendedMode && decision.intendedMode !== decision.mode
            ? ` (it would ${decision.intendedMode} with automation on)`
            : ""),
        decision.proposedReply
          ? `Proposed reply: ${decision.proposedReply}`
          : "No pattern fitted well enough to propose a reply.",
      );
    }
    lines.push(
      "Open the dashboard's Inbox to see the conversation; `npm run playbook -- demo --remove` takes the demo away.",
    );
    summary = {
      loaded: { importId: loaded.id, patternsCreated: loaded.patternsCreated },
      sent,
      status,
    };
  }
  if (opts.json) lines.push(JSON.stringify(summary));
  process.stdout.write(`${lines.join("\n")}\n`);
}
