import { z } from "zod";

/**
 * Field schemas shared by the services' form parsers (app/utils/forms.ts parses with them).
 * Messages are catalogue keys.
 */

/** Text, trimmed; a missing field is "". */
export const text = (max: number) => z.preprocess((v) => (v == null ? "" : v), z.string().trim().max(max, { error: "common:errors.tooLong" }));

/** A repeated field (checkboxes, multi-selects): always an array, [] when absent or empty. */
export const list = ({ itemMax, countMax }: { itemMax: number; countMax?: number }) => {
  const items = z.array(z.string().max(itemMax));
  return z.preprocess((v) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]), countMax === undefined ? items : items.max(countMax));
};

/** An optional reference to a row: null when absent or "". */
export const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), z.string().max(64).nullable());
