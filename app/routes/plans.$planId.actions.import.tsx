import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FormError } from "~/components/field";
import { CSV_ENCODINGS, DATE_ORDERS, parseDay, type DateOrder } from "~/domain/spreadsheet-cells";
import { useFormat } from "~/i18n/format";
import {
  checkRows,
  commitImport,
  guessMapping,
  IMPORT_FIELDS,
  loadImport,
  loadImportResult,
  readMapping,
  readSpreadsheet,
  rowCounts,
  storeImport,
  type Mapping,
} from "~/services/action-import.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePlanMember, type PlanAccess } from "~/services/plan-access.server";
import styles from "~/styles/actions.css?url";
import { formString } from "~/utils/forms";
import { withoutControlCharacters } from "~/utils/plain-text";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Import actions · Taskforce" }];

/** The upload form's encoding choice: detection, or one of the encodings the reader knows. */
const EncodingChoice = z.enum(["auto", ...CSV_ENCODINGS]);

/** How numeric dates are read, when the person chose (`dates=dmy|mdy` in the URL or the form). */
const DateOrderChoice = z.enum(DATE_ORDERS as [DateOrder, ...DateOrder[]]);
const readDateOrder = (v: FormDataEntryValue | null) => DateOrderChoice.safeParse(v).data;

/** Problems and changes shown on the page; the count says how many more there are. */
const SHOWN_PROBLEMS = 300;
const SHOWN_CHANGES = 300;

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
  const done = url.searchParams.get("done");
  const imported = done ? await loadImportResult(context.services, access, done) : null;
  if (!batchId) return { planId: access.plan.id, fields, batch: null, expired: false, imported };
  const batch = await loadImport(context.services, access, batchId);
  if (!batch) return { planId: access.plan.id, fields, batch: null, expired: true, imported };
  const { headers, rows } = batch.content;
  const mapping: Mapping = readMapping(url.searchParams, headers.length) ?? guessMapping(headers);
  const checked = await checkRows(context.services, access, batch.content, mapping, readDateOrder(url.searchParams.get("dates")));
  const problems = checked.rows.flatMap((r) => r.problems);
  const changes = checked.rows.flatMap((r) => (r.update ? r.update.changes.map((c) => ({ row: r.row, ref: r.update!.ref, ...c })) : []));
  const sample = rows.slice(0, 5);
  // Dates as they will be stored, beside the text of the file (03/04/2027 → 3 April 2027).
  const dateColumns = new Set([mapping.startDate, mapping.dueDate].filter((i): i is number => i !== undefined));
  return {
    planId: access.plan.id,
    fields,
    expired: false,
    imported,
    batch: {
      id: batchId,
      fileName: batch.fileName,
      encoding: batch.content.encoding ?? null,
      headers,
      sample: sample.map((r) =>
        r.map((c, j) => {
          const text = typeof c === "string" ? c : c.formula;
          return { text, day: dateColumns.has(j) && typeof c === "string" && text ? parseDay(text, checked.dateOrder) : null };
        }),
      ),
      mapping,
      dateOrder: checked.dateOrder,
      dateOrderAsked: checked.dateOrderAsked,
      dateOrderChosen: readDateOrder(url.searchParams.get("dates")) ?? null,
      mappingProblems: checked.mappingProblems,
      counts: rowCounts(checked.rows),
      problems: problems.slice(0, SHOWN_PROBLEMS),
      moreProblems: Math.max(0, problems.length - SHOWN_PROBLEMS),
      changes: changes.slice(0, SHOWN_CHANGES),
      moreChanges: Math.max(0, changes.length - SHOWN_CHANGES),
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
      const id = await storeImport(context.services, access, withoutControlCharacters(file.name), content);
      throw redirect(`${base}/import?batch=${id}`);
    }
    if (intent === "commit") {
      const batchId = formString(form, "batch");
      const batch = await loadImport(context.services, access, batchId);
      if (!batch) return data({ ok: false as const, errors: { _form: "actions:import.expired" } }, { status: 410 });
      const mapping = readMapping(form, batch.content.headers.length) ?? guessMapping(batch.content.headers);
      await commitImport(context.services, access, batchId, mapping, form.get("strict") === "on", readDateOrder(form.get("dates")));
      // The page after an import says what was created and updated, and lists those actions.
      throw redirect(`${base}/import?done=${batchId}`);
    }
    return data({ ok: false as const, errors: { _form: "common:errors.invalid" } }, { status: 400 });
  } catch (error) {
    if (error instanceof ServiceError) return data({ ok: false as const, errors: { [error.field]: error.messageKey } }, { status: error.status });
    throw error;
  }
}

