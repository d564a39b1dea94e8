import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { openDatabase, type DatabaseOptions, type DB } from "../../db/connect";
import { migrateToLatest } from "../../db/migrate";

/**
 * A fresh, empty, migrated database for one test file: a new SQLite file, or a new schema
 * in the PostgreSQL database named by TASKFORCE_TEST_PG (set by `npm test` for its second pass).
 */
export interface TestDatabase {
  options: DatabaseOptions;
  kind: "sqlite" | "postgres";
  /** Opens a migrated connection (the caller destroys it). */
  connect(): Promise<DB>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const pgUrl = process.env.TASKFORCE_TEST_PG;
  if (pgUrl) {
    const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 1 }) }) });
    await sql`create schema ${sql.id(schema)}`.execute(admin);
    await admin.destroy();
    const options: DatabaseOptions = { databaseUrl: pgUrl, pgSchema: schema };
    return {
      options,
      kind: "postgres",
      connect: () => connectMigrated(options),
      async drop() {
        const a = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: pgUrl, max: 1 }) }) });
        await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(a);
        await a.destroy();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "taskforce-test-"));
  const options: DatabaseOptions = { sqlitePath: path.join(dir, "taskforce.db") };
  return {
    options,
    kind: "sqlite",
    connect: () => connectMigrated(options),
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function connectMigrated(options: DatabaseOptions): Promise<DB> {
  const { db } = openDatabase(options);
  await migrateToLatest(db);
  return db;
}
