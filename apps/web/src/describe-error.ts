import { isTRPCClientError } from "./trpc";

/** A sentence for the user about why a call failed: the server's own message when there is one. */
export function describeError(error: unknown): string {
  if (isTRPCClientError(error)) {
    // Without a tRPC error body the request never reached the API, or something else answered.
    if (!error.data) return "Cannot reach the Playbook server. Check the connection and try again.";
    return error.message;
  }
  return error instanceof Error ? error.message : "Something went wrong.";
}
