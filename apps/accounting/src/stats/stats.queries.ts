import { col, queryRows, rowOf } from '@ates/database';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DayStats, dayStats } from './stats.rules';

const DAY = rowOf('day figures', {
  date: col.date,
  assignmentFees: col.int,
  completionRewards: col.int,
  payouts: col.int,
});

/**
 * Company-wide figures per business day in ATES_TIMEZONE, in one set-based query: fees and rewards are
 * summed by the time they were posted (an index-only range scan of entries_time_idx), payouts by the
 * business date of the cycle they closed. Days without activity are zeros, never missing.
 */
@Injectable()
export class StatsQueries {
  constructor(private readonly db: DataSource) {}

  async daily(from: string, to: string, timeZone: string): Promise<DayStats[]> {
    const rows = await queryRows(
      this.db,
      DAY,
      `WITH days AS (
         SELECT d::date AS day FROM generate_series($1::date::timestamp, $2::date::timestamp, interval '1 day') AS d
       ), activity AS (
         SELECT (created_at AT TIME ZONE $3)::date AS day,
                coalesce(sum(debit) FILTER (WHERE kind = 'assignment_fee'), 0) AS fees,
                coalesce(sum(credit) FILTER (WHERE kind = 'completion_reward'), 0) AS rewards
           FROM accounting.entries
          WHERE created_at >= $1::date::timestamp AT TIME ZONE $3
            AND created_at < ($2::date + 1)::timestamp AT TIME ZONE $3
          GROUP BY 1
       ), paid AS (
         SELECT business_date AS day, sum(total_paid) AS payouts
           FROM accounting.billing_cycles
          WHERE status = 'closed' AND business_date BETWEEN $1::date AND $2::date
          GROUP BY 1
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS date, coalesce(activity.fees, 0) AS "assignmentFees",
              coalesce(activity.rewards, 0) AS "completionRewards", coalesce(paid.payouts, 0) AS payouts
         FROM days
         LEFT JOIN activity USING (day)
         LEFT JOIN paid USING (day)
        ORDER BY days.day`,
      [from, to, timeZone],
    );
    return rows.map(dayStats);
  }
}
