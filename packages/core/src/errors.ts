// The one error hierarchy of the domain; the API maps `code` to HTTP/tRPC status in one place.
export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "TOO_MANY_REQUESTS"
  | "UNAVAILABLE";

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export const badRequest = (message: string) => new AppError("BAD_REQUEST", message);
export const unauthorized = (message = "Sign in first") => new AppError("UNAUTHORIZED", message);
export const forbidden = (message = "Your role does not allow this") =>
  new AppError("FORBIDDEN", message);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} not found`);
export const conflict = (message: string) => new AppError("CONFLICT", message);
export const tooManyRequests = (message: string) => new AppError("TOO_MANY_REQUESTS", message);

/**
 * The innermost cause of an error, for logs and error columns. A failed query's own error repeats the query and
 * its parameters (customers' texts and numbers), which belong in neither.
 */
export function rootCause(error: unknown): Error {
  let root: unknown = error;
  while (root instanceof Error && root.cause instanceof Error) root = root.cause;
  return root instanceof Error ? root : new Error(String(root));
}
