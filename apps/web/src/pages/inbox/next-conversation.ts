// Which conversation the inbox opens next: after an action, or with j/k, in the order of the list shown.

/** The one after `current` (or before, with step -1); the first when `current` is not in the list. */
export function stepConversation(
  ids: readonly string[],
  current: string | undefined,
  step: 1 | -1,
): string | undefined {
  const index = current === undefined ? -1 : ids.indexOf(current);
  if (index === -1) return ids[0];
  return ids[index + step] ?? ids[index];
}

/** After `current` was dealt with: the next one, or the one before when it was last; none when it was alone. */
export function nextAfterDone(ids: readonly string[], current: string): string | undefined {
  const index = ids.indexOf(current);
  const rest = ids.filter((id) => id !== current);
  if (index === -1) return rest[0];
  return ids[index + 1] ?? rest[rest.length - 1];
}
