// Posts a message to a Slack incoming webhook (https://api.slack.com/messaging/webhooks).
const TIMEOUT_MS = 5_000;

export interface SlackClient {
  post(text: string): Promise<void>;
}

export class SlackPostError extends Error {
  override name = "SlackPostError";
}

export function createSlackClient(webhookUrl: string): SlackClient {
  return {
    async post(text) {
      let response: Response;
      try {
        response = await fetch(webhookUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text }),
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
      } catch (error) {
        throw new SlackPostError(`Slack could not be reached: ${String(error)}`);
      }
      const body = await response.text().catch(() => "");
      if (!response.ok) {
        throw new SlackPostError(`Slack answered ${response.status}: ${body.slice(0, 200)}`);
      }
    },
  };
}

/** Slack's own link syntax; the characters Slack treats as markup are escaped. */
export function formatSlackText(title: string, link: string): string {
  const escape = (text: string) =>
    text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  return `${escape(title)} <${link}|Open in Playbook>`;
}
