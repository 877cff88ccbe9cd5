// Validates a verb's request with its zod schema, so callers other than tRPC (worker, scripts) are checked too.
import type { z } from "zod";
import { badRequest } from "../errors";

export function parseRequest<S extends z.ZodType>(schema: S, request: z.input<S>): z.output<S> {
  const parsed = schema.safeParse(request);
  if (parsed.success) return parsed.data;
  throw badRequest(
    parsed.error.issues
      .map((issue) =>
        issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message,
      )
      .join("; "),
  );
}
