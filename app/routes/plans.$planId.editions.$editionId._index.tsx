import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DownloadLink } from "~/components/export/download-link";
import { SelectField } from "~/components/select-field";
import { comparePlanDocuments, isNoChange, type PlanComparison } from "~/domain/document/plan-document";
import { useFormat } from "~/i18n/format";
import { documentText, livingDocument, requireEdition } from "~/services/export.server";
import { requirePlanMember } from "~/services/plan-access.server";
import exportStyles from "~/styles/export.css?url";
import { listEditions } from "../../db/repositories/plan-document";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: exportStyles }];
export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.edition.name} · Taskforce` : "Taskforce" }];

/** One frozen edition: what it is, its downloads, and what changed since (or until another edition). */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const { edition, doc } = await requireEdition(context.services, access, params.editionId);
  const against = new URL(request.url).searchParams.get("against") || "living";
  // Changes always read from the older text to the newer, whichever page the reader starts from:
  // the living plan is the newest; of two editions, the one frozen first is the older.
  const self = { name: edition.name, doc };
  let from = self;
  let to: { name: string | null; doc: typeof doc };
  if (against === "living") {
    to = { name: null, doc: await livingDocument(context.services, access, doc.audience, await documentText(request)) };
  } else {
    const found = await requireEdition(context.services, access, against);
    const other = { name: found.edition.name, doc: found.doc };
    const otherIsOlder = found.edition.created_at < edition.created_at || (found.edition.created_at === edition.created_at && found.edition.id < edition.id);
    if (otherIsOlder) {
      from = other;
      to = self;
    } else to = other;
  }
  const editions = await listEditions(context.services.db, access.plan.id);
  return {
    planId: access.plan.id,
    edition: {
      id: edition.id,
      name: edition.name,
      date: edition.edition_date,
      note: edition.note,
      audience: edition.audience,
      createdAt: edition.created_at,
      by: edition.created_by_name,
      actions: Object.keys(doc.actions).length,
    },
    against,
    fromName: from.name,
    /** Null: the living plan. */
    toName: to.name,
    others: editions.filter((e) => e.id !== edition.id).map((e) => ({ id: e.id, name: e.name, date: e.edition_date })),
    comparison: comparePlanDocuments(from.doc, to.doc),
  };
}

function ChangeList({ title, items }: { title: string; items: string[] }) {
  const { t } = useTranslation("export");
  return (
    <section className="compare-group" aria-label={title}>
      <h3>
        {title} <span className="muted">({items.length})</span>
      </h3>
      {items.length ? (
        <ul>
          {items.map((i, n) => (
            <li key={n}>{i}</li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t("compare.none")}</p>
      )}
    </section>
  );
}

function Comparison({ c, from, to }: { c: PlanComparison; from: string; to: string }) {
  const { t } = useTranslation(["export", "mnr"]);
  const lvl = (v: number | null) => (v === null ? t("mnr:level.notAssessed") : String(v));
  return (
    <section className="card stack comparison" aria-labelledby="compare-title">
      <h2 id="compare-title">{t("compare.title", { from, to })}</h2>
      {isNoChange(c) ? (
        <p role="status">{t("compare.noChange")}</p>
      ) : (
        <>
          {c.introductionChanged ? <p>{t("compare.introduction")}</p> : null}
          <ChangeList title={t("compare.added")} items={c.added.map((a) => `${a.ref} ${a.title} (${t(`mnr:status.${a.status}`)})`)} />
          <ChangeList title={t("compare.removed")} items={c.removed.map((a) => `${a.ref} ${a.title}`)} />
          <ChangeList title={t("compare.statusChanged")} items={c.statusChanged.map((a) => `${a.ref} ${a.title}: ${t(`mnr:status.${a.from}`)} → ${t(`mnr:status.${a.to}`)}`)} />
          <ChangeList title={t("compare.edited")} items={c.edited.map((a) => `${a.ref} ${a.title}: ${a.fields.map((f) => t(`compare.fields.${f}`)).join(", ")}`)} />
          <ChangeList title={t("compare.narratives")} items={c.narrativesChanged.map((n) => `${n.number}. ${n.name}`)} />
          <ChangeList title={t("compare.maturity")} items={c.maturityChanged.map((m) => `${m.number}. ${m.name}: ${t(`mnr:level.${m.kind}`)} ${lvl(m.from)} → ${lvl(m.to)}`)} />
          {c.capabilitiesAdded.length ? <ChangeList title={t("compare.capabilitiesAdded")} items={c.capabilitiesAdded.map((n) => `${n.number}. ${n.name}`)} /> : null}
          {c.capabilitiesRemoved.length ? <ChangeList title={t("compare.capabilitiesRemoved")} items={c.capabilitiesRemoved.map((n) => `${n.number}. ${n.name}`)} /> : null}
        </>
      )}
    </section>
  );
}

export default function EditionPage() {
  const { t } = useTranslation("export");
  const format = useFormat();
  const { planId, edition, against, fromName, toName, others, comparison } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const base = `/plans/${planId}/editions/${edition.id}`;
  return (
    <section className="stack export-page" aria-labelledby="edition-title">
      <p className="no-print">
        <Link to={`/plans/${planId}/editions`}>{t("editions.title")}</Link>
      </p>
      {params.get("frozen") ? (
        <p className="notice" role="status">
          {t("editions.frozen", { name: edition.name })}
        </p>
      ) : null}
      <h1 id="edition-title">{edition.name}</h1>
      <p>
        {format.date(edition.date)} · {t(`audience.${edition.audience}`)} · {t("summary.actions", { count: edition.actions })}
      </p>
      <p className="muted">{t("editions.frozenOn", { at: format.dateTime(edition.createdAt), by: edition.by ?? "" })}</p>
      {edition.note ? <p>{edition.note}</p> : null}

      <section className="card stack" aria-labelledby="edition-download">
        <h2 id="edition-download">{t("editions.download")}</h2>
        <ul className="export-formats">
          <li>
            <DownloadLink href={`${base}/docx`} className="button primary">
              {t("formats.docx")}
            </DownloadLink>
          </li>
          <li>
            <DownloadLink href={`${base}/md`} className="button">
              {t("formats.md")}
            </DownloadLink>
          </li>
          <li>
            <Link to={`${base}/print`} className="button">
              {t("formats.print")}
            </Link>
          </li>
        </ul>
      </section>

      <Form method="get" className="compare-form">
        <SelectField label={t("editions.compareWith")} name="against" defaultValue={against}>
          <option value="living">{t("editions.living")}</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({format.date(o.date)})
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button">
          {t("editions.compareButton")}
        </button>
      </Form>
      <Comparison c={comparison} from={fromName} to={toName ?? t("editions.living")} />
    </section>
  );
}
