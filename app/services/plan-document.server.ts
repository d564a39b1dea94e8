import * as Y from "yjs";
import { compareRefs, isActionStatus } from "~/domain/actions";
import { planCountryName } from "~/domain/countries";
import { ydocToBlocks, type Block } from "~/domain/document/blocks";
import { PLAN_DOCUMENT_FORMAT, type Audience, type DocAction, type DocDomain, type PlanDocument } from "~/domain/document/plan-document";
import { glossaryEntries, type Translate } from "~/domain/document/text";
import { can } from "~/domain/policy";
import { isSector, type Sector } from "~/domain/sectors";
import type { DB } from "../../db/connect";
import { listOrganisations } from "../../db/repositories/plans";
import { listDocumentActions, listDocumentIndicators, listDocumentPartners, listExclusions, loadDocStates } from "../../db/repositories/plan-document";
import { DOC_FIELD, docName } from "../../server/sync/doc-names";
import type { PlanAccess } from "./plan-access.server";
import { nowIso } from "./ids.server";
import { loadPlanStructure } from "./plan-structure.server";

/** Who reads the plan (a PlanAccess fits; the benchmark builds one by hand). */
export type DocumentReader = Pick<PlanAccess, "plan" | "actor" | "framework" | "planFacts">;

export interface DocumentOptions {
  audience: Audience;
  /** Catalogue text for the glossary (it is frozen with an edition, in the freezer's language). */
  t: Translate;
  locale: string;
}

/**
 * The living plan as a document, as `reader` may see it. Only the capability narratives and the
 * plan introduction are read from the collaborative documents: sector-confidential notes are never
 * loaded, so no filter can forget them. A public edition leaves out what the coordinator excluded.
 */
