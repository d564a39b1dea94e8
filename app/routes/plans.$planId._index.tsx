import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ProgressBar, StatusCounts } from "~/components/mnr/action-summary";
import { GapLabel, MaturityTrail } from "~/components/mnr/maturity";
import { SelectField } from "~/components/select-field";
import { SectorBadge } from "~/components/sector-badge";
import { ATTENTION_KINDS, capabilityNeedsAttention, type AttentionKind } from "~/domain/capability-attention";
import { abilityKey, roleAbilities } from "~/domain/role-abilities";
import { isSector, SECTORS, type Sector } from "~/domain/sectors";
import { useFormat } from "~/i18n/format";
import { requirePlanMember, type PlanAccess } from "~/services/plan-access.server";
import { loadPlanStructure, type CapabilityState } from "~/services/plan-structure.server";
import mnrStyles from "~/styles/mnr.css?url";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: mnrStyles }];

type AttentionFilter = "" | "any" | AttentionKind;
const isAttentionFilter = (v: string): v is AttentionFilter => v === "" || v === "any" || (ATTENTION_KINDS as readonly string[]).includes(v);

/** Catalogue keys of what this member may do, read off the policy table (app/domain/role-abilities.ts). */
function abilityLines(access: PlanAccess): string[] {
  const lines = roleAbilities(access.actor.role, { readOnly: access.planFacts.readOnly === true }).map(abilityKey);
  // Reading is all: say who makes the changes.
  if (lines.length === 1) lines.push("role.readOnly");
  return lines;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const url = new URL(request.url);
  const sectorParam = url.searchParams.get("sector") ?? "";
  const attentionParam = url.searchParams.get("attention") ?? "";
  const sector: Sector | "" = isSector(sectorParam) ? sectorParam : "";
  const attention: AttentionFilter = isAttentionFilter(attentionParam) ? attentionParam : "";

  const structure = await loadPlanStructure(context.services.db, access.plan, access.framework);
  const actionSectorsOf = new Map<string, Set<Sector>>();
  for (const a of structure.actions) for (const c of a.capabilityIds) (actionSectorsOf.get(c) ?? actionSectorsOf.set(c, new Set()).get(c)!).add(a.sector);

  // "Involves the sector": it leads, partners, or owns an action linked to the capability.
  const matches = (c: CapabilityState) =>
    (!sector || c.leadSectors.includes(sector) || c.partnerSectors.includes(sector) || actionSectorsOf.get(c.id)?.has(sector)) &&
    (!attention || (attention === "any" ? capabilityNeedsAttention(c.attention) : c.attention[attention]));
  const shown = structure.capabilities.filter(matches);
  const shownIds = new Set(shown.map((c) => c.id));

  return {
    planId: access.plan.id,
    description: access.plan.description,
    frameworkLabel: access.framework.label,
    levelNames: access.framework.maturityLevels.map((l) => l.name),
    filters: { sector, attention },
    total: structure.capabilities.length,
    shownCount: shown.length,
    planRollup: structure.plan,
    domains: structure.domains.map((d) => ({
      id: d.id,
      number: d.number,
      name: d.name,
      rollup: d.rollup,
      capabilities: structure.capabilities.filter((c) => c.domainId === d.id && shownIds.has(c.id)),
    })),
    role: { name: access.actor.role, sector: access.actor.sector, abilities: abilityLines(access) },
  };
}

