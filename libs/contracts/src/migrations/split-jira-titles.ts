/**
 * `splitJiraTitle` (`../jira-id.ts`) in SQL, for the migration of data written before the change: sets `jira_id`
 * and strips the bracketed prefix of every `title` in `table` that still starts with one (rows with a `jira_id`
 * already are left alone).
 */
export function splitJiraTitlesSql(table: string): string {
  return `UPDATE ${table} AS t
     SET jira_id = btrim(m.parts[1]),
         title = CASE WHEN btrim(m.parts[2]) <> '' THEN btrim(m.parts[2]) ELSE btrim(m.parts[1]) END
    FROM (SELECT ctid AS row_id, regexp_match(title, '^\\s*\\[([^][]+)\\]\\s*(.*)$') AS parts
            FROM ${table} WHERE jira_id IS NULL AND title ~ '^\\s*\\[') AS m
   WHERE t.ctid = m.row_id AND m.parts IS NOT NULL`;
}
