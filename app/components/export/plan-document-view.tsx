import { Fragment, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Block, Inline } from "~/domain/document/blocks";
import type { EditionInfo } from "~/domain/document/markdown";
import { actionsOf, emptiness, outline, type PlanDocument } from "~/domain/document/plan-document";
import { ACTION_COLUMNS, actionRow, annexLabel, excludedCounts, formatDay, gap, level, runningHeader, sectorName, type DocText } from "~/domain/document/text";

/** The same words as the Markdown and DOCX files, with the reader's catalogue. */
export function useDocText(): DocText {
  const { t, i18n } = useTranslation(["export", "mnr", "common"]);
  return { t: (key, options) => t(key, options as never) as unknown as string, locale: i18n.language };
}

function Inlines({ content }: { content: readonly Inline[] }) {
  return (
    <>
      {content.map((i, n) => {
        let node: ReactNode = i.text.split("\n").map((line, k) => (
          <Fragment key={k}>
            {k > 0 ? <br /> : null}
            {line}
          </Fragment>
        ));
        if (i.bold) node = <strong>{node}</strong>;
        if (i.italic) node = <em>{node}</em>;
        if (i.link)
          node = (
            <a href={i.link} rel="noopener noreferrer nofollow">
              {node}
            </a>
          );
        return <Fragment key={n}>{node}</Fragment>;
      })}
    </>
  );
}

