import { isOverdue, isActionStatus, todayUtc } from "~/domain/actions";
import type { DB } from "../../db/connect";
import { listUpcomingMeetingsOfUser } from "../../db/repositories/meetings";

/**
 * For the start page: each plan's next meeting this member attends, and what they are expected to
 * report there: their actions on its agenda (assigned to them or presented by them) and their
 * overdue actions in that plan.
 */
export async function loadNextMeetings(db: DB, userId: string, now = new Date()) {
  const upcoming = await listUpcomingMeetingsOfUser(db, userId, now.toISOString());
  const nextPerPlan = new Map<string, (typeof upcoming)[number]>();
  for (const m of upcoming) if (!nextPerPlan.has(m.plan_id)) nextPerPlan.set(m.plan_id, m);
  const today = todayUtc(now);
  return Promise.all(
    [...nextPerPlan.values()].map(async (m) => {
      const [onAgenda, mine] = await Promise.all([
        db
          .selectFrom("agenda_item")
          .innerJoin("action", "action.id", "agenda_item.action_id")
          .select(["action.id", "action.ref", "action.title", "agenda_item.id as item_id"])
          .where("agenda_item.meeting_id", "=", m.id)
          .where((eb) => eb.or([eb("action.assignee_id", "=", userId), eb("agenda_item.presenter_id", "=", userId)]))
          .orderBy("agenda_item.position")
          .execute(),
        db.selectFrom("action").select(["id", "ref", "title", "status", "due_date", "ongoing"]).where("plan_id", "=", m.plan_id).where("assignee_id", "=", userId).execute(),
      ]);
      const onAgendaIds = new Set(onAgenda.map((a) => a.id));
      const overdue = mine.filter((a) => isActionStatus(a.status) && !onAgendaIds.has(a.id) && isOverdue({ status: a.status, dueDate: a.due_date, ongoing: Number(a.ongoing) === 1 }, today));
      return {
        id: m.id,
        planId: m.plan_id,
        planTitle: m.plan_title,
        title: m.title,
        startsAt: m.starts_at,
        endsAt: m.ends_at,
        timeZone: m.time_zone,
        status: m.status,
        onAgenda: onAgenda.map((a) => ({ id: a.id, ref: a.ref, title: a.title, itemId: a.item_id })),
        overdue: overdue.map((a) => ({ id: a.id, ref: a.ref, title: a.title, dueDate: a.due_date })),
      };
    }),
  );
}
