/**
 * Tokens withdrawn before they expire (AUTH_REVOKED, docs/SECURITY.md): by token id
 * (`jti`), or every token of a subject (`sub:<subject>`). The list is read from the
 * environment, so it is checked on every request without a call to anything.
 */
import { Subject } from "../../events/caller";

export type Revocations = { ids: ReadonlySet<string>; subjects: ReadonlySet<string> };

export const NO_REVOCATIONS: Revocations = { ids: new Set(), subjects: new Set() };

/**
 * Reads a list of entries separated by commas, spaces or new lines: a token id, or
 * `sub:` and a subject. Entries that could never match a token are returned as ignored.
 */
export function parseRevocations(text: string): { revocations: Revocations; ignored: string[] } {
  const ids = new Set<string>();
  const subjects = new Set<string>();
  const ignored: string[] = [];
  for (const entry of text.split(/[\s,]+/).filter((e) => e !== "")) {
    const subject = entry.startsWith("sub:") ? entry.slice(4) : null;
    const name = subject ?? entry;
    if (!Subject.safeParse(name).success) ignored.push(entry);
    else if (subject !== null) subjects.add(subject);
    else ids.add(entry);
  }
  return { revocations: { ids, subjects }, ignored };
}

/** Whether the token with this id, issued to this subject, has been revoked. */
export function isRevoked(revocations: Revocations, id: string, subject: string): boolean {
  return revocations.ids.has(id) || revocations.subjects.has(subject);
}
