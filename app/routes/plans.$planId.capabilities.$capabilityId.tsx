import { redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CollabDocument, SectorNotes } from "~/collab/collab-document";
import { collabLinks } from "~/collab/collaborative-editor";
import { loadCapabilityDocs } from "~/collab/doc-access.server";
import { FormError } from "~/components/field";
import { ProgressBar, StatusCounts, StatusPill } from "~/components/mnr/action-summary";
import { GapLabel, LevelChip, MaturityTrail } from "~/components/mnr/maturity";
import { SelectField, TextAreaField } from "~/components/select-field";
import { SectorBadge } from "~/components/sector-badge";
import { compareRefs, isOverdue } from "~/domain/actions";
import { findCapability } from "~/domain/framework";
import { asLevel } from "~/domain/gap";
import { EVIDENCE_MAX } from "~/domain/maturity";
import { actionPercent } from "~/domain/progress";
import { SECTORS } from "~/domain/sectors";
import { useFormat } from "~/i18n/format";
import { assessMaturity, assessmentSchema, leadsSchema, setCapabilityLeads } from "~/services/capabilities.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePlanMember } from "~/services/plan-access.server";
import { loadPlanStructure } from "~/services/plan-structure.server";
import mnrStyles from "~/styles/mnr.css?url";
import { badRequest, parseForm } from "~/utils/forms";
import { listMaturityChanges } from "../../db/repositories/capabilities";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mnrStyles }, ...collabLinks()];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.capability.number}. ${data.capability.name} · Taskforce` : "Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const capability = findCapability(access.framework, params.capabilityId ?? "");
  if (!capability) throw new Response("Not Found", { status: 404 });
  const { db } = context.services;
  const [structure, history] = await Promise.all([loadPlanStructure(db, access.plan, access.framework), listMaturityChanges(db, access.plan.id, capability.id)]);
  const state = structure.capabilities.find((c) => c.id === capability.id)!;
  const domain = access.framework.domains.find((d) => d.id === capability.domainId)!;
  const facts = { leadSectors: state.leadSectors, partnerSectors: state.partnerSectors };
  return {
    planId: access.plan.id,
    capability: { id: capability.id, number: capability.number, name: capability.name, summary: capability.summary },
    domain: { number: domain.number, name: domain.name },
    levelNames: access.framework.maturityLevels.map((l) => l.name),
    levels: access.framework.maturityLevels.map((l) => ({ level: l.level, name: l.name, description: l.description })),
    state,
    history: history.map((h) => ({ id: h.id, kind: h.kind, from: asLevel(h.from_level), to: asLevel(h.to_level), evidence: h.evidence, at: h.changed_at, byName: h.changed_by_name })),
    actions: structure.actions
      .filter((a) => a.capabilityIds.includes(capability.id))
      .sort((a, b) => compareRefs(a.ref, b.ref))
      .map((a) => ({ id: a.id, ref: a.ref, title: a.title, sector: a.sector, status: a.status, dueDate: a.dueDate, ongoing: a.ongoing, percent: actionPercent(a), overdue: isOverdue(a, structure.today) })),
    can: {
      assess: hasPermission(access, "capability.assess-maturity", facts),
      setLeads: hasPermission(access, "capability.set-leads", facts),
    },
    canSeeSectorNotes: hasPermission(access, "sector-notes.view", { sector: access.actor.sector }),
    mySector: access.actor.sector,
    collab: await loadCapabilityDocs(db, access, capability.id),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const capability = findCapability(access.framework, params.capabilityId ?? "");
  if (!capability) throw new Response("Not Found", { status: 404 });
  const form = await request.formData();
  const intent = form.get("intent");
  const here = `/plans/${access.plan.id}/capabilities/${capability.id}`;
  try {
    if (intent === "assess") {
      const parsed = parseForm(assessmentSchema, form);
      if (!parsed.ok) return badRequest(parsed.errors);
      const changed = await assessMaturity(context.services, access, capability.id, parsed.data);
      return redirect(`${here}?saved=${changed ? "assessment" : "none"}#maturity`);
    }
    if (intent === "leads") {
      const parsed = parseForm(leadsSchema, form);
      if (!parsed.ok) return badRequest(parsed.errors);
      const changed = await setCapabilityLeads(context.services, access, capability.id, parsed.data);
      return redirect(`${here}?saved=${changed ? "leads" : "none"}#leads`);
    }
  } catch (error) {
    if (error instanceof ServiceError) return badRequest({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
  return badRequest({ _form: "common:errors.invalid" });
}

export default function CapabilityPage() {
  const { t } = useTranslation("mnr");
  const f = useFormat();
  const { planId, capability, domain, levelNames, levels, state, history, actions, can, canSeeSectorNotes, collab, mySector } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: Record<string, string | undefined> = actionData && "errors" in actionData ? actionData.errors : {};
  const busy = useNavigation().state === "submitting";
  const [search] = useSearchParams();
  const saved = search.get("saved");
  return (
    <article className="stack mnr-capability" aria-labelledby="capability-title">
      <p className="no-print">
        <Link to={`/plans/${planId}`}>← {t("capability.back")}</Link>
      </p>
      <header>
        <p className="muted">{t("capability.domain", domain)}</p>
        <h1 id="capability-title">
          {capability.number}. {capability.name}
        </h1>
      </header>
      {saved ? (
        <p className="notice" role="status">
          {saved === "none" ? t("capability.noChange") : t("capability.saved")}
        </p>
      ) : null}
      <FormError error={errors._form} />

      <section className="card" aria-labelledby="meaning-title">
        <h2 id="meaning-title">{t("capability.meaning")}</h2>
        <p>{capability.summary}</p>
        <div className="mnr-facts">
          <div>
            <h3>{t("progress.title")}</h3>
            <ProgressBar rollup={state.rollup} />
          </div>
          <div>
            <h3>{t("actions.title")}</h3>
            <StatusCounts rollup={state.rollup} />
          </div>
          <div>
            <h3>{t("lastChange.title")}</h3>
            <p>{state.lastChange ? (state.lastChange.byName ? t("lastChange.by", { when: f.dateTime(state.lastChange.at), who: state.lastChange.byName }) : f.dateTime(state.lastChange.at)) : t("lastChange.never")}</p>
          </div>
        </div>
      </section>

      <section className="card" id="leads" aria-labelledby="leads-title">
        <h2 id="leads-title">{t("capability.leadsTitle")}</h2>
        <dl className="mnr-sectors">
          <dt>{t("sectors.lead")}</dt>
          <dd>{state.leadSectors.length ? state.leadSectors.map((s) => <SectorBadge key={s} sector={s} />) : <span className="attention-flag">{t("sectors.noLead")}</span>}</dd>
          <dt>{t("sectors.partner")}</dt>
          <dd>{state.partnerSectors.length ? state.partnerSectors.map((s) => <SectorBadge key={s} sector={s} />) : <span className="muted">{t("sectors.none")}</span>}</dd>
        </dl>
        {state.leadsAreDefault ? <p className="muted">{t("sectors.defaults")}</p> : null}
        {can.setLeads ? (
          <Form method="post" className="mnr-leads-form" noValidate>
            <input type="hidden" name="intent" value="leads" />
            {(["lead", "partner"] as const).map((kind) => (
              <fieldset key={kind}>
                <legend>{t(`sectors.${kind}`)}</legend>
                {SECTORS.map((s) => (
                  <label key={s} className="checkbox">
                    <input type="checkbox" name={kind} value={s} defaultChecked={(kind === "lead" ? state.leadSectors : state.partnerSectors).includes(s)} />{" "}
                    <SectorBadge sector={s} />
                  </label>
                ))}
                {errors[kind] ? <p className="field-error">{t(errors[kind]!)}</p> : null}
              </fieldset>
            ))}
            <p className="field-hint">{t("capability.leadsHint")}</p>
            <button type="submit" className="button" disabled={busy}>
              {t("capability.saveLeads")}
            </button>
          </Form>
        ) : null}
      </section>

      <section className="card" id="maturity" aria-labelledby="maturity-title">
        <h2 id="maturity-title">{t("capability.maturityTitle")}</h2>
        <MaturityTrail levels={state.levels} names={levelNames} />
        <p>
          {t("gap.title")}: <GapLabel gap={state.gap} />
        </p>
        <p className="muted">
          {state.assessedAt ? t("capability.assessedBy", { when: f.dateTime(state.assessedAt), who: state.assessedByName ?? "—" }) : t("capability.notYetAssessed")}
        </p>
        <h3>{t("capability.evidence")}</h3>
        {state.evidence ? <p className="mnr-evidence">{state.evidence}</p> : <p className="muted">{t("capability.noEvidence")}</p>}

        {can.assess ? (
          <Form method="post" noValidate className="mnr-assess-form">
            <h3>{t("capability.assessTitle")}</h3>
            <input type="hidden" name="intent" value="assess" />
            <div className="form-grid">
              {(["baseline", "current", "target"] as const).map((k) => (
                <SelectField key={k} label={t(`capability.${k}Field`)} name={k} defaultValue={state.levels[k] === null ? "" : String(state.levels[k])} error={errors[k]}>
                  <option value="">{t("capability.notAssessedOption")}</option>
                  {levels.map((l) => (
                    <option key={l.level} value={l.level}>
                      {l.level} · {l.name}
                    </option>
                  ))}
                </SelectField>
              ))}
            </div>
            <TextAreaField
              label={t("capability.evidenceField")}
              name="evidence"
              rows={4}
              maxLength={EVIDENCE_MAX}
              defaultValue={state.evidence}
              hint={t("capability.evidenceHint", { max: EVIDENCE_MAX })}
              error={errors.evidence}
            />
            <button type="submit" className="button primary" disabled={busy}>
              {t("capability.saveAssessment")}
            </button>
          </Form>
        ) : (
          <p className="muted">{t("capability.cannotAssess")}</p>
        )}
        <details className="mnr-scale">
          <summary>{t("level.scale")}</summary>
          <dl>
            {levels.map((l) => (
              <div key={l.level}>
                <dt>
                  <LevelChip level={l.level} names={levelNames} />
                </dt>
                <dd>{l.description}</dd>
              </div>
            ))}
          </dl>
        </details>

        <h3 id="history-title">{t("capability.historyTitle")}</h3>
        {history.length === 0 ? (
          <p className="muted">{t("capability.historyEmpty")}</p>
        ) : (
          <table className="table" aria-labelledby="history-title">
            <thead>
              <tr>
                <th scope="col">{t("capability.when")}</th>
                <th scope="col">{t("capability.who")}</th>
                <th scope="col">{t("capability.what")}</th>
                <th scope="col">{t("capability.change")}</th>
                <th scope="col">{t("capability.evidence")}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.id}>
                  <td>{f.dateTime(h.at)}</td>
                  <td>{h.byName ?? "—"}</td>
                  <td>{t(`level.${h.kind}`)}</td>
                  <td>
                    <LevelChip level={h.from} names={levelNames} compact /> → <LevelChip level={h.to} names={levelNames} compact />
                  </td>
                  <td className="mnr-evidence">{h.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card" aria-labelledby="narrative-title">
        <h2 id="narrative-title">{t("capability.narrative")}</h2>
        {/* collab:narrative */}
        {collab.narrative ? <CollabDocument planId={planId} doc={collab.narrative} label={t("capability.narrative")} /> : null}
      </section>
      {canSeeSectorNotes ? (
        <section className="card" aria-labelledby="sector-notes-title">
          <h2 id="sector-notes-title">{t("capability.sectorNotes")}</h2>
          {/* collab:sector-notes */}
          <SectorNotes planId={planId} notes={collab.sectorNotes} mySector={mySector} />
        </section>
      ) : null}

      <section className="card" aria-labelledby="cap-actions-title">
        <h2 id="cap-actions-title">{t("capability.actionsTitle")}</h2>
        {actions.length === 0 ? (
          <p className="muted">{t("actions.noneLinked")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("actions.ref")}</th>
                <th scope="col">{t("actions.action")}</th>
                <th scope="col">{t("actions.sector")}</th>
                <th scope="col">{t("actions.status")}</th>
                <th scope="col">{t("actions.due")}</th>
                <th scope="col">{t("actions.progress")}</th>
              </tr>
            </thead>
            <tbody>
              {actions.map((a) => (
                <tr key={a.id}>
                  <td>{a.ref}</td>
                  <td>
                    <Link to={`/plans/${planId}/actions/${a.id}`}>{a.title}</Link>
                  </td>
                  <td>
                    <SectorBadge sector={a.sector} />
                  </td>
                  <td>
                    <StatusPill status={a.status} />
                    {a.overdue ? <span className="overdue-flag">{t("actions.overdueFlag")}</span> : null}
                  </td>
                  <td>{a.ongoing ? t("actions.ongoing") : f.date(a.dueDate)}</td>
                  <td>{a.percent === null ? "—" : f.percent(a.percent / 100)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
