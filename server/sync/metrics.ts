/**
 * Counters of the sync server, exposed in Prometheus text format at /admin/metrics. Plain
 * numbers incremented by the server; `updatesPerSecond` is a 10-second sliding average.
 */
export class SyncMetrics {
  connectionsOpen = 0;
  connectionsTotal = 0;
  documentsLoaded = 0;
  documentLoadsTotal = 0;
  updatesStored = 0;
  updatesDropped = 0;
  bytesStored = 0;
  snapshotsWritten = 0;
  versionsWritten = 0;
  messagesReceived = 0;
  messagesSent = 0;
  readonly refusals = new Map<string, number>();
  readonly closes = new Map<number, number>();
  private readonly window: number[] = [];

  refused(reason: string): void {
    this.refusals.set(reason, (this.refusals.get(reason) ?? 0) + 1);
  }

  closed(code: number): void {
    this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
  }

  stored(count: number, bytes: number, now = Date.now()): void {
    this.updatesStored += count;
    this.bytesStored += bytes;
    for (let i = 0; i < count; i++) this.window.push(now);
    this.trim(now);
  }

  updatesPerSecond(now = Date.now()): number {
    this.trim(now);
    return this.window.length / 10;
  }

  private trim(now: number): void {
    while (this.window.length > 0 && this.window[0]! < now - 10_000) this.window.shift();
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const lines: string[] = [];
    const metric = (name: string, type: "counter" | "gauge", help: string, samples: Array<[string, number]>) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric("taskforce_sync_connections", "gauge", "Open sync connections.", [["", this.connectionsOpen]]);
    metric("taskforce_sync_connections_total", "counter", "Sync connections accepted.", [["", this.connectionsTotal]]);
    metric("taskforce_sync_documents_loaded", "gauge", "Documents held in memory.", [["", this.documentsLoaded]]);
    metric("taskforce_sync_document_loads_total", "counter", "Documents loaded from the database.", [["", this.documentLoadsTotal]]);
    metric("taskforce_sync_updates_stored_total", "counter", "Document updates written to the database.", [["", this.updatesStored]]);
    metric("taskforce_sync_updates_per_second", "gauge", "Updates stored per second, 10 s average.", [["", this.updatesPerSecond()]]);
    metric("taskforce_sync_updates_dropped_total", "counter", "Updates dropped from read-only connections.", [["", this.updatesDropped]]);
    metric("taskforce_sync_bytes_stored_total", "counter", "Bytes of document updates written.", [["", this.bytesStored]]);
    metric("taskforce_sync_snapshots_total", "counter", "Compactions of an update log into a snapshot.", [["", this.snapshotsWritten]]);
    metric("taskforce_sync_versions_total", "counter", "Versions kept (automatic and named).", [["", this.versionsWritten]]);
    metric("taskforce_sync_messages_received_total", "counter", "Protocol messages received.", [["", this.messagesReceived]]);
    metric("taskforce_sync_messages_sent_total", "counter", "Protocol messages sent.", [["", this.messagesSent]]);
    metric(
      "taskforce_sync_refusals_total",
      "counter",
      "Upgrades refused, by reason.",
      [...this.refusals].map(([reason, n]) => [`{reason="${reason}"}`, n]),
    );
    metric(
      "taskforce_sync_closes_total",
      "counter",
      "Connections closed, by WebSocket close code.",
      [...this.closes].map(([code, n]) => [`{code="${code}"}`, n]),
    );
    return lines.join("\n") + "\n";
  }
}
