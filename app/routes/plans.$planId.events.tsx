import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePlanMember } from "~/services/plan-access.server";
import { findMembership } from "../../db/repositories/plans";
import { findUserById } from "../../db/repositories/users";

/** Comment lines keep proxies from closing an idle stream. */
const HEARTBEAT_MS = 25_000;

/**
 * The plan's one event stream (Server-Sent Events). Every open page of the plan listens and
 * revalidates what it shows. Only members get it; it closes as soon as the member leaves the plan
 * or their session ends, and membership is checked again before every event is sent.
 */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const { events, db } = context.services;
  const planId = access.plan.id;
  const userId = access.actor.userId;
  const sessionId = access.auth.session.id;
  const encoder = new TextEncoder();
  const names = new Map<string, string>();
  const cleanups: Array<() => void> = [];
  let closed = false;

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        for (const c of cleanups) c();
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const send = (chunk: string) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const stillMember = async () => (await findMembership(db, planId, userId)) !== undefined;

      // Events are sent in order: each waits for the membership check of the one before.
      let queue = Promise.resolve();
      const enqueue = (work: () => Promise<void>) => {
        queue = queue.then(work).catch(() => close());
      };

      cleanups.push(
        events.on("plan-changed", (e) => {
          if (e.planId !== planId) return;
          enqueue(async () => {
            if (closed) return;
            if (!(await stillMember())) return close();
            let actorName = "";
            if (e.actorId) {
              actorName = names.get(e.actorId) ?? (await findUserById(db, e.actorId))?.name ?? "";
              names.set(e.actorId, actorName);
            }
            const payload = { entity: e.entity, entityId: e.entityId, actorName, self: e.actorId === userId };
            send(`event: plan-changed\ndata: ${JSON.stringify(payload)}\n\n`);
          });
        }),
        events.on("membership-changed", (e) => {
          if (e.planId !== planId || e.userId !== userId) return;
          enqueue(async () => {
            if (!(await stillMember())) close();
            // A role change keeps the stream; pages revalidate to show the new rights.
            else send(`event: plan-changed\ndata: ${JSON.stringify({ entity: "membership", entityId: userId, actorName: "", self: true })}\n\n`);
          });
        }),
        events.on("sessions-ended", (e) => {
          if (e.userId === userId && (e.sessionIds === "all" || e.sessionIds.includes(sessionId))) close();
        }),
      );
      const heartbeat = setInterval(() => send(`: keep-alive\n\n`), HEARTBEAT_MS);
      cleanups.push(() => clearInterval(heartbeat));
      request.signal.addEventListener("abort", close, { once: true });
      // Tell the browser how long to wait before reconnecting after a drop.
      send(`retry: 3000\n: connected\n\n`);
    },
    cancel() {
      closed = true;
      for (const c of cleanups) c();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform keeps the compression middleware from buffering the stream.
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
