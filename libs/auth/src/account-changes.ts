import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { accountsTable, listenForChanges, ping } from './account-states.queries';

export interface AccountsCopy {
  databaseUrl: string;
  /** The service's schema: its copy is `<schema>.accounts`. */
  schema: string;
  applicationName: string;
  /** Wait before reconnecting a lost listener (default 1 s). */
  retryMs?: number;
}

/** How often the listening connection must answer, and how long it may take. */
const HEARTBEAT_MS = 5_000;

/**
 * A dedicated connection LISTENing to the changes of a service's copy of the accounts (ADR 0017). `live` only
 * while it listens on a copy that has its change trigger. `onReset` runs on every notification, when the feed goes
 * live, and when the connection is lost (a change committed while nobody listened is never heard): whoever caches
 * the copy drops everything then, and trusts a cache only while `live`.
 */
export class AccountChanges {
  live = false;
  private client: Client | null = null;
  private retry: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly logger = new Logger(AccountChanges.name);

  constructor(
    private readonly copy: AccountsCopy,
    private readonly onReset: () => void,
  ) {}

  /** Resolves once the first connection is listening, or has failed (it is then retried in the background). */
  start(): Promise<void> {
    return this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.drop();
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new Client({
      connectionString: this.copy.databaseUrl,
      application_name: this.copy.applicationName,
      keepAlive: true,
      query_timeout: HEARTBEAT_MS,
    });
    this.client = client;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', () => this.onReset());
    try {
      await client.connect();
      const present = await listenForChanges(client, this.copy.schema);
      if (this.client !== client) return;
      if (!present) {
        this.logger.log(`${accountsTable(this.copy.schema)} sends no changes: every request reads it`);
        this.client = null;
        await client.end();
        return;
      }
      this.live = true;
      this.onReset();
      // A connection that died without a word (no RST) would leave the cache unwatched: it must answer.
      this.heartbeat = setInterval(
        () => void ping(client).catch(() => this.lost(client)),
        HEARTBEAT_MS,
      ).unref();
    } catch {
      this.lost(client);
    }
  }

  private lost(client: Client): void {
    if (this.client !== client) return;
    if (this.live)
      this.logger.warn('lost the account changes feed: every request reads the copy until it is back');
    this.drop();
    client.end().catch(() => undefined);
    if (!this.stopped) this.retry = setTimeout(() => void this.connect(), this.copy.retryMs ?? 1_000);
  }

  private drop(): void {
    clearInterval(this.heartbeat);
    this.client = null;
    this.live = false;
    this.onReset();
  }
}
