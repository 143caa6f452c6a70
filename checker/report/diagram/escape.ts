const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for HTML or XML, in element content and in quoted attribute values alike:
 * `& < > " '` become entities, and control characters that XML forbids (and that mean nothing
 * in a report) become U+FFFD, so any string a model writes shows as text, never as markup.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd')
    .replace(/[&<>"']/g, (ch) => entities[ch]);
}
