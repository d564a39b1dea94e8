import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field } from "~/components/field";
import { SelectField, TextAreaField } from "~/components/select-field";
import { todayUtc } from "~/domain/actions";
import { AUDIENCES, EDITION_NAME_MAX as NAME_MAX, EDITION_NOTE_MAX as NOTE_MAX } from "~/domain/document/plan-document";
import { useFormat } from "~/i18n/format";
import { documentText, freezeEdition, freezeSchema } from "~/services/export.server";
import { hasPermission, requirePermission, requirePlanMember } from "~/services/plan-access.server";
import exportStyles from "~/styles/export.css?url";
import { badRequest, parseForm } from "~/utils/forms";
import { listEditions } from "../../db/repositories/plan-document";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];
export const meta: MetaFunction = () => [{ title: "Editions · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "edition.view");
  const editions = await listEditions(context.services.db, access.plan.id);
  return {
    planId: access.plan.id,
    archived: access.plan.archived_at !== null,
    canFreeze: hasPermission(access, "edition.freeze"),
    today: todayUtc(),
    editions: editions.map((e) => ({ id: e.id, name: e.name, date: e.edition_date, audience: e.audience, createdAt: e.created_at, by: e.created_by_name })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "edition.freeze");
  const parsed = parseForm(freezeSchema, await request.formData());
  if (!parsed.ok) return badRequest(parsed.errors);
  const id = await freezeEdition(context.services, access, parsed.data, await documentText(request));
  return redirect(`/plans/${access.plan.id}/editions/${id}?frozen=1`);
}

export default function Editions() {
  const { t } = useTranslation("export");
  const format = useFormat();
  const { planId, archived, canFreeze, today, editions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result && "errors" in result ? result.errors : {};
  const busy = useNavigation().state === "submitting";
  return (
    <section className="stack export-page" aria-labelledby="editions-title">
      <p className="no-print">
        <Link to={`/plans/${planId}/export`}>{t("backToExport")}</Link>
      </p>
      <h1 id="editions-title">{t("editions.title")}</h1>
      <p className="muted">{t("editions.intro")}</p>
      {editions.length === 0 ? (
        <p>{t("editions.none")}</p>
      ) : (
        <table className="table editions-table">
          <thead>
            <tr>
              <th scope="col">{t("editions.columns.name")}</th>
              <th scope="col">{t("editions.columns.date")}</th>
              <th scope="col">{t("editions.columns.audience")}</th>
              <th scope="col">{t("editions.columns.frozenAt")}</th>
              <th scope="col">{t("editions.columns.frozenBy")}</th>
            </tr>
          </thead>
          <tbody>
            {editions.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <Link to={`/plans/${planId}/editions/${e.id}`}>{e.name}</Link>
                </th>
                <td>{format.date(e.date)}</td>
                <td>{t(`audience.${e.audience}`)}</td>
                <td>{format.dateTime(e.createdAt)}</td>
                <td>{e.by ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {canFreeze ? (
        <Form method="post" className="card stack freeze-form" aria-labelledby="freeze-title">
          <h2 id="freeze-title">{t("editions.freezeTitle")}</h2>
          <Field label={t("editions.name")} name="name" required maxLength={NAME_MAX} hint={t("editions.nameHint")} error={errors.name} />
          <Field label={t("editions.date")} name="date" type="date" defaultValue={today} hint={t("editions.dateHint")} error={errors.date} />
          <SelectField label={t("audience.label")} name="audience" defaultValue="public" error={errors.audience}>
            {AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {t(`audience.${a}`)}
              </option>
            ))}
          </SelectField>
          <TextAreaField label={t("editions.note")} name="note" maxLength={NOTE_MAX} rows={2} error={errors.note} />
          <p>
            <button type="submit" className="button primary" disabled={busy}>
              {t("editions.freeze")}
            </button>
          </p>
        </Form>
      ) : archived ? (
        <p className="muted">{t("editions.archivedNoFreeze")}</p>
      ) : null}
    </section>
  );
}
