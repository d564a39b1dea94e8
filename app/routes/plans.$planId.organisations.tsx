import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Field, FormError } from "~/components/field";
import { SectorBadge } from "~/components/sector-badge";
import { SelectField } from "~/components/select-field";
import { SECTORS } from "~/domain/sectors";
import { asMember, createOrganisation, deleteOrganisation, organisationInputSchema, renameOrganisation } from "~/services/members.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePermission, requirePlanMember } from "~/services/plan-access.server";
import styles from "~/styles/members.css?url";
import { parseForm } from "~/utils/forms";
import { listMembers, listOrganisations } from "../../db/repositories/plans";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Organisations · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "members.view");
  const { db } = context.services;
  const [organisations, members] = await Promise.all([listOrganisations(db, access.plan.id), listMembers(db, access.plan.id)]);
  return {
    organisations: organisations.map((o) => ({
      id: o.id,
      name: o.name,
      sector: o.sector,
      type: access.framework.organisationTypes.find((t) => t.id === o.org_type)?.name ?? o.org_type,
      members: members.filter((m) => m.organisation_id === o.id).length,
    })),
    types: access.framework.organisationTypes.map((t) => ({ id: t.id, name: t.name, sector: t.sector })),
    canManage: hasPermission(access, "organisation.manage"),
  };
}

const intentSchema = z.enum(["create", "rename", "delete"]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "organisation.manage");
  const form = await request.formData();
  const intent = intentSchema.safeParse(form.get("intent"));
  const target = String(form.get("organisationId") ?? "");
  const refuse = (errors: Record<string, string>, status = 400) => data({ ok: false as const, intent: intent.success ? intent.data : null, target, errors }, { status });
  if (!intent.success) return refuse({ _form: "common:errors.invalid" });
  const acting = asMember(access);
  try {
    if (intent.data === "create") {
      const parsed = parseForm(organisationInputSchema, form);
      if (!parsed.ok) return refuse(parsed.errors);
      await createOrganisation(context.services, acting, parsed.data);
    } else if (intent.data === "rename") {
      const parsed = parseForm(z.object({ organisationId: z.string().min(1).max(64), name: organisationInputSchema.shape.name }), form);
      if (!parsed.ok) return refuse(parsed.errors);
      await renameOrganisation(context.services, acting, parsed.data.organisationId, parsed.data.name);
    } else {
      const parsed = parseForm(z.object({ organisationId: z.string().min(1).max(64) }), form);
      if (!parsed.ok) return refuse(parsed.errors);
      await deleteOrganisation(context.services, acting, parsed.data.organisationId);
    }
  } catch (error) {
    if (error instanceof ServiceError) return refuse({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
  throw redirect(`/plans/${access.plan.id}/organisations`);
}

export default function Organisations() {
  const { t } = useTranslation("members");
  const { organisations, types, canManage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errorsFor = (intent: string, target?: string): Record<string, string | undefined> =>
    actionData && actionData.intent === intent && (target === undefined || actionData.target === target) ? actionData.errors : {};
  const createErrors = errorsFor("create");
  return (
    <div className="stack">
      <h1>{t("organisations.title")}</h1>
      <p className="muted">{t("organisations.intro")}</p>
      {organisations.length === 0 ? (
        <p className="muted">{t("organisations.none")}</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("fields.name")}</th>
              <th scope="col">{t("fields.orgType")}</th>
              <th scope="col">{t("fields.sector")}</th>
              <th scope="col">{t("organisations.members")}</th>
              {canManage ? <th scope="col">{t("list.manage")}</th> : null}
            </tr>
          </thead>
          <tbody>
            {organisations.map((o) => {
              const rename = errorsFor("rename", o.id);
              const del = errorsFor("delete", o.id);
              return (
                <tr key={o.id}>
                  <th scope="row">{o.name}</th>
                  <td>{o.type}</td>
                  <td>
                    <SectorBadge sector={o.sector} />
                  </td>
                  <td>{o.members}</td>
                  {canManage ? (
                    <td>
                      <Form method="post" className="inline-form" aria-label={t("organisations.renameFor", { name: o.name })}>
                        <input type="hidden" name="intent" value="rename" />
                        <input type="hidden" name="organisationId" value={o.id} />
                        <Field label={t("organisations.newName")} name="name" defaultValue={o.name} required error={rename.name} />
                        <button type="submit" className="button small" disabled={busy}>
                          {t("organisations.rename")}
                        </button>
                      </Form>
                      {o.members === 0 ? (
                        <Form method="post">
                          <input type="hidden" name="intent" value="delete" />
                          <input type="hidden" name="organisationId" value={o.id} />
                          <button type="submit" className="button danger small" disabled={busy} aria-label={t("organisations.deleteFor", { name: o.name })}>
                            {t("organisations.delete")}
                          </button>
                        </Form>
                      ) : null}
                      <FormError error={del.organisationId ?? rename.organisationId} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {canManage ? (
        <section className="card" aria-labelledby="add-org">
          <h2 id="add-org">{t("organisations.add")}</h2>
          <Form method="post" className="form-grid" noValidate>
            <input type="hidden" name="intent" value="create" />
            <FormError error={createErrors._form} />
            <Field label={t("fields.name")} name="name" required error={createErrors.name} />
            <SelectField label={t("fields.orgType")} name="orgType" required defaultValue="" error={createErrors.orgType}>
              <option value="" disabled>
                {t("organisations.chooseType")}
              </option>
              {types.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name} ({t(`common:sectors.${type.sector}`)})
                </option>
              ))}
            </SelectField>
            <SelectField label={t("fields.sector")} name="sector" defaultValue="" hint={t("organisations.sectorHint")} error={createErrors.sector}>
              <option value="">{t("organisations.sectorFromType")}</option>
              {SECTORS.map((s) => (
                <option key={s} value={s}>
                  {t(`common:sectors.${s}`)}
                </option>
              ))}
            </SelectField>
            <button type="submit" className="button primary" disabled={busy}>
              {t("organisations.create")}
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
