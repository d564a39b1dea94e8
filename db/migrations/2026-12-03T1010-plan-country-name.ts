import type { Kysely } from "kysely";

// Frozen: never edit a migration that has shipped; add a new one.
// The name a plan shows for its country or territory. Empty: the standard name of the ISO code in
// the reader's language. Needed for a code without a name, such as ZZ for a fictional country in
// a demo or a training, which Intl would call "Unknown Region".
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("plan")
    .addColumn("country_name", "text", (c) => c.notNull().defaultTo(""))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("plan").dropColumn("country_name").execute();
}
