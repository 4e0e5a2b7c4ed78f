// Options as a caller gives them: a key set to undefined means "the default", as if it were left out.

/** `o` without its undefined entries, so that spreading it over defaults keeps the defaults for those keys. */
export function definedEntries<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
