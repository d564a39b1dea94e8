import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError } from "~/components/field";
import { CSV_ENCODINGS } from "~/domain/spreadsheet-cells";
import { checkRows, commitImport, guessMapping, IMPORT_FIELDS, loadImport, readMapping, readSpreadsheet, storeImport, type Mapping } from "~/services/action-import.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePlanMember, type PlanAccess } from "~/services/plan-access.server";
import styles from "~/styles/actions.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Import actions · Taskforce" }];

/** The upload form's encoding choice: detection, or one of the encodings the reader knows. */
const EncodingChoice = z.enum(["auto", ...CSV_ENCODINGS]);

/** Problems shown on the page; the count says how many more there are. */
const SHOWN_PROBLEMS = 300;

function requireImporter(access: PlanAccess) {
  // Coordinators create anywhere and sector leads in their sector; each row is checked again.
  if (!hasPermission(access, "action.create", { sector: access.actor.sector })) throw new Response("Forbidden", { status: 403 });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requireImporter(access);
  const url = new URL(request.url);
  const batchId = url.searchParams.get("batch");
  const fields = IMPORT_FIELDS.map((f) => ({ key: f.key, required: "required" in f && f.required === true }));
  if (!batchId) return { planId: access.plan.id, fields, batch: null, expired: false };
  const batch = await loadImport(context.services, access, batchId);
  if (!batch) return { planId: access.plan.id, fields, batch: null, expired: true };
  const { headers, rows } = batch.content;
  const mapping: Mapping = readMapping(url.searchParams, headers.length) ?? guessMapping(headers);
  const checked = await checkRows(context.services, access, batch.content, mapping);
  const problems = checked.rows.flatMap((r) => r.problems);
  return {
    planId: access.plan.id,
    fields,
    expired: false,
    batch: {
      id: batchId,
      fileName: batch.fileName,
      encoding: batch.content.encoding ?? null,
      headers,
      sample: rows.slice(0, 5).map((r) => r.map((c) => (typeof c === "string" ? c : c.formula))),
      mapping,
      mappingProblems: checked.mappingProblems,
      total: rows.length,
      valid: checked.rows.filter((r) => r.input !== null).length,
      problems: problems.slice(0, SHOWN_PROBLEMS),
      moreProblems: Math.max(0, problems.length - SHOWN_PROBLEMS),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requireImporter(access);
  const form = await request.formData();
  const intent = form.get("intent");
  const base = `/plans/${access.plan.id}/actions`;
  try {
    if (intent === "upload") {
      const file = form.get("file");
      if (!(file instanceof File) || file.size === 0) return data({ ok: false as const, errors: { file: "actions:errors.file" } }, { status: 400 });
      const encoding = EncodingChoice.safeParse(form.get("encoding") ?? "auto");
      if (!encoding.success) return data({ ok: false as const, errors: { _form: "common:errors.invalid" } }, { status: 400 });
      const content = await readSpreadsheet(context.services, file, encoding.data);
      const id = await storeImport(context.services, access, file.name, content);
      throw redirect(`${base}/import?batch=${id}`);
    }
    if (intent === "commit") {
      const batchId = String(form.get("batch") ?? "");
      const batch = await loadImport(context.services, access, batchId);
      if (!batch) return data({ ok: false as const, errors: { _form: "actions:import.expired" } }, { status: 410 });
      const mapping = readMapping(form, batch.content.headers.length) ?? guessMapping(batch.content.headers);
      const result = await commitImport(context.services, access, batchId, mapping, form.get("strict") === "on");
      throw redirect(`${base}?imported=${result.imported}&sort=updated&dir=desc`);
    }
    return data({ ok: false as const, errors: { _form: "common:errors.invalid" } }, { status: 400 });
  } catch (error) {
    if (error instanceof ServiceError) return data({ ok: false as const, errors: { [error.field]: error.messageKey } }, { status: error.status });
    throw error;
  }
}

export default function ImportActions() {
  const { t } = useTranslation("actions");
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state !== "idle";
  const submit = useSubmit();
  const errors: Record<string, string | undefined> = result?.errors ?? {};
  const { batch, planId } = loaded;
  return (
    <section aria-labelledby="import-title" className="action-page">
      <p className="no-print">
        <Link to={`/plans/${planId}/actions`}>{t("detail.back")}</Link>
      </p>
      <h1 id="import-title">{t("import.title")}</h1>
      <FormError error={errors._form} />
      {loaded.expired ? <p className="notice">{t("import.expired")}</p> : null}
      <section className="card" aria-labelledby="upload-title">
        <h2 id="upload-title">{t("import.uploadTitle")}</h2>
        <p>{t("import.intro")}</p>
        <p className="muted">{t("import.template")}</p>
        <p className="muted">{t("import.formulaNote")}</p>
        <Form method="post" encType="multipart/form-data" noValidate>
          <input type="hidden" name="intent" value="upload" />
          <div className="field">
            <label htmlFor="import-file">{t("import.file")}</label>
            <input
              id="import-file"
              type="file"
              name="file"
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              required
              aria-invalid={errors.file ? true : undefined}
              aria-describedby={errors.file ? "import-file-error" : undefined}
            />
            {errors.file ? (
              <p className="field-error" id="import-file-error">
                {t(errors.file)}
              </p>
            ) : null}
          </div>
          <div className="field">
            <label htmlFor="import-encoding">{t("import.encodingLabel")}</label>
            <select id="import-encoding" name="encoding" defaultValue="auto" aria-describedby="import-encoding-hint">
              <option value="auto">{t("import.encodingAuto")}</option>
              {CSV_ENCODINGS.map((e) => (
                <option key={e} value={e}>
                  {t(`import.encodings.${e}`)}
                </option>
              ))}
            </select>
            <p className="muted" id="import-encoding-hint">
              {t("import.encodingHint")}
            </p>
          </div>
          <button type="submit" className="button primary" disabled={busy}>
            {t("import.upload")}
          </button>
        </Form>
      </section>

      {batch ? (
        <>
          <section className="card" aria-labelledby="mapping-title">
            <h2 id="mapping-title">
              {t("import.mapping")} · {batch.fileName}
            </h2>
            {/* A GET form: the mapping is in the URL, and changing a column re-checks every row. */}
            <Form method="get" onChange={(e) => submit(e.currentTarget, { replace: true, preventScrollReset: true })}>
              <input type="hidden" name="batch" value={batch.id} />
              <div className="import-mapping">
                {loaded.fields.map((f) => (
                  <div className="field" key={f.key}>
                    <label htmlFor={`map-${f.key}`}>
                      {t(`fields.${importLabel(f.key)}`)}
                      {f.required ? " *" : ""}
                    </label>
                    <select id={`map-${f.key}`} name={`map.${f.key}`} defaultValue={batch.mapping[f.key as keyof typeof batch.mapping] ?? ""}>
                      <option value="">{t("import.ignore")}</option>
                      {batch.headers.map((h, i) => (
                        <option key={i} value={i}>
                          {h || `#${i + 1}`}
                        </option>
                      ))}
                    </select>
                  </div>
                ))}
              </div>
              <noscript>
                <button type="submit" className="button">
                  {t("import.recheck")}
                </button>
              </noscript>
            </Form>
            <h3>{t("import.preview")}</h3>
            {batch.encoding ? (
              <p className="muted" data-testid="import-encoding">
                {t(batch.encoding.detected ? "import.encodingDetected" : "import.encodingChosen", { name: batch.encoding.name })}
              </p>
            ) : null}
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    {batch.headers.map((h, i) => (
                      <th scope="col" key={i}>
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {batch.sample.map((r, i) => (
                    <tr key={i}>
                      {r.map((c, j) => (
                        <td key={j}>{c}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card" aria-labelledby="check-title">
            <h2 id="check-title">{t("import.summary", { valid: batch.valid, total: batch.total, invalid: batch.total - batch.valid })}</h2>
            {batch.mappingProblems.map((p) => (
              <p key={p} className="form-error">
                {t(p)}
              </p>
            ))}
            {batch.problems.length ? (
              <>
                <h3>{t("import.errorsTitle")}</h3>
                <table className="table import-errors">
                  <thead>
                    <tr>
                      <th scope="col">{t("import.row")}</th>
                      <th scope="col">{t("import.column")}</th>
                      <th scope="col">{t("import.problem")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {batch.problems.map((p, i) => (
                      <tr key={i}>
                        <td>{p.row}</td>
                        <td>{t(`fields.${importLabel(p.field)}`)}</td>
                        <td>
                          {t(p.key, { value: p.value ?? "" })}
                          {p.value && p.key !== "actions:errors.formula" ? <span className="muted"> ({p.value})</span> : null}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {batch.moreProblems ? <p>{t("import.moreErrors", { count: batch.moreProblems })}</p> : null}
              </>
            ) : null}
            <Form method="post">
              <input type="hidden" name="intent" value="commit" />
              <input type="hidden" name="batch" value={batch.id} />
              {Object.entries(batch.mapping).map(([k, v]) => (
                <input key={k} type="hidden" name={`map.${k}`} value={String(v)} />
              ))}
              <label className="check">
                <input type="checkbox" name="strict" />
                {t("import.strict")}
              </label>
              <p>
                <button type="submit" className="button primary" disabled={busy || batch.valid === 0 || batch.mappingProblems.length > 0}>
                  {t("import.confirm", { count: batch.valid })}
                </button>
              </p>
            </Form>
          </section>
        </>
      ) : null}
    </section>
  );
}

/** Import fields that share a label with the action form. */
function importLabel(key: string): string {
  const labels: Record<string, string> = {
    organisation: "organisationId",
    assignee: "assigneeId",
    indicator: "indicatorName",
    baseline: "indicatorBaseline",
    target: "indicatorTarget",
    unit: "indicatorUnit",
    dataSource: "indicatorSource",
    row: "title",
  };
  return labels[key] ?? key;
}
