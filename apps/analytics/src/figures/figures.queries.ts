import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { managementEarnings, RewardedTask } from './figures.rules';

export interface DaySummary {
  date: string;
  managementEarnings: number;
  negativeBalanceAccounts: number;
  currency: 'USD';
}

export interface TopTask extends RewardedTask {
  date: string;
  title: string | null;
  jiraId: string | null;
}

/** The read side of analytics: three indexed queries, none of which grows with the number of past days. */
@Injectable()
export class FiguresQueries {
  constructor(private readonly db: DataSource) {}

  /**
   * A business day's earnings (an index-only range sum over that day's entries) and the accounts below zero at
   * its end (a GiST lookup of the red periods containing its last instant; for today: now).
   */
  async summary(date: string, timeZone: string): Promise<DaySummary> {
    const [row]: { fees: string; rewards: string; red: number }[] = await this.db.query(
      `SELECT coalesce(sum(debit) FILTER (WHERE kind = 'assignment_fee'), 0) AS fees,
              coalesce(sum(credit) FILTER (WHERE kind = 'completion_reward'), 0) AS rewards,
              (SELECT count(*)::int FROM analytics.red_periods
                WHERE period @> least(($1::date + 1)::timestamp AT TIME ZONE $2 - interval '1 microsecond', now())) AS red
         FROM analytics.transactions
        WHERE created_at >= $1::date::timestamp AT TIME ZONE $2
          AND created_at < ($1::date + 1)::timestamp AT TIME ZONE $2`,
      [date, timeZone],
    );
    return {
      date,
      managementEarnings: managementEarnings(Number(row.fees), Number(row.rewards)),
      negativeBalanceAccounts: row.red,
      currency: 'USD',
    };
  }

  /** The top task of each business day in `from..to` that has one, oldest first. */
  async dailyTop(from: string, to: string): Promise<TopTask[]> {
    const rows: {
      date: string;
      task_id: string;
      reward: string;
      completed_at: Date;
      title: string | null;
      jira_id: string | null;
    }[] = await this.db.query(
      `SELECT d.business_date::text AS date, d.task_id, d.reward, d.completed_at, t.title, t.jira_id
         FROM analytics.daily_top_tasks d JOIN analytics.tasks t ON t.public_id = d.task_id
        WHERE d.business_date BETWEEN $1::date AND $2::date
        ORDER BY d.business_date`,
      [from, to],
    );
    return rows.map((r) => ({
      date: r.date,
      taskId: r.task_id,
      reward: Number(r.reward),
      completedAt: r.completed_at.toISOString(),
      title: r.title,
      jiraId: r.jira_id,
    }));
  }
}
