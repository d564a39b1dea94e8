import { compareRefs, isAtRisk, isOverdue, isActionStatus, todayUtc } from "~/domain/actions";
import { slotMinutes } from "~/domain/agenda";
import { findCapability } from "~/domain/framework";
import { isSector } from "~/domain/sectors";
import { docName } from "../../server/sync/doc-names";
import * as actionsRepo from "../../db/repositories/actions";
import * as repo from "../../db/repositories/meetings";
import { listMembers } from "../../db/repositories/plans";
import type { AppServices } from "./context.server";
import { loadMeeting, parseIds } from "./meetings.server";
import { hasPermission, type PlanAccess } from "./plan-access.server";

const TIMELINE_LENGTH = 5;

/**
 * Everything the agenda and meeting pages show about one meeting: the meeting, what the
 * member may do in it (the policy's answers), attendance, and each agenda item with its
 * action's current state and latest timeline entries.
 */
export async function loadMeetingView(services: AppServices, access: PlanAccess, meetingId: string) {
  const { db } = services;
  const { meeting, facts } = await loadMeeting(services, access, meetingId).catch(() => {
    throw new Response("Not Found", { status: 404 });
  });
  const planId = access.plan.id;
  const [attendees, agenda, members, decisions, links, newActions, actionRows] = await Promise.all([
    repo.listAttendees(db, meeting.id),
    repo.listAgenda(db, meeting.id),
    listMembers(db, planId),
    repo.listDecisions(db, meeting.id),
    repo.listDecisionLinks(db, meeting.id),
    repo.listNewActions(db, meeting.id),
    repo.listActionsForAgenda(db, planId),
  ]);
  const actionById = new Map(actionRows.map((a) => [a.id, a]));
  const today = todayUtc();
  const items = await Promise.all(
    agenda.map(async (i) => {
      const a = i.action_id ? actionById.get(i.action_id) : undefined;
      let action = null;
      if (a && isActionStatus(a.status) && isSector(a.sector)) {
        const [full, timeline] = await Promise.all([actionsRepo.findAction(db, planId, a.id), actionsRepo.listUpdates(db, a.id)]);
        const timing = { status: a.status, dueDate: a.due_date, ongoing: Number(a.ongoing) === 1 };
        action = {
          id: a.id,
          ref: a.ref,
          title: a.title,
          status: a.status,
          progress: Number(full?.progress ?? 0),
          version: Number(full?.version ?? 1),
          dueDate: a.due_date,
          ongoing: timing.ongoing,
          overdue: isOverdue(timing, today),
          atRisk: isAtRisk(timing),
          canReport: hasPermission(access, "action.report-progress", { ...facts, sector: a.sector, organisationId: a.organisation_id, assigneeId: a.assignee_id }),
          timeline: timeline.slice(0, TIMELINE_LENGTH).map((u) => ({
            id: u.id,
            at: u.at,
            statusFrom: u.status_from,
            statusTo: u.status_to,
            progressFrom: u.progress_from,
            progressTo: u.progress_to,
            comment: u.comment,
            byName: u.author_name,
            inThisMeeting: u.meeting_id === meeting.id,
          })),
        };
      }
      const capability = i.capability_id ? findCapability(access.framework, i.capability_id) : undefined;
      return {
        id: i.id,
        kind: i.kind,
        title: i.title,
        reasons: parseIds(i.reasons),
        presenterId: i.presenter_id,
        presenterName: i.presenter_name,
        timeBox: i.time_box_minutes,
        outcome: i.outcome,
        carriedOverFrom: i.carried_over_from,
        actionId: i.action_id,
        action,
        capability: capability ? { id: capability.id, number: capability.number, name: capability.name } : null,
      };
    }),
  );
  const sector = isSector(meeting.sector) ? meeting.sector : null;
  const meetingFactsForPolicy = { ...facts, sector };
  return {
    planId,
    meeting: {
      id: meeting.id,
      title: meeting.title,
      type: meeting.type,
      sector,
      capabilities: parseIds(meeting.capability_ids).map((id) => findCapability(access.framework, id)).filter((c) => c !== undefined).map((c) => `${c.number}. ${c.name}`),
      startsAt: meeting.starts_at,
      endsAt: meeting.ends_at,
      timeZone: meeting.time_zone,
      place: meeting.place,
      callUrl: meeting.call_url,
      status: meeting.status,
      seriesId: meeting.series_id,
      minutesDoc: docName({ kind: "meeting", planId, meetingId: meeting.id }),
    },
    can: {
      editAgenda: hasPermission(access, "meeting.edit-agenda", meetingFactsForPolicy),
      run: hasPermission(access, "meeting.run", meetingFactsForPolicy),
      recordDecision: hasPermission(access, "meeting.record-decision", meetingFactsForPolicy),
      editMinutes: hasPermission(access, "meeting.edit-minutes", meetingFactsForPolicy),
      createAction: !facts.readOnly && hasPermission(access, "action.create", { sector: access.actor.sector }),
    },
    me: access.actor.userId,
    attendees: attendees.map((a) => ({ userId: a.user_id, name: a.name, attendance: a.attendance })),
    members: members.map((m) => ({ id: m.user_id, name: m.name })),
    items,
    totalMinutes: items.reduce((sum, i) => sum + (i.timeBox ?? 0), 0),
    slotMinutes: slotMinutes(meeting.starts_at, meeting.ends_at),
    decisions: decisions.map((d) => ({
      id: d.id,
      text: d.text,
      at: d.created_at,
      byName: d.created_by_name,
      itemId: d.agenda_item_id,
      links: links
        .filter((l) => l.decision_id === d.id)
        .map((l) => {
          if (l.target_kind === "action") {
            const a = actionById.get(l.target_id);
            return { kind: "action", id: l.target_id, label: a ? `${a.ref} ${a.title}` : "" };
          }
          const c = findCapability(access.framework, l.target_id);
          return { kind: "capability", id: l.target_id, label: c ? `${c.number}. ${c.name}` : l.target_id };
        }),
    })),
    newActions: newActions.map((a) => ({ id: a.id, ref: a.ref, title: a.title, itemId: a.agenda_item_id })),
    actions: actionRows.map((a) => ({ id: a.id, ref: a.ref, title: a.title })).sort((x, y) => compareRefs(x.ref, y.ref)),
    capabilities: access.framework.capabilities.map((c) => ({ id: c.id, number: c.number, name: c.name })),
  };
}
export type MeetingView = Awaited<ReturnType<typeof loadMeetingView>>;
