import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CollabDocument } from "~/collab/collab-document";
import { collabLinks } from "~/collab/collaborative-editor";
import { loadCollabDoc } from "~/collab/doc-access.server";
import { DownloadLink } from "~/components/export/download-link";
import { isEmptyText } from "~/domain/document/blocks";
import { AUDIENCES, emptiness } from "~/domain/document/plan-document";
import { excludedCounts } from "~/domain/document/text";
import { audienceFrom, documentText, livingDocument } from "~/services/export.server";
import { hasPermission, requirePlanMember } from "~/services/plan-access.server";
import exportStyles from "~/styles/export.css?url";

export const links: LinksFunction = () => [...collabLinks(), { rel: "stylesheet", href: exportStyles }];
export const meta: MetaFunction = () => [{ title: "Export · Taskforce" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const audience = audienceFrom(new URL(request.url));
  const [doc, introduction] = await Promise.all([
    livingDocument(context.services, access, audience, await documentText(request)),
    // The plan-level narrative exists only for the document, so it is edited here.
    loadCollabDoc(context.services.db, access, { kind: "introduction", planId: access.plan.id }),
  ]);
  const capabilities = doc.domains.flatMap((d) => d.capabilities);
  return {
    planId: access.plan.id,
    audience,
    introduction,
    summary: {
      capabilities: capabilities.length,
      actions: Object.keys(doc.actions).length,
      narratives: capabilities.filter((c) => !isEmptyText(c.narrative)).length,
    },
    excluded: doc.excluded,
    empty: emptiness(doc),
    archived: doc.plan.archived,
    canFreeze: hasPermission(access, "edition.freeze"),
    canSeeEditions: hasPermission(access, "edition.view"),
  };
}

export default function ExportPage() {
  const { t } = useTranslation("export");
  const { planId, audience, introduction, summary, excluded, empty, canFreeze, canSeeEditions } = useLoaderData<typeof loader>();
  const base = `/plans/${planId}`;
  const q = `?edition=${audience}`;
  const emptyKeys = [
    empty.introduction && "empty.introduction",
    empty.noActions && "empty.noActions",
    empty.noCapabilities && "empty.noCapabilities",
    empty.noNarratives && !empty.noCapabilities && "empty.narrative",
    empty.noAssessment && "empty.noAssessment",
    empty.noOrganisations && "empty.noOrganisations",
  ].filter((k): k is string => typeof k === "string");
  return (
    <section className="stack export-page" aria-labelledby="export-title">
      <h1 id="export-title">{t("title")}</h1>
      <p className="muted">{t("intro")}</p>

      <Form method="get" className="card stack export-audience">
        <fieldset>
          <legend>{t("audience.label")}</legend>
          {AUDIENCES.map((a) => (
            <label key={a} className="export-choice">
              <input type="radio" name="edition" value={a} defaultChecked={a === audience} /> <strong>{t(`audience.${a}`)}</strong>{" "}
              <span className="muted">{t(a === "public" ? "audience.publicHint" : "audience.internalHint")}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button small">
          {t("audience.choose")}
        </button>
      </Form>

      <section className="card stack" aria-labelledby="export-summary">
        <h2 id="export-summary">{t("summary.title")}</h2>
        <p role="status">
          {t("summary.capabilities", { count: summary.capabilities })} · {t("summary.actions", { count: summary.actions })} · {t("summary.narratives", { count: summary.narratives })}
        </p>
        {audience === "public" && excluded.capabilities + excluded.actions > 0 ? <p>{t("summary.excluded", excludedCounts((key, options) => t(key, options), excluded))}</p> : null}
        {emptyKeys.length ? (
          <ul className="export-empty">
            {emptyKeys.map((k) => (
              <li key={k}>{t(k)}</li>
            ))}
          </ul>
        ) : null}
      </section>

      <section className="card stack" aria-labelledby="export-download">
        <h2 id="export-download">{t("formats.title")}</h2>
        <ul className="export-formats">
          <li>
            <DownloadLink href={`${base}/export/docx${q}`} className="button primary">
              {t("formats.docx")}
            </DownloadLink>
          </li>
          <li>
            <DownloadLink href={`${base}/export/md${q}`} className="button">
              {t("formats.md")}
            </DownloadLink>
          </li>
          <li>
            <Link to={`${base}/export/print${q}`} className="button">
              {t("formats.print")}
            </Link>
          </li>
        </ul>
      </section>

      {introduction ? (
        <section className="card stack" aria-labelledby="export-introduction">
          <h2 id="export-introduction">{t("introduction.title")}</h2>
          <p className="muted">{t("introduction.hint")}</p>
          <CollabDocument planId={planId} doc={introduction} label={t("introduction.title")} />
        </section>
      ) : null}

      <ul className="export-links">
        {canFreeze ? (
          <li>
            <Link to={`${base}/export/exclusions`}>{t("exclusions.link")}</Link>
          </li>
        ) : null}
        {canSeeEditions ? (
          <li>
            <Link to={`${base}/editions`}>{t("editions.link")}</Link>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