/** Rich text blocks; `shift` moves the text's own headings below the section heading. */
export function Blocks({ blocks, shift }: { blocks: readonly Block[]; shift: number }) {
  return (
    <>
      {blocks.map((b, n) => {
        switch (b.type) {
          case "heading": {
            const Tag = `h${Math.min(6, b.level + shift)}` as "h3";
            return (
              <Tag key={n}>
                <Inlines content={b.content} />
              </Tag>
            );
          }
          case "paragraph":
            return (
              <p key={n}>
                <Inlines content={b.content} />
              </p>
            );
          case "list": {
            const Tag = b.ordered ? "ol" : "ul";
            return (
              <Tag key={n}>
                {b.items.map((item, k) => (
                  <li key={k}>
                    <Blocks blocks={item} shift={shift} />
                  </li>
                ))}
              </Tag>
            );
          }
          case "quote":
            return (
              <blockquote key={n}>
                <Blocks blocks={b.blocks} shift={shift} />
              </blockquote>
            );
          case "table":
            return (
              <table key={n} className="doc-table">
                <tbody>
                  {b.rows.map((row, r) => (
                    <tr key={r}>
                      {row.map((cell, c) =>
                        cell.header ? (
                          <th key={c} scope={r === 0 ? "col" : "row"}>
                            <Blocks blocks={cell.blocks} shift={shift} />
                          </th>
                        ) : (
                          <td key={c}>
                            <Blocks blocks={cell.blocks} shift={shift} />
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            );
        }
      })}
    </>
  );
}

function Lines({ lines }: { lines: string[] }) {
  return (
    <>
      {lines.map((l, i) => (
        <Fragment key={i}>
          {i > 0 ? <br /> : null}
          {l}
        </Fragment>
      ))}
    </>
  );
}

/**
 * The plan document as one printable page: cover, contents, numbered sections (each domain on a
 * new page when printed), annexes. Rendered from the same PlanDocument as the files.
 */
export function PlanDocumentView({ doc, edition }: { doc: PlanDocument; edition?: EditionInfo }) {
  const text = useDocText();
  const { t } = text;
  const labels = annexLabel(t);
  const sections = outline(doc, labels);
  const numberOf = new Map(sections.map((s) => [s.anchor, s.number]));
  const empty = emptiness(doc);
  const p = doc.plan;
  const period = `${p.startYear}–${p.endYear}`;
  const caps = doc.domains.flatMap((d) => d.capabilities);
  const Empty = ({ k }: { k: string }) => <p className="doc-empty">{t(k)}</p>;

  return (
    <article className="plan-document" data-running-header={runningHeader(t, p)}>
      <header className="doc-cover">
        <p className="doc-kicker">{t("export:doc.cover.kicker")}</p>
        <h1 className="doc-title">{p.title}</h1>
        {p.countryName ? <p className="doc-country">{p.countryName}</p> : null}
        <p className="doc-period">{period}</p>
        <dl className="doc-meta">
          <dt>{t("export:doc.cover.audience")}</dt>
          <dd>{t(`export:audience.${doc.audience}`)}</dd>
          {edition ? (
            <>
              <dt>{t("export:doc.cover.edition")}</dt>
              <dd>
                {edition.name} ({formatDay(text, edition.date)})
              </dd>
            </>
          ) : (
            <>
              <dt>{t("export:doc.cover.generated")}</dt>
              <dd>{formatDay(text, doc.generatedAt.slice(0, 10))}</dd>
            </>
          )}
        </dl>
        {edition?.note ? <p>{edition.note}</p> : null}
        {p.description ? <p>{p.description}</p> : null}
        {p.archived ? <p className="doc-empty">{t("export:doc.archived")}</p> : null}
        {doc.excluded.capabilities + doc.excluded.actions > 0 ? <p className="doc-empty">{t("export:doc.excludedNotice", excludedCounts(t, doc.excluded))}</p> : null}
      </header>

      <nav className="doc-contents" aria-labelledby="doc-contents-title">
        <h2 id="doc-contents-title">{t("export:doc.contents")}</h2>
        <ol>
          {sections.map((s) => (
            <li key={s.anchor} className={s.level === 2 ? "doc-contents-sub" : undefined}>
              <a href={`#${s.anchor}`}>
                <span className="doc-number">{s.number}</span> {s.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      <section className="doc-section" aria-labelledby="introduction">
        <h2 id="introduction">
          {numberOf.get("introduction")} {labels.introduction}
        </h2>
        {empty.introduction ? <Empty k="export:empty.introduction" /> : <Blocks blocks={doc.introduction} shift={2} />}
        {empty.noActions ? <Empty k="export:empty.noActions" /> : null}
      </section>

      {doc.domains.map((d) => (
        <section key={d.id} className="doc-section doc-domain" aria-labelledby={`domain-${d.id}`}>
          <h2 id={`domain-${d.id}`}>
            {numberOf.get(`domain-${d.id}`)} {d.name}
          </h2>
          {d.summary ? <p>{d.summary}</p> : null}
          {d.capabilities.map((c) => {
            const actions = actionsOf(doc, c);
            return (
              <section key={c.id} className="doc-capability" aria-labelledby={`capability-${c.id}`}>
                <h3 id={`capability-${c.id}`}>
                  {numberOf.get(`capability-${c.id}`)} {c.name} <span className="doc-mnr">({t("export:doc.mnrNumber", { number: c.number })})</span>
                </h3>
                <p>
                  <strong>{t("export:doc.whatItMeans")}</strong> {c.summary}
                </p>
                <h4>{t("export:doc.maturity")}</h4>
                <table className="doc-table doc-maturity">
                  <thead>
                    <tr>
                      <th scope="col">{t("mnr:level.baseline")}</th>
                      <th scope="col">{t("mnr:level.current")}</th>
                      <th scope="col">{t("mnr:level.target")}</th>
                      <th scope="col">{t("mnr:gap.title")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <td>{level(text, doc, c.levels.baseline)}</td>
                      <td>{level(text, doc, c.levels.current)}</td>
                      <td>{level(text, doc, c.levels.target)}</td>
                      <td>{gap(text, c.gap)}</td>
                    </tr>
                  </tbody>
                </table>
                <p>
                  <strong>{t("mnr:sectors.lead")}:</strong> {c.leadSectors.map((s) => sectorName(text, s)).join(", ") || t("mnr:sectors.none")}
                  <br />
                  <strong>{t("mnr:sectors.partner")}:</strong> {c.partnerSectors.map((s) => sectorName(text, s)).join(", ") || t("mnr:sectors.none")}
                </p>
                <h4>{t("export:doc.narrative")}</h4>
                {c.narrative.length ? <Blocks blocks={c.narrative} shift={4} /> : <Empty k="export:empty.narrative" />}
                <h4>{t("export:doc.actions")}</h4>
                {actions.length === 0 ? (
                  <Empty k="export:empty.actions" />
                ) : (
                  <table className="doc-table doc-actions">
                    <thead>
                      <tr>
                        {ACTION_COLUMNS.map((col) => (
                          <th key={col} scope="col">
                            {t(`export:columns.${col}`)}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {actions.map((a) => {
                        const row = actionRow(text, a);
                        return (
                          <tr key={a.id} data-action={a.ref}>
                            {ACTION_COLUMNS.map((col) =>
                              col === "ref" ? (
                                <th key={col} scope="row">
                                  {a.ref}
                                </th>
                              ) : (
                                <td key={col}>
                                  <Lines lines={row[col]} />
                                </td>
                              ),
                            )}
                          </tr>
                        );
                      })}
                    </tbody>
                  </table>
                )}
              </section>
            );
          })}
        </section>
      ))}
      {empty.noCapabilities ? <Empty k="export:empty.noCapabilities" /> : null}

      <section className="doc-section doc-annex" aria-labelledby="annex-gap">
        <h2 id="annex-gap">
          {numberOf.get("annex-gap")} {labels.gap}
        </h2>
        {empty.noAssessment ? <Empty k="export:empty.noAssessment" /> : null}
        {caps.length ? (
          <table className="doc-table">
            <thead>
              <tr>
                <th scope="col">{t("export:columns.capability")}</th>
                <th scope="col">{t("mnr:level.baseline")}</th>
                <th scope="col">{t("mnr:level.current")}</th>
                <th scope="col">{t("mnr:level.target")}</th>
                <th scope="col">{t("mnr:gap.title")}</th>
              </tr>
            </thead>
            <tbody>
              {caps.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {c.number}. {c.name}
                  </th>
                  <td>{level(text, doc, c.levels.baseline)}</td>
                  <td>{level(text, doc, c.levels.current)}</td>
                  <td>{level(text, doc, c.levels.target)}</td>
                  <td>{gap(text, c.gap)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>

      <section className="doc-section doc-annex" aria-labelledby="annex-glossary">
        <h2 id="annex-glossary">
          {numberOf.get("annex-glossary")} {labels.glossary}
        </h2>
        <p className="doc-empty">{t("export:doc.glossaryIntro")}</p>
        <dl className="doc-glossary">
          {doc.glossary.map((g) => (
            <Fragment key={g.term}>
              <dt>{g.term}</dt>
              <dd>{g.definition}</dd>
            </Fragment>
          ))}
        </dl>
      </section>

      <section className="doc-section doc-annex" aria-labelledby="annex-organisations">
        <h2 id="annex-organisations">
          {numberOf.get("annex-organisations")} {labels.organisations}
        </h2>
        {empty.noOrganisations ? (
          <Empty k="export:empty.noOrganisations" />
        ) : (
          <table className="doc-table">
            <thead>
              <tr>
                <th scope="col">{t("export:columns.organisation")}</th>
                <th scope="col">{t("export:columns.sector")}</th>
                <th scope="col">{t("export:columns.type")}</th>
              </tr>
            </thead>
            <tbody>
              {doc.organisations.map((o, i) => (
                <tr key={i}>
                  <th scope="row">{o.name}</th>
                  <td>{sectorName(text, o.sector)}</td>
                  <td>{o.type}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </article>
  );
}
