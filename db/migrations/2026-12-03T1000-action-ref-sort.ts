import { sql, type Kysely } from "kysely";
import { isPostgres } from "../connect";

// Frozen: never edit a migration that has shipped; add a new one.
// References sort part by part, numbers as numbers (1.4, 2.1, 10.1), not as text (1.4, 10.1, 2.1).
// The register sorts and pages in SQL, so each action carries a sort key that plain byte order
// sorts right; the services fill it on every write (refSortKey in app/domain/actions.ts).
// PostgreSQL would otherwise compare it with the database's locale collation, which may skip
// punctuation: the column is declared with the "C" collation, SQLite's BINARY order.

/** The key as app/domain/actions.ts defined it when this migration was written (frozen copy). */
function refSortKey(ref: string): string {
  return ref
    .trim()
    .toLowerCase()
    .replace(/\d+/g, (run) => {
      const digits = run.replace(/^0+(?=\d)/, "");
      return String(digits.length).padStart(2, "0") + digits;
    });
}

export async function up(db: Kysely<any>): Promise<void> {
  const collate = isPostgres(db) ? sql`collate "C"` : sql``;
  await db.schema
    .alterTable("action")
    .addColumn("ref_sort", "text", (c) => c.notNull().defaultTo("").modifyEnd(collate))
    .execute();
  const rows = await db.selectFrom("action").select(["id", "ref"]).execute();
  for (const r of rows as Array<{ id: string; ref: string }>) {
    await db.updateTable("action").set({ ref_sort: refSortKey(r.ref) }).where("id", "=", r.id).execute();
  }
  await db.schema.createIndex("action_plan_ref_sort_idx").on("action").columns(["plan_id", "ref_sort"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("action_plan_ref_sort_idx").execute();
  await db.schema.alterTable("action").dropColumn("ref_sort").execute();
}
