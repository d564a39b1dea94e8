import { CompiledQuery, type Compilable, type Kysely, type Transaction } from "kysely";
import type { Database } from "./schema";

type Executor = Kysely<Database> | Transaction<Database>;

/** Stands, in a query built once, for the value passed under its name at each run. */
class Slot {
  constructor(readonly name: string) {}
}

type Binding = Slot | { constant: unknown };

/**
 * A query that Kysely builds and compiles once per dialect (and per `shape`, for queries whose
 * SQL depends on a count); each run only binds new values. For the queries run on every request
 * and every live connection: building a query with Kysely costs about 100 µs, twenty times what
 * SQLite takes to answer a lookup by key. `slot(name)` marks a value; anything else is a constant.
 * Called as `compiledQuery<Values>()(build)`, so the row type is inferred from the query.
 */
export function compiledQuery<V extends Record<string, unknown>>() {
  return <R, S extends string | number = 0>(
    build: (db: Executor, slot: (name: keyof V & string) => never, shape: S) => Compilable<R>,
  ): ((db: Executor, values: V, shape?: S) => Promise<R[]>) => {
    const compiled = new WeakMap<object, Map<S, { sql: string; bindings: Binding[] }>>();
    return async (db, values, shape = 0 as S) => {
      const adapter = db.getExecutor().adapter;
      let byShape = compiled.get(adapter);
      if (!byShape) compiled.set(adapter, (byShape = new Map()));
      let entry = byShape.get(shape);
      if (!entry) {
        const query = build(db, (name) => new Slot(name) as never, shape).compile();
        entry = { sql: query.sql, bindings: query.parameters.map((p) => (p instanceof Slot ? p : { constant: p })) };
        byShape.set(shape, entry);
      }
      const parameters = entry.bindings.map((b) => (b instanceof Slot ? values[b.name] : b.constant));
      return (await db.executeQuery<R>(CompiledQuery.raw(entry.sql, parameters))).rows;
    };
  };
}
