import { data } from "@remix-run/node";
import type { z } from "zod";

/** Field name → message key (namespaced, e.g. "common:errors.required"), shown next to the field. */
export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/**
 * Parses form data with a zod schema whose messages are catalogue keys. The one way every
 * route reads its input: bad input becomes field errors, never an exception.
 */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData): FormResult<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).map((v) => (typeof v === "string" ? v : v));
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.join(".") || "_form";
    if (!errors[field]) errors[field] = /^[a-z-]+:[A-Za-z0-9_.]+$/.test(issue.message) ? issue.message : "common:errors.invalid";
  }
  return { ok: false, errors };
}

/** 400 with field errors: the one error shape for forms. */
export function badRequest(errors: FieldErrors, status = 400) {
  return data({ ok: false as const, errors }, { status });
}
