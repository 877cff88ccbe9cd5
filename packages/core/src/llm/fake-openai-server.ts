// Test double: a local HTTP server answering like OpenAI's chat completions endpoint.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { stopWords, tokenize } from "../text/normalize-text";
import type { OpenAIPatternReply } from "./openai-pattern-reply";

/** The JSON body of a request, loosely typed: tests read the fields they care about. */
export type FakeOpenAIRequestBody = {
  model?: string;
  messages?: { role: string; content?: unknown }[];
  input?: unknown;
  encoding_format?: string;
  [field: string]: unknown;
};

export type FakeOpenAIRequest = { path: string; body: unknown; authorization?: string };

/**
 * What to answer. Without `json` and `raw` the default answer for the endpoint is sent (after `delayMs`),
 * or, with an error `status`, an OpenAI-style error body. `headers` e.g. `retry-after-ms` to keep retries fast.
 */
export type FakeOpenAIResponse = {
  status?: number;
  json?: unknown;
  delayMs?: number;
  raw?: string;
  headers?: Record<string, string>;
};

export type FakeOpenAIServer = {
  /** Base URL to pass as the client's baseURL, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  requests: FakeOpenAIRequest[];
  /** Replaces the default answers; `path` is e.g. `/v1/chat/completions`. Returning undefined → default. */
  respondWith(
    handler: (body: FakeOpenAIRequestBody, path: string) => FakeOpenAIResponse | undefined,
  ): void;
  close(): Promise<void>;
};

/** A chat completion as OpenAI shapes it, with `content` as the assistant's message. */
export function buildChatCompletion(
  content: string | null,
  opts: {
    model?: string;
    promptTokens?: number;
    completionTokens?: number;
    refusal?: string | null;
    finishReason?: "stop" | "length" | "content_filter";
  } = {},
) {
  const promptTokens = opts.promptTokens ?? 120;
  const completionTokens = opts.completionTokens ?? Math.ceil((content ?? "").length / 4);
  return {
    id: `chatcmpl-${randomUUID().replace(/-/g, "").slice(0, 24)}`,
    object: "chat.completion",
    created: Math.floor(Date.now() / 1000),
    model: opts.model ?? "gpt-4o-mini",
    choices: [
      {
        index: 0,
        message: { role: "assistant", content, refusal: opts.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: opts.finishReason ?? "stop",
      },
    ],
    usage: {
      prompt_tokens: promptTokens,
      completion_tokens: completionTokens,
      total_tokens: promptTokens + completionTokens,
    },
    system_fingerprint: "fp_fake",
  };
}

const typeHints: [RegExp, OpenAIPatternReply["type"]][] = [
  [/\b(book|booking|reserve|reservation|cancel|reschedule)/i, "booking"],
  [/\b(gift ?cards?)\b/i, "gift_cards"],
  [/\b(hours|open|close|closing)\b/i, "hours"],
  [/\b(price|prices|cost|how much|rate|fee)\b/i, "pricing"],
  [/\b(door|code|access|locked|get in)\b/i, "access"],
  [/\b(broken|not working|frozen|screen|projector|error)\b/i, "tech_issue"],
  [/\b(member|membership)\b/i, "membership"],
];

/** What the fake "model" makes of an exchange: the texts as they are, keywords from the question. */
export function deriveFakePatternReply(
  customerText: string,
  replyText: string,
): OpenAIPatternReply {
  const keywords = [
    ...new Set(tokenize(customerText).filter((w) => w.length > 3 && !stopWords.has(w))),
  ]
    .filter((w) => !w.startsWith("{{"))
    .slice(0, 5);
  return {
    type: typeHints.find(([hint]) => hint.test(customerText))?.[1] ?? "general",
    triggerText: customerText.trim() || "(empty)",
    triggerKeywords: keywords,
    responseTemplate: replyText.trim() || "(empty)",
    actionTemplate: null,
  };
}

function messageText(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content
      .map((part: unknown) =>
        typeof part === "object" && part !== null && "text" in part ? String(part.text) : "",
      )
      .join("");
  }
  return "";
}

