import { compareRefs, type ActionStatus } from "../actions";
import type { GapState } from "../gap";
import type { Sector } from "../sectors";
import { blocksText, isEmptyText, type Block } from "./blocks";

/**
 * The plan as a document: everything an export shows, as plain data. The living plan is built
 * into this shape on demand (app/services/plan-document.server.ts); a frozen edition stores
 * exactly this JSON, so an edition renders and compares the same way years later.
 * Confidential sector notes are not part of the shape at all.
 */

export const PLAN_DOCUMENT_FORMAT = 1;
export const AUDIENCES = ["public", "internal"] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Limits of an edition's name and note (form and service share them). */
export const EDITION_NAME_MAX = 200;
export const EDITION_NOTE_MAX = 1000;

export function isAudience(v: unknown): v is Audience {
  return typeof v === "string" && (AUDIENCES as readonly string[]).includes(v);
}

export interface DocIndicator {
  name: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  current: number | null;
  dataSource: string;
}

export interface DocAction {
  id: string;
  ref: string;
  title: string;
  objective: string;
  leadOrganisation: string;
  partners: string[];
  startDate: string | null;
  dueDate: string | null;
  ongoing: boolean;
  indicators: DocIndicator[];
  budget: { amount: number | null; currency: string | null; source: string | null; noCost: boolean };
  status: ActionStatus;
  progress: number;
}

export interface DocLevels {
  baseline: number | null;
  current: number | null;
  target: number | null;
}

export interface DocCapability {
  id: string;
  number: number;
  name: string;
  /** What it means (the framework's summary). */
  summary: string;
  leadSectors: Sector[];
  partnerSectors: Sector[];
  levels: DocLevels;
  gap: { state: GapState; size: number | null };
  narrative: Block[];
  /** Ids of the actions linked to this capability, in reference order (details in `actions`). */
  actionIds: string[];
}

export interface DocDomain {
  id: string;
  number: number;
  name: string;
  summary: string;
  capabilities: DocCapability[];
}

export interface DocOrganisation {
  name: string;
  sector: Sector;
  type: string;
}

export interface PlanDocument {
  format: typeof PLAN_DOCUMENT_FORMAT;
  audience: Audience;
  /** When this content was read from the living plan (ISO). */
  generatedAt: string;
  plan: {
    id: string;
    title: string;
    country: string;
    countryName: string;
    startYear: number;
    endYear: number;
    description: string;
    archived: boolean;
    framework: string;
  };
  maturityLevels: Array<{ level: number; name: string }>;
  introduction: Block[];
  domains: DocDomain[];
  /** Every action shown, by id (an action linked to two capabilities appears under both). */
  actions: Record<string, DocAction>;
  organisations: DocOrganisation[];
  glossary: Array<{ term: string; definition: string }>;
  /** How much a public edition leaves out (counts only: the excluded items are not in here). */
  excluded: { capabilities: number; actions: number };
}

// ---------------------------------------------------------------------------------------------
// Outline: the section numbers every format shares.

export interface OutlineEntry {
  /** "1", "2", "2.1", "A" … */
  number: string;
  title: string;
  level: 1 | 2;
  anchor: string;
}

/** 1 Introduction, then one section per domain (2…7) with a subsection per capability; annexes A–C. */
export function outline(doc: PlanDocument, labels: { introduction: string; gap: string; glossary: string; organisations: string; annex: (letter: string) => string }): OutlineEntry[] {
  const out: OutlineEntry[] = [{ number: "1", title: labels.introduction, level: 1, anchor: "introduction" }];
  doc.domains.forEach((d, i) => {
    const n = String(i + 2);
    out.push({ number: n, title: d.name, level: 1, anchor: `domain-${d.id}` });
    d.capabilities.forEach((c, j) => out.push({ number: `${n}.${j + 1}`, title: c.name, level: 2, anchor: `capability-${c.id}` }));
  });
  out.push({ number: labels.annex("A"), title: labels.gap, level: 1, anchor: "annex-gap" });
  out.push({ number: labels.annex("B"), title: labels.glossary, level: 1, anchor: "annex-glossary" });
  out.push({ number: labels.annex("C"), title: labels.organisations, level: 1, anchor: "annex-organisations" });
  return out;
}