export async function buildPlanDocument(db: DB, reader: DocumentReader, options: DocumentOptions): Promise<PlanDocument> {
  const { plan, framework } = reader;
  const allowed = (verb: "capability.view" | "action.view", facts: Parameters<typeof can>[2]) => can(reader.actor, verb, { ...reader.planFacts, ...facts });

  const capabilityDocs = framework.capabilities.map((c) => docName({ kind: "capability", planId: plan.id, capabilityId: c.id }));
  const introductionDoc = docName({ kind: "introduction", planId: plan.id });
  const [structure, actionRows, partnerRows, indicatorRows, organisations, exclusionRows, docStates] = await Promise.all([
    loadPlanStructure(db, plan, framework),
    listDocumentActions(db, plan.id),
    listDocumentPartners(db, plan.id),
    listDocumentIndicators(db, plan.id),
    listOrganisations(db, plan.id),
    listExclusions(db, plan.id),
    loadDocStates(db, [introductionDoc, ...capabilityDocs]),
  ]);

  const excluded = { capabilities: new Set<string>(), actions: new Set<string>() };
  if (options.audience === "public") {
    for (const e of exclusionRows) (e.kind === "capability" ? excluded.capabilities : excluded.actions).add(e.target_id);
  }

  const partnersOf = group(partnerRows, (r) => r.action_id, (r) => r.name);
  const indicatorsOf = group(
    indicatorRows,
    (r) => r.action_id,
    (r) => ({ name: r.name, unit: r.unit, baseline: num(r.baseline), target: num(r.target), current: num(r.current_value), dataSource: r.data_source }),
  );
  const capsOfAction = new Map(structure.actions.map((a) => [a.id, a.capabilityIds]));

  const actions: Record<string, DocAction> = {};
  const idsOfCapability = new Map<string, DocAction[]>();
  let excludedActions = 0;
  for (const r of actionRows) {
    if (!isActionStatus(r.status) || !isSector(r.sector)) continue;
    if (!allowed("action.view", { sector: r.sector, organisationId: r.organisation_id, assigneeId: r.assignee_id })) continue;
    // An action shows under its capabilities; one left with none to show under is left out too.
    const capabilityIds = (capsOfAction.get(r.id) ?? []).filter((c) => !excluded.capabilities.has(c));
    if (excluded.actions.has(r.id) || (options.audience === "public" && capabilityIds.length === 0 && (capsOfAction.get(r.id) ?? []).length > 0)) {
      excludedActions++;
      continue;
    }
    const a: DocAction = {
      id: r.id,
      ref: r.ref,
      title: r.title,
      objective: r.objective,
      leadOrganisation: r.organisation_name,
      partners: partnersOf.get(r.id) ?? [],
      startDate: r.start_date,
      dueDate: r.due_date,
      ongoing: Number(r.ongoing) === 1,
      indicators: indicatorsOf.get(r.id) ?? [],
      budget: { amount: num(r.budget_amount), currency: r.budget_currency, source: r.budget_source, noCost: Number(r.no_cost) === 1 },
      status: r.status,
      progress: Number(r.progress),
    };
    actions[r.id] = a;
    for (const c of capabilityIds) (idsOfCapability.get(c) ?? idsOfCapability.set(c, []).get(c)!).push(a);
  }

  const narrative = (name: string): Block[] => {
    const parts = docStates.get(name);
    if (!parts?.length) return [];
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts));
      return ydocToBlocks(doc, DOC_FIELD);
    } finally {
      doc.destroy();
    }
  };

  const stateOf = new Map(structure.capabilities.map((c) => [c.id, c]));
  let excludedCapabilities = 0;
  const domains: DocDomain[] = framework.domains.map((d) => ({
    id: d.id,
    number: d.number,
    name: d.name,
    summary: d.summary,
    capabilities: d.capabilities.flatMap((c) => {
      const state = stateOf.get(c.id)!;
      if (!allowed("capability.view", { leadSectors: state.leadSectors, partnerSectors: state.partnerSectors })) return [];
      if (excluded.capabilities.has(c.id)) {
        excludedCapabilities++;
        return [];
      }
      return [
        {
          id: c.id,
          number: c.number,
          name: c.name,
          summary: c.summary,
          leadSectors: state.leadSectors,
          partnerSectors: state.partnerSectors,
          levels: { ...state.levels },
          gap: { state: state.gap.state, size: state.gap.size },
          narrative: narrative(docName({ kind: "capability", planId: plan.id, capabilityId: c.id })),
          actionIds: (idsOfCapability.get(c.id) ?? []).sort((x, y) => compareRefs(x.ref, y.ref)).map((a) => a.id),
        },
      ];
    }),
  }));

  const typeName = new Map(framework.organisationTypes.map((t) => [t.id, t.name]));
  return {
    format: PLAN_DOCUMENT_FORMAT,
    audience: options.audience,
    generatedAt: nowIso(),
    plan: {
      id: plan.id,
      title: plan.title,
      country: plan.country,
      countryName: planCountryName(plan, options.locale),
      startYear: plan.start_year,
      endYear: plan.end_year,
      description: plan.description,
      archived: plan.archived_at !== null,
      framework: framework.label,
    },
    maturityLevels: framework.maturityLevels.map((l) => ({ level: l.level, name: l.name })),
    introduction: narrative(introductionDoc),
    domains: domains.filter((d) => d.capabilities.length > 0),
    actions,
    organisations: organisations.flatMap((o) => (isSector(o.sector) ? [{ name: o.name, sector: o.sector as Sector, type: typeName.get(o.org_type) ?? o.org_type }] : [])),
    glossary: glossaryEntries(options.t),
    excluded: { capabilities: excludedCapabilities, actions: excludedActions },
  };
}

/** A stored edition's JSON → the document (editions are validated only for their format). */
export function parsePlanDocument(json: string): PlanDocument {
  const doc = JSON.parse(json) as PlanDocument;
  if (doc.format !== PLAN_DOCUMENT_FORMAT) throw new Error(`unsupported plan document format ${String(doc.format)}`);
  return doc;
}

function group<R, V>(rows: readonly R[], key: (r: R) => string, value: (r: R) => V): Map<string, V[]> {
  const out = new Map<string, V[]>();
  for (const r of rows) (out.get(key(r)) ?? out.set(key(r), []).get(key(r))!).push(value(r));
  return out;
}

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}
