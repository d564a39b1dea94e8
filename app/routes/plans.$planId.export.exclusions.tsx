import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { compareRefs } from "~/domain/actions";
import { excludedCounts } from "~/domain/document/text";
import { exclusionsSchema, loadExclusions, saveExclusions } from "~/services/export.server";
import { hasPermission, requirePermission, requirePlanMember } from "~/services/plan-access.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import exportStyles from "~/styles/export.css?url";
import { badRequest, parseForm } from "~/utils/forms";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];
export const meta: MetaFunction = () => [{ title: "Public edition exclusions · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "export.plan");
  const { db } = context.services;
  const [structure, excluded] = await Promise.all([loadPlanStructure(db, access.plan, access.framework), loadExclusions(db, access.plan.id)]);
  const actions = [...structure.actions].sort((a, b) => compareRefs(a.ref, b.ref));
  return {
    planId: access.plan.id,
    canEdit: hasPermission(access, "edition.freeze"),
    domains: access.framework.domains.map((d) => ({
      id: d.id,
      number: d.number,
      name: d.name,
      capabilities: d.capabilities.map((c) => ({
        id: c.id,
        number: c.number,
        name: c.name,
        excluded: excluded.capabilities.has(c.id),
        // Listed under its first capability only, so each action has one checkbox.
        actions: actions.filter((a) => a.capabilityIds[0] === c.id).map((a) => ({ id: a.id, ref: a.ref, title: a.title, excluded: excluded.actions.has(a.id) })),
      })),
    })),
    unlinked: actions.filter((a) => a.capabilityIds.length === 0).map((a) => ({ id: a.id, ref: a.ref, title: a.title, excluded: excluded.actions.has(a.id) })),
    counts: { capabilities: excluded.capabilities.size, actions: excluded.actions.size },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "edition.freeze");
  const parsed = parseForm(exclusionsSchema, await request.formData());
  if (!parsed.ok) return badRequest(parsed.errors);
  await saveExclusions(context.services, access, parsed.data);
  return redirect(`/plans/${access.plan.id}/export/exclusions?saved=1`);
}

export default function Exclusions() {
  const { t } = useTranslation("export");
  const { planId, canEdit, domains, unlinked, counts } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const hasActions = unlinked.length > 0 || domains.some((d) => d.capabilities.some((c) => c.actions.length > 0));
  const ActionBox = ({ a }: { a: { id: string; ref: string; title: string; excluded: boolean } }) => (
    <li>
      <label>
        <input type="checkbox" name="action" value={a.id} defaultChecked={a.excluded} disabled={!canEdit} /> <span className="doc-number">{a.ref}</span> {a.title}
      </label>
    </li>
  );
  return (
    <section className="stack export-page" aria-labelledby="exclusions-title">
      <p className="no-print">
        <Link to={`/plans/${planId}/export`}>{t("backToExport")}</Link>
      </p>
      <h1 id="exclusions-title">{t("exclusions.title")}</h1>
      <p className="muted">{t("exclusions.intro")}</p>
      {params.get("saved") ? (
        <p className="notice" role="status">
          {t("exclusions.saved")}
        </p>
      ) : null}
      <p>{counts.capabilities + counts.actions === 0 ? t("exclusions.none") : t("exclusions.count", excludedCounts((key, options) => t(key, options), counts))}</p>
      <Form method="post" className="stack">
        {domains.map((d) => (
          <fieldset key={d.id} className="card export-exclusions">
            <legend>
              {d.number}. {d.name}
            </legend>
            <ul className="export-checklist">
              {d.capabilities.map((c) => (
                <li key={c.id}>
                  <label>
                    <input type="checkbox" name="capability" value={c.id} defaultChecked={c.excluded} disabled={!canEdit} />{" "}
                    <strong>
                      {c.number}. {c.name}
                    </strong>
                  </label>
                  {c.actions.length ? (
                    <ul className="export-checklist nested" aria-label={t("exclusions.actions")}>
                      {c.actions.map((a) => (
                        <ActionBox key={a.id} a={a} />
                      ))}
                    </ul>
                  ) : null}
                </li>
              ))}
            </ul>
          </fieldset>
        ))}
        {unlinked.length ? (
          <fieldset className="card export-exclusions">
            <legend>{t("exclusions.actions")}</legend>
            <ul className="export-checklist">
              {unlinked.map((a) => (
                <ActionBox key={a.id} a={a} />
              ))}
            </ul>
          </fieldset>
        ) : null}
        {!hasActions ? <p className="muted">{t("exclusions.noActions")}</p> : null}
        {canEdit ? (
          <p>
            <button type="submit" className="button primary" disabled={busy}>
              {t("exclusions.save")}
            </button>
          </p>
        ) : null}
      </Form>
    </section>
  );
}