function defaultChatCompletion(body: FakeOpenAIRequestBody) {
  const user = [...(body.messages ?? [])].reverse().find((message) => message.role === "user");
  const text = messageText(user?.content);
  let customerText = text;
  let replyText = text;
  try {
    const exchange = JSON.parse(text) as { customerMessage?: unknown; operatorReply?: unknown };
    if (typeof exchange.customerMessage === "string") customerText = exchange.customerMessage;
    if (typeof exchange.operatorReply === "string") replyText = exchange.operatorReply;
  } catch {
    // Not our exchange format: the whole message stands for both texts.
  }
  const promptText = (body.messages ?? []).map((m) => messageText(m.content)).join("\n");
  return buildChatCompletion(JSON.stringify(deriveFakePatternReply(customerText, replyText)), {
    model: body.model ?? "gpt-4o-mini",
    promptTokens: Math.ceil(promptText.length / 4),
  });
}

function errorBody(message: string, type: string, code: string | null) {
  return { error: { message, type, param: null, code } };
}

const defaultAnswers: Record<string, (body: FakeOpenAIRequestBody) => unknown> = {
  "/v1/chat/completions": defaultChatCompletion,
};

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function startFakeOpenAIServer(
  opts: { apiKey?: string } = {},
): Promise<FakeOpenAIServer> {
  const requests: FakeOpenAIRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let handler: (body: FakeOpenAIRequestBody, path: string) => FakeOpenAIResponse | undefined = () =>
    undefined;

  const send = (
    res: ServerResponse,
    status: number,
    payload: string,
    headers: Record<string, string> = {},
  ) => {
    // The client may have given up (timeout) while the answer was delayed.
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, {
      "content-type": "application/json",
      "x-request-id": `req_${randomUUID().replace(/-/g, "")}`,
      ...headers,
    });
    res.end(payload);
  };

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const text = await readBody(req);
    let body: unknown;
    try {
      body = text === "" ? {} : JSON.parse(text);
    } catch {
      send(res, 400, JSON.stringify(errorBody("Invalid JSON body", "invalid_request_error", null)));
      return;
    }
    const authorization = req.headers.authorization;
    requests.push(authorization === undefined ? { path, body } : { path, body, authorization });

    if (opts.apiKey !== undefined && authorization !== `Bearer ${opts.apiKey}`) {
      const message =
        "Incorrect API key provided. You can find your API key in your account settings.";
      send(
        res,
        401,
        JSON.stringify(errorBody(message, "invalid_request_error", "invalid_api_key")),
      );
      return;
    }
    const defaultAnswer = req.method === "POST" ? defaultAnswers[path] : undefined;
    if (defaultAnswer === undefined) {
      const message = `Invalid URL (${req.method ?? "GET"} ${path})`;
      send(res, 404, JSON.stringify(errorBody(message, "invalid_request_error", null)));
      return;
    }

    const requestBody = (
      typeof body === "object" && body !== null ? body : {}
    ) as FakeOpenAIRequestBody;
    const response = handler(requestBody, path) ?? {};
    const status = response.status ?? 200;
    const payload = (): string => {
      if (response.raw !== undefined) return response.raw;
      if (response.json !== undefined) return JSON.stringify(response.json);
      if (status >= 400) {
        return JSON.stringify(errorBody(`Fake error ${status}`, "server_error", null));
      }
      return JSON.stringify(defaultAnswer(requestBody));
    };
    if (response.delayMs === undefined || response.delayMs <= 0) {
      send(res, status, payload(), response.headers);
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(res, status, payload(), response.headers);
    }, response.delayMs);
    timers.add(timer);
    // A client that timed out has hung up: nothing left to answer.
    res.on("close", () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
  };

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      send(res, 500, JSON.stringify(errorBody(String(error), "server_error", null)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    respondWith(next) {
      handler = next;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