export default function ImportActions() {
  const { t } = useTranslation("actions");
  const f = useFormat();
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
      {loaded.imported ? (
        <section className="card" aria-labelledby="imported-title">
          {/* Announced: the page a screen reader lands on after the import says what it did. */}
          <div role="status">
            <h2 id="imported-title">
              {t("import.doneCreated", { count: loaded.imported.created.length })} {t("import.doneUpdated", { count: loaded.imported.updated.length })}
            </h2>
          </div>
          {(
            [
              ["created", loaded.imported.created],
              ["updated", loaded.imported.updated],
            ] as const
          ).map(([kind, list]) =>
            list.length ? (
              <div key={kind}>
                <h3>{t(`import.doneList.${kind}`)}</h3>
                <ul className="import-result">
                  {list.map((a) => (
                    <li key={a.id}>
                      <Link to={`/plans/${planId}/actions/${a.id}`}>
                        {a.ref} · {a.title}
                      </Link>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null,
          )}
          <p>
            <Link to={`/plans/${planId}/actions?sort=updated&dir=desc`}>{t("import.doneRegister")}</Link>
          </p>
        </section>
      ) : null}
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
              {batch.dateOrderAsked || batch.dateOrderChosen ? (
                <div className="field">
                  <label htmlFor="import-dates">{t("import.dateOrderLabel")}</label>
                  <select id="import-dates" name="dates" defaultValue={batch.dateOrderChosen ?? ""} aria-describedby="import-dates-hint" aria-invalid={batch.dateOrderChosen ? undefined : true}>
                    <option value="">{t("import.dateOrderAsk")}</option>
                    {DATE_ORDERS.map((o) => (
                      <option key={o} value={o}>
                        {t(`import.dateOrder.${o}`)}
                      </option>
                    ))}
                  </select>
                  <p className="muted" id="import-dates-hint">
                    {t("import.dateOrderHint")}
                  </p>
                </div>
              ) : null}
              <noscript>
                <button type="submit" className="button">
                  {t("import.recheck")}
                </button>
              </noscript>
            </Form>
            <h3 id="preview-title">{t("import.preview")}</h3>
            {batch.encoding ? (
              <p className="muted" data-testid="import-encoding">
                {t(batch.encoding.detected ? "import.encodingDetected" : "import.encodingChosen", { name: batch.encoding.name })}
              </p>
            ) : null}
            {/* Focusable so keyboard users can scroll a wide file sideways. */}
            <div className="table-scroll" role="region" aria-labelledby="preview-title" tabIndex={0}>
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
                        <td key={j}>
                          {c.text}
                          {c.day ? <span className="import-stored"> → {t("import.storedAs", { date: f.date(c.day) })}</span> : null}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section className="card" aria-labelledby="check-title">
            <h2 id="check-title">{t("import.summary", { valid: batch.counts.total - batch.counts.invalid, total: batch.counts.total, invalid: batch.counts.invalid })}</h2>
            <ul className="import-counts">
              <li>{t("import.countCreate", { count: batch.counts.create })}</li>
              <li>{t("import.countUpdate", { count: batch.counts.update })}</li>
              <li>{t("import.countUnchanged", { count: batch.counts.unchanged })}</li>
            </ul>
            {batch.mappingProblems.map((p) => (
              <p key={p} className="form-error">
                {t(p)}
              </p>
            ))}
            {batch.changes.length ? (
              <>
                <h3 id="changes-title">{t("import.changesTitle")}</h3>
                <div className="table-scroll" role="region" aria-labelledby="changes-title" tabIndex={0}>
                  <table className="table import-changes">
                    <thead>
                      <tr>
                        <th scope="col">{t("import.row")}</th>
                        <th scope="col">{t("fields.ref")}</th>
                        <th scope="col">{t("import.column")}</th>
                        <th scope="col">{t("import.changeFrom")}</th>
                        <th scope="col">{t("import.changeTo")}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {batch.changes.map((c, i) => {
                        const show = (v: string) => (!v ? "—" : c.kind === "date" ? f.date(v) : c.kind === "status" ? t(`statuses.${v}`) : v);
                        return (
                          <tr key={i}>
                            <td>{c.row}</td>
                            <td>{c.ref}</td>
                            <td>{t(`fields.${importLabel(c.field)}`)}</td>
                            <td>
                              <del>{show(c.from)}</del>
                            </td>
                            <td>
                              <ins>{show(c.to)}</ins>
                            </td>
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                </div>
                {batch.moreChanges ? <p>{t("import.moreChanges", { count: batch.moreChanges })}</p> : null}
              </>
            ) : null}
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
              {batch.dateOrderChosen ? <input type="hidden" name="dates" value={batch.dateOrderChosen} /> : null}
              <label className="check">
                <input type="checkbox" name="strict" />
                {t("import.strict")}
              </label>
              <p>
                <button type="submit" className="button primary" disabled={busy || batch.counts.create + batch.counts.update === 0 || batch.mappingProblems.length > 0}>
                  {t("import.confirm", { count: batch.counts.create + batch.counts.update })}
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
