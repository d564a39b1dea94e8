import type { DocAction, DocIndicator, PlanDocument } from "./plan-document";

/**
 * The words and formats every renderer (Markdown, DOCX, print page) shares, so the three formats
 * say the same thing. `t` is an i18next fixed-T over the `export`, `mnr` and `common` namespaces.
 */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface DocText {
  t: Translate;
  locale: string;
}

/** The glossary's entries (catalogue keys under export:glossary.<id>), in reading order. */
export const GLOSSARY_IDS = [
  "csam",
  "csem",
  "ocsea",
  "sexual-exploitation",
  "grooming",
  "sexual-extortion",
  "self-generated",
  "child",
  "victim-survivor",
  "person-at-risk",
  "hotline",
  "helpline",
  "mnr",
] as const;

/**
 * Does the title already name the plan's period ("… 2026–2029", "2026-29")? Then headers and file
 * names do not repeat it.
 */
export function titleNamesPeriod(title: string, startYear: number, endYear: number): boolean {
  return new RegExp(`(^|\\D)${startYear}\\s*[-–—/]\\s*(${endYear}|${String(endYear).slice(-2)})(\\D|$)`).test(title);
}

/** The running header of printed and DOCX pages: the title and the period, the period once. */
export function runningHeader(t: Translate, plan: { title: string; startYear: number; endYear: number }): string {
  if (titleNamesPeriod(plan.title, plan.startYear, plan.endYear)) return plan.title;
  return t("export:doc.runningHeader", { title: plan.title, period: `${plan.startYear}–${plan.endYear}` });
}

/** "2 capabilities" and "1 action": the parts of sentences about what a public edition leaves out. */
export function excludedCounts(t: Translate, excluded: { capabilities: number; actions: number }): { capabilities: string; actions: string } {
  return { capabilities: t("export:summary.capabilities", { count: excluded.capabilities }), actions: t("export:summary.actions", { count: excluded.actions }) };
}

export function glossaryEntries(t: Translate): Array<{ term: string; definition: string }> {
  return GLOSSARY_IDS.map((id) => ({ term: t(`export:glossary.${id}.term`), definition: t(`export:glossary.${id}.definition`) }));
}

// Building an Intl formatter costs far more than using one; a 500-action export formats thousands
// of dates and amounts, so formatters are kept per locale (and currency).
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) formatters.set(key, (f = make()));
  return f;
}

export function formatDay(text: DocText, day: string | null): string {
  if (!day) return "";
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T00:00:00Z` : day);
  if (Number.isNaN(d.getTime())) return day;
  return cached(`date:${text.locale}`, () => new Intl.DateTimeFormat(text.locale, { dateStyle: "medium", timeZone: "UTC" })).format(d);
}

export function formatNumber(text: DocText, n: number): string {
  return cached(`number:${text.locale}`, () => new Intl.NumberFormat(text.locale, { maximumFractionDigits: 2 })).format(n);
}

export function timeframe(text: DocText, a: Pick<DocAction, "startDate" | "dueDate" | "ongoing">): string {
  const { t } = text;
  const from = formatDay(text, a.startDate);
  const to = formatDay(text, a.dueDate);
  if (a.ongoing) return from ? t("export:timeframe.ongoingFrom", { from }) : t("export:timeframe.ongoing");
  if (from && to) return t("export:timeframe.range", { from, to });
  if (to) return t("export:timeframe.until", { to });
  if (from) return t("export:timeframe.from", { from });
  return t("export:timeframe.none");
}

export function budget(text: DocText, a: Pick<DocAction, "budget">): string {
  const { t } = text;
  const b = a.budget;
  if (b.noCost) return t("export:budget.noCost");
  if (b.amount === null) return b.source ? t("export:budget.sourceOnly", { source: b.source }) : t("export:budget.none");
  let amount: string;
  try {
    const currency = b.currency;
    amount = currency
      ? cached(`currency:${text.locale}:${currency}`, () => new Intl.NumberFormat(text.locale, { style: "currency", currency, maximumFractionDigits: 0 })).format(b.amount)
      : formatNumber(text, b.amount);
  } catch {
    amount = `${formatNumber(text, b.amount)} ${b.currency ?? ""}`.trim();
  }
  return b.source ? t("export:budget.withSource", { amount, source: b.source }) : amount;
}

export function indicator(text: DocText, i: DocIndicator): string {
  const num = (v: number | null) => (v === null ? "–" : `${formatNumber(text, v)}${i.unit ? ` ${i.unit}` : ""}`);
  const parts = [i.name];
  if (i.baseline !== null || i.target !== null) parts.push(text.t("export:indicator.values", { baseline: num(i.baseline), target: num(i.target) }));
  if (i.dataSource) parts.push(text.t("export:indicator.source", { source: i.dataSource }));
  return parts.join(" · ");
}

export function indicators(text: DocText, a: Pick<DocAction, "indicators">): string[] {
  return a.indicators.map((i) => indicator(text, i));
}

export function status(text: DocText, a: Pick<DocAction, "status">): string {
  return text.t(`mnr:status.${a.status}`);
}

export function sectorName(text: DocText, sector: string): string {
  return text.t(`common:sectors.${sector}`);
}

export function level(text: DocText, doc: PlanDocument, value: number | null): string {
  if (value === null) return text.t("mnr:level.notAssessed");
  const name = doc.maturityLevels.find((l) => l.level === value)?.name;
  return name ? `${value} – ${name}` : String(value);
}

export function gap(text: DocText, g: { state: string; size: number | null }): string {
  if (g.state === "gap" && g.size !== null) return text.t("mnr:gap.levels", { count: g.size });
  return text.t(`mnr:gap.${g.state}`);
}

/** The action columns of every actions table, in order. */
export const ACTION_COLUMNS = ["ref", "action", "lead", "partners", "timeframe", "indicators", "budget", "status"] as const;

export function actionRow(text: DocText, a: DocAction): Record<(typeof ACTION_COLUMNS)[number], string[]> {
  return {
    ref: [a.ref],
    action: a.objective ? [a.title, a.objective] : [a.title],
    lead: [a.leadOrganisation],
    partners: a.partners.length ? a.partners : ["–"],
    timeframe: [timeframe(text, a)],
    indicators: a.indicators.length ? indicators(text, a) : ["–"],
    budget: [budget(text, a)],
    status: [status(text, a)],
  };
}

export function annexLabel(t: Translate) {
  return {
    introduction: t("export:doc.introduction"),
    gap: t("export:doc.gap"),
    glossary: t("export:doc.glossary"),
    organisations: t("export:doc.organisations"),
    annex: (letter: string) => t("export:doc.annex", { letter }),
  };
}
