/**
 * The Jira-id change (SPEC §6): popugs used to write "[UBERPOP-42] Title". Splits such a title into its
 * Jira id and the rest. A title without a leading bracketed part is returned unchanged.
 */
export function splitJiraTitle(title: string): { jiraId: string | null; title: string } {
  const match = /^\s*\[([^[\]]+)\]\s*(.*)$/s.exec(title);
  if (!match) return { jiraId: null, title: title.trim() };
  const rest = match[2].trim();
  return { jiraId: match[1].trim(), title: rest.length > 0 ? rest : match[1].trim() };
}