export default function PlanOverview() {
  const { t } = useTranslation("mnr");
  const f = useFormat();
  const { planId, description, frameworkLabel, levelNames, filters, total, shownCount, planRollup, domains, role } = useLoaderData<typeof loader>();
  const filtered = filters.sector !== "" || filters.attention !== "";
  return (
    <div className="stack mnr-overview">
      <section aria-labelledby="plan-home-title">
        <h1 id="plan-home-title">{t("overview.title")}</h1>
        {description ? <p>{description}</p> : null}
        <p className="muted">{t("overview.intro", { framework: frameworkLabel })}</p>
        <div className="mnr-summary">
          <p>
            <strong>{t("overview.planProgress")}:</strong> <ProgressBar rollup={planRollup} label={t("overview.planProgress")} />
          </p>
          <StatusCounts rollup={planRollup} />
        </div>
        <p className="muted mnr-rule">{t("progress.rule")}</p>
      </section>

      <section className="card mnr-role" aria-labelledby="role-title">
        <h2 id="role-title">{t("role.title")}</h2>
        <p>{t("role.intro", { role: t(`common:roles.${role.name}`), sector: t(`common:sectors.${role.sector}`) })}</p>
        <ul>
          {role.abilities.map((a) => (
            <li key={a}>{t(a)}</li>
          ))}
        </ul>
      </section>

      <Form method="get" className="card mnr-filters no-print" aria-label={t("overview.filters")}>
        <SelectField label={t("overview.sector")} name="sector" defaultValue={filters.sector}>
          <option value="">{t("overview.anySector")}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`common:sectors.${s}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("overview.attention")} name="attention" defaultValue={filters.attention}>
          <option value="">{t("overview.attentionAll")}</option>
          <option value="any">{t("overview.attentionAny")}</option>
          {ATTENTION_OPTIONS.map((k) => (
            <option key={k} value={k}>
              {t(`attention.${k}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button">
          {t("overview.apply")}
        </button>
        {filtered ? <Link to={`/plans/${planId}`}>{t("overview.clear")}</Link> : null}
      </Form>
      <p role="status">{filtered ? t("overview.showing", { shown: shownCount, total }) : null}</p>
      {shownCount === 0 ? <p className="empty-state">{t("overview.noneMatch")}</p> : null}

      {domains
        .filter((d) => d.capabilities.length > 0)
        .map((d) => (
          <section key={d.id} className="mnr-domain" aria-labelledby={`domain-${d.id}`}>
            <div className="mnr-domain-head">
              <h2 id={`domain-${d.id}`}>
                {d.number}. {d.name}
              </h2>
              <p>
                {t("overview.domainProgress")}: <ProgressBar rollup={d.rollup} label={d.name} />
              </p>
            </div>
            <table className="table mnr-table">
              <thead>
                <tr>
                  <th scope="col">{t("overview.capability")}</th>
                  <th scope="col">{t("overview.maturity")}</th>
                  <th scope="col">{t("gap.title")}</th>
                  <th scope="col">{t("overview.leads")}</th>
                  <th scope="col">{t("actions.title")}</th>
                  <th scope="col">{t("progress.title")}</th>
                  <th scope="col">{t("lastChange.title")}</th>
                </tr>
              </thead>
              <tbody>
                {d.capabilities.map((c) => (
                  <tr key={c.id} data-capability={c.id}>
                    <th scope="row">
                      <span className="mnr-cap-number">{c.number}.</span> <Link to={`/plans/${planId}/capabilities/${c.id}`}>{c.name}</Link>
                      {capabilityNeedsAttention(c.attention) ? (
                        <ul className="attention-list" aria-label={t("overview.needsAttention")}>
                          {ATTENTION_OPTIONS.filter((k) => c.attention[k]).map((k) => (
                            <li key={k}>
                              <span className={`attention-flag${k === "overdue" ? "" : " warn"}`}>{t(`attention.${k}`)}</span>
                            </li>
                          ))}
                        </ul>
                      ) : null}
                    </th>
                    <td>
                      <MaturityTrail levels={c.levels} names={levelNames} compact />
                    </td>
                    <td>
                      <GapLabel gap={c.gap} />
                    </td>
                    <td className="sectors">
                      <span className="visually-hidden">{t("sectors.lead")}: </span>
                      {c.leadSectors.map((s) => (
                        <SectorBadge key={s} sector={s} />
                      ))}
                      {c.partnerSectors.length ? (
                        <span className="mnr-partners">
                          <span className="visually-hidden">{t("sectors.partner")}: </span>
                          <span aria-hidden="true">+ </span>
                          {c.partnerSectors.map((s) => (
                            <SectorBadge key={s} sector={s} />
                          ))}
                        </span>
                      ) : null}
                    </td>
                    <td>
                      <StatusCounts rollup={c.rollup} />
                    </td>
                    <td>
                      <ProgressBar rollup={c.rollup} label={c.name} />
                    </td>
                    <td className="muted">
                      {c.lastChange ? (
                        <>
                          {f.dateTime(c.lastChange.at)}
                          {c.lastChange.byName ? (
                            <>
                              <br />
                              {c.lastChange.byName}
                            </>
                          ) : null}
                        </>
                      ) : (
                        t("lastChange.never")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
    </div>
  );
}

const ATTENTION_OPTIONS = ATTENTION_KINDS;
