import { data } from "@remix-run/node";
import type { z } from "zod";
import { hasControlCharacter } from "./plain-text";

/** Field name → message key (namespaced, e.g. "common:errors.required"), shown next to the field. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Parses form data with a zod schema whose messages are catalogue keys. The one way every
 * route reads its input: bad input becomes field errors, never an exception. Every field, in
 * the schema or not, is refused when it holds a control character (app/utils/plain-text.ts):
 * PostgreSQL cannot store NUL, and the rest have no place in text.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  const errors: FieldErrors = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
    if (hasControlCharacter(key) || all.some((v) => typeof v === "string" && hasControlCharacter(v))) {
      errors[hasControlCharacter(key) ? "_form" : key] = "common:errors.controlCharacter";
      errors._form ??= "common:errors.controlCharacterForm";
    }
  }
  const result = schema.safeParse(raw);
  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data };
  for (const issue of result.success ? [] : result.error.issues) {
    const field = issue.path.join(".") || "_form";
    if (!errors[field]) errors[field] = /^[a-z-]+:[A-Za-z0-9_.]+$/.test(issue.message) ? issue.message : "common:errors.invalid";
  }
  return { ok: false, errors };
}

/**
 * A single value read straight from a form (ids in hidden fields): "" when absent, a file, or
 * holding a control character, so it matches nothing rather than reaching the database.
 */
export function formString(formData: FormData, name: string): string {
  const v = formData.get(name);
  return typeof v === "string" && !hasControlCharacter(v) ? v : "";
}

/** 400 with field errors: the one error shape for forms. */
export function badRequest(errors: FieldErrors, status = 400) {
  return data({ ok: false as const, errors }, { status });
}