/** What is empty, so every format can say so instead of showing bare headings. */
export function emptiness(doc: PlanDocument) {
  const capabilities = doc.domains.flatMap((d) => d.capabilities);
  return {
    introduction: isEmptyText(doc.introduction),
    noCapabilities: capabilities.length === 0,
    noActions: Object.keys(doc.actions).length === 0,
    noNarratives: capabilities.every((c) => isEmptyText(c.narrative)),
    noAssessment: capabilities.every((c) => c.levels.baseline === null && c.levels.current === null && c.levels.target === null),
    noOrganisations: doc.organisations.length === 0,
  };
}

export function actionsOf(doc: PlanDocument, capability: DocCapability): DocAction[] {
  return capability.actionIds.map((id) => doc.actions[id]).filter((a): a is DocAction => a !== undefined);
}

// ---------------------------------------------------------------------------------------------
// Comparison between two documents (an edition and the living plan, or two editions).

export interface ActionRef {
  id: string;
  ref: string;
  title: string;
}

export interface PlanComparison {
  added: Array<ActionRef & { status: ActionStatus }>;
  removed: Array<ActionRef & { status: ActionStatus }>;
  statusChanged: Array<ActionRef & { from: ActionStatus; to: ActionStatus }>;
  /** Other fields of an action that changed (title, dates, lead, budget …), by field name. */
  edited: Array<ActionRef & { fields: string[] }>;
  narrativesChanged: Array<{ id: string; number: number; name: string }>;
  introductionChanged: boolean;
  maturityChanged: Array<{ id: string; number: number; name: string; kind: keyof DocLevels; from: number | null; to: number | null }>;
  capabilitiesAdded: Array<{ id: string; number: number; name: string }>;
  capabilitiesRemoved: Array<{ id: string; number: number; name: string }>;
}

const EDIT_FIELDS = ["ref", "title", "objective", "leadOrganisation", "partners", "startDate", "dueDate", "ongoing", "indicators", "budget", "progress"] as const;

/** What changed from `before` to `after`. Pure; lists are in reference/capability order. */
export function comparePlanDocuments(before: PlanDocument, after: PlanDocument): PlanComparison {
  const ref = (a: DocAction): ActionRef => ({ id: a.id, ref: a.ref, title: a.title });
  const byRef = (x: ActionRef, y: ActionRef) => compareRefs(x.ref, y.ref);
  const result: PlanComparison = {
    added: [],
    removed: [],
    statusChanged: [],
    edited: [],
    narrativesChanged: [],
    introductionChanged: blocksText(before.introduction) !== blocksText(after.introduction) || JSON.stringify(before.introduction) !== JSON.stringify(after.introduction),
    maturityChanged: [],
    capabilitiesAdded: [],
    capabilitiesRemoved: [],
  };
  for (const [id, a] of Object.entries(after.actions)) {
    const b = before.actions[id];
    if (!b) {
      result.added.push({ ...ref(a), status: a.status });
      continue;
    }
    if (a.status !== b.status) result.statusChanged.push({ ...ref(a), from: b.status, to: a.status });
    const fields = EDIT_FIELDS.filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]));
    if (fields.length) result.edited.push({ ...ref(a), fields: [...fields] });
  }
  for (const [id, b] of Object.entries(before.actions)) if (!after.actions[id]) result.removed.push({ ...ref(b), status: b.status });
  result.added.sort(byRef);
  result.removed.sort(byRef);
  result.statusChanged.sort(byRef);
  result.edited.sort(byRef);

  const caps = (d: PlanDocument) => new Map(d.domains.flatMap((x) => x.capabilities).map((c) => [c.id, c]));
  const beforeCaps = caps(before);
  const afterCaps = caps(after);
  for (const c of afterCaps.values()) {
    const b = beforeCaps.get(c.id);
    const head = { id: c.id, number: c.number, name: c.name };
    if (!b) {
      result.capabilitiesAdded.push(head);
      continue;
    }
    if (JSON.stringify(b.narrative) !== JSON.stringify(c.narrative)) result.narrativesChanged.push(head);
    for (const kind of ["baseline", "current", "target"] as const) {
      if (b.levels[kind] !== c.levels[kind]) result.maturityChanged.push({ ...head, kind, from: b.levels[kind], to: c.levels[kind] });
    }
  }
  for (const c of beforeCaps.values()) if (!afterCaps.has(c.id)) result.capabilitiesRemoved.push({ id: c.id, number: c.number, name: c.name });
  return result;
}

export function isNoChange(c: PlanComparison): boolean {
  return (
    !c.introductionChanged &&
    [c.added, c.removed, c.statusChanged, c.edited, c.narrativesChanged, c.maturityChanged, c.capabilitiesAdded, c.capabilitiesRemoved].every((l) => l.length === 0)
  );
}
