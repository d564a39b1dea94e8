import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { isMeetingStatus } from "~/domain/agenda";
import { formString, parseForm, type FieldErrors } from "~/utils/forms";
import { newActionSchema, progressSchema } from "./actions.server";
import {
  actionItemSchema,
  addActionItem,
  addFreeItem,
  addProposals,
  addWaitingItem,
  attendanceSchema,
  carryOver,
  changeStatus,
  createActionInMeeting,
  decisionSchema,
  freeItemSchema,
  itemDetailsSchema,
  moveAgendaItem,
  recordDecision,
  removeAgendaItem,
  recordAttendance,
  reportInMeeting,
  updateAgendaItem,
  waitingItemSchema,
} from "./meetings.server";
import { ServiceError } from "./mutation.server";
import type { PlanAccess } from "./plan-access.server";

export const MEETING_INTENTS = ["status", "move", "remove", "item", "free", "add-action", "add-waiting", "propose", "attendance", "progress", "decision", "carry-over", "keep", "new-action"] as const;
export type MeetingIntent = (typeof MEETING_INTENTS)[number];

const itemId = z.object({ itemId: z.string().min(1).max(64) });

/**
 * The form posts of the agenda and meeting pages, one place: parse, call the meetings service,
 * answer 400/403/404/409 with the field errors next to the form that was sent (`intent`,
 * `target`), or redirect back to `back` (with `#item-<id>` to keep the reader's place).
 */
export async function handleMeetingIntent(context: AppLoadContext, access: PlanAccess, meetingId: string, form: FormData, back: string) {
  const intent = String(form.get("intent") ?? "") as MeetingIntent;
  const target = formString(form, "itemId") || formString(form, "key");
  const refuse = (errors: FieldErrors, status = 400) => data({ ok: false as const, intent, target, errors }, { status });
  if (!(MEETING_INTENTS as readonly string[]).includes(intent)) return refuse({ _form: "common:errors.invalid" });
  const services = context.services;
  const anchor = target ? `#item-${target}` : "";
  const parse = <S extends z.ZodType>(schema: S) => parseForm(schema, form);
  try {
    switch (intent) {
      case "status": {
        const to = form.get("to");
        if (!isMeetingStatus(to)) return refuse({ _form: "common:errors.invalid" });
        await changeStatus(services, access, meetingId, to);
        if (to === "closed") throw redirect(`/plans/${access.plan.id}/meetings/${meetingId}/summary`);
        // Opened from the agenda tab or the meeting view alike, the meeting is run from its view.
        if (to === "in-progress") throw redirect(`/plans/${access.plan.id}/meetings/${meetingId}`);
        break;
      }
      case "move": {
        const p = parse(itemId.extend({ direction: z.enum(["up", "down"]) }));
        if (!p.ok) return refuse(p.errors);
        await moveAgendaItem(services, access, meetingId, p.data.itemId, p.data.direction);
        // Keep focus on the same button after the reload (the page reads ?moved=).
        throw redirect(`${back}?moved=${p.data.itemId}-${p.data.direction}${anchor}`);
      }
      case "remove": {
        const p = parse(itemId);
        if (!p.ok) return refuse(p.errors);
        await removeAgendaItem(services, access, meetingId, p.data.itemId);
        throw redirect(`${back}#agenda`);
      }
      case "item": {
        const p = parse(itemDetailsSchema);
        if (!p.ok) return refuse(p.errors);
        await updateAgendaItem(services, access, meetingId, p.data);
        break;
      }
      case "free": {
        const p = parse(freeItemSchema);
        if (!p.ok) return refuse(p.errors);
        const id = await addFreeItem(services, access, meetingId, p.data);
        throw redirect(`${back}#item-${id}`);
      }
      case "add-action": {
        const p = parse(actionItemSchema);
        if (!p.ok) return refuse(p.errors);
        const id = await addActionItem(services, access, meetingId, p.data);
        throw redirect(`${back}#item-${id}`);
      }
      case "add-waiting": {
        const p = parse(waitingItemSchema);
        if (!p.ok) return refuse(p.errors);
        const id = await addWaitingItem(services, access, meetingId, p.data);
        throw redirect(`${back}#item-${id}`);
      }
      case "propose": {
        const { added } = await addProposals(services, access, meetingId);
        throw redirect(`${back}?proposed=${added}#agenda`);
      }
      case "attendance": {
        const p = parse(attendanceSchema);
        if (!p.ok) return refuse(p.errors);
        await recordAttendance(services, access, meetingId, p.data);
        throw redirect(`${back}?saved=attendance#attendance`);
      }
      case "progress": {
        const ids = parse(itemId);
        const p = parse(progressSchema);
        if (!ids.ok) return refuse(ids.errors);
        if (!p.ok) return refuse(p.errors);
        await reportInMeeting(services, access, meetingId, ids.data.itemId, p.data);
        break;
      }
      case "decision": {
        const p = parse(decisionSchema);
        if (!p.ok) return refuse(p.errors);
        await recordDecision(services, access, meetingId, p.data);
        throw redirect(`${back}${p.data.itemId ? `#item-${p.data.itemId}` : "#decisions"}`);
      }
      case "carry-over":
      case "keep": {
        const p = parse(itemId);
        if (!p.ok) return refuse(p.errors);
        await carryOver(services, access, meetingId, p.data.itemId, intent === "keep");
        break;
      }
      case "new-action": {
        const p = parse(newActionSchema);
        if (!p.ok) return refuse(p.errors);
        await createActionInMeeting(services, access, meetingId, formString(form, "itemId") || null, p.data);
        throw redirect(`${back}#new-actions`);
      }
    }
  } catch (error) {
    if (error instanceof ServiceError) return refuse({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
  throw redirect(`${back}${anchor}`);
}
