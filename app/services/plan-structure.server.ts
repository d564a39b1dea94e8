import type { Attention } from "~/domain/capability-attention";
import { isActionStatus, todayUtc, type ActionStatus } from "~/domain/actions";
import type { Framework } from "~/domain/framework";
import { asLevel, gapOf, type Gap, type MaturityLevels } from "~/domain/gap";
import { rollUp, rollUpBy, type ProgressAction, type Rollup } from "~/domain/progress";
import { isSector, SECTORS, type Sector } from "~/domain/sectors";
import type { DB } from "../../db/connect";
import type { Plan } from "../../db/schema";
import { listActionsForRollup, listPlanActionLinks, listPlanCapabilities, userNames } from "../../db/repositories/capabilities";

/**
 * A plan's MNR structure as every view shows it: each capability's leads, maturity, gap,
 * action counts, progress and last change, plus the roll-ups by domain, sector and plan.
 * Four queries whatever the plan's size; all numbers come from app/domain/progress.ts and
 * app/domain/gap.ts, so the overview, capability page, gap analysis and dashboard agree.
 */

export interface RollupAction extends ProgressAction {
  ref: string;
  title: string;
  sector: Sector;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
  capabilityIds: string[];
}

export interface LastChange {
  at: string;
  byName: string | null;
}

export interface CapabilityState {
  id: string;
  number: number;
  name: string;
  domainId: string;
  leadSectors: Sector[];
  partnerSectors: Sector[];
  /** True while no one has set leads: the framework's typical leads apply. */
  leadsAreDefault: boolean;
  levels: MaturityLevels;
  gap: Gap;
  evidence: string;
  assessedAt: string | null;
  assessedByName: string | null;
  rollup: Rollup;
  /** Latest of: a change to the capability's settings or maturity, a change to one of its actions. */
  lastChange: LastChange | null;
  attention: Attention;
}

export interface DomainState {
  id: string;
  number: number;
  name: string;
  capabilityIds: string[];
  rollup: Rollup;
}

export interface PlanStructure {
  today: string;
  capabilities: CapabilityState[];
  domains: DomainState[];
  /** By the owning sector of each action. */
  sectors: Record<Sector, Rollup>;
  plan: Rollup;
  actions: RollupAction[];
}

function parseSectors(json: string | null | undefined): Sector[] {
  try {
    const v: unknown = JSON.parse(json ?? "[]");
    return Array.isArray(v) ? v.filter(isSector) : [];
  } catch {
    return [];
  }
}

export async function loadPlanStructure(db: DB, plan: Plan, framework: Framework, today = todayUtc()): Promise<PlanStructure> {
  const [settings, actionRows, links] = await Promise.all([listPlanCapabilities(db, plan.id), listActionsForRollup(db, plan.id), listPlanActionLinks(db, plan.id)]);

  const capsOfAction = new Map<string, string[]>();
  for (const l of links) (capsOfAction.get(l.action_id) ?? capsOfAction.set(l.action_id, []).get(l.action_id)!).push(l.capability_id);

  const actions: RollupAction[] = [];
  for (const r of actionRows) {
    if (!isActionStatus(r.status) || !isSector(r.sector)) continue;
    actions.push({
      id: r.id,
      ref: r.ref,
      title: r.title,
      sector: r.sector,
      status: r.status as ActionStatus,
      progress: Number(r.progress),
      weight: Number(r.weight),
      dueDate: r.due_date,
      ongoing: Number(r.ongoing) === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
      capabilityIds: capsOfAction.get(r.id) ?? [],
    });
  }
  const byCapability = rollUpBy(actions, (a) => a.capabilityIds, today);
  const bySector = rollUpBy(actions, (a) => [a.sector], today);

  const settingOf = new Map(settings.map((s) => [s.capability_id, s]));
  // Last change per capability: compare ISO timestamps, keep the author id to name later.
  const latest = new Map<string, { at: string; by: string | null }>();
  const consider = (capId: string, at: string | null | undefined, by: string | null) => {
    if (!at) return;
    const cur = latest.get(capId);
    if (!cur || at > cur.at) latest.set(capId, { at, by });
  };
  for (const s of settings) consider(s.capability_id, s.updated_at, s.updated_by);
  for (const a of actions) for (const c of a.capabilityIds) consider(c, a.updatedAt, a.updatedBy);
  const names = await userNames(db, [...[...latest.values()].map((l) => l.by), ...settings.map((s) => s.assessed_by)]);

  const capabilities: CapabilityState[] = framework.capabilities.map((c) => {
    const s = settingOf.get(c.id);
    const levels: MaturityLevels = {
      baseline: asLevel(s?.baseline_level ?? null),
      current: asLevel(s?.current_level ?? null),
      target: asLevel(s?.target_level ?? null),
    };
    const leadSectors = s ? parseSectors(s.lead_sectors) : [...c.defaultLeadSectors];
    const rollup = byCapability.get(c.id) ?? rollUp([], today);
    const last = latest.get(c.id);
    return {
      id: c.id,
      number: c.number,
      name: c.name,
      domainId: c.domainId,
      leadSectors,
      partnerSectors: s ? parseSectors(s.partner_sectors) : [],
      leadsAreDefault: !s,
      levels,
      gap: gapOf(levels),
      evidence: s?.evidence ?? "",
      assessedAt: s?.assessed_at ?? null,
      assessedByName: s?.assessed_by ? (names.get(s.assessed_by) ?? null) : null,
      rollup,
      lastChange: last ? { at: last.at, byName: last.by ? (names.get(last.by) ?? null) : null } : null,
      attention: {
        noLead: leadSectors.length === 0,
        noActions: rollup.total === 0,
        overdue: rollup.overdue > 0,
        notAssessed: levels.current === null && levels.baseline === null,
      },
    };
  });

  const domains: DomainState[] = framework.domains.map((d) => {
    const ids = new Set(d.capabilities.map((c) => c.id));
    return {
      id: d.id,
      number: d.number,
      name: d.name,
      capabilityIds: [...ids],
      rollup: rollUp(
        actions.filter((a) => a.capabilityIds.some((c) => ids.has(c))),
        today,
      ),
    };
  });

  const sectors = Object.fromEntries(SECTORS.map((s) => [s, bySector.get(s) ?? rollUp([], today)])) as Record<Sector, Rollup>;

  return { today, capabilities, domains, sectors, plan: rollUp(actions, today), actions };
}
