/** Values from the database as page text: escaped, and times the way a person reads them. */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value: unknown): string {
  return String(value ?? "").replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** `1999-04-12T08:15:00` → `1999-04-12 08:15`; seconds kept when not zero. */
export function showTime(iso: string | null): string {
  if (!iso) return "—";
  const [date, time = ""] = iso.split("T");
  return time === "" ? date : `${date} ${time.endsWith(":00") ? time.slice(0, 5) : time}`;
}
