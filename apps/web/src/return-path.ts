// Where the login page sends a visitor back to after signing in.

/** Where to go after signing in: the page that sent the visitor to the login page, or home. */
export function readReturnPath(state: unknown): string {
  if (typeof state === "object" && state !== null && "from" in state) {
    const from = state.from;
    // "//host" would leave the site: only same-site paths come back.
    if (
      typeof from === "string" &&
      from.startsWith("/") &&
      !from.startsWith("//") &&
      !from.startsWith("/login")
    ) {
      return from;
    }
  }
  return "/";
}
