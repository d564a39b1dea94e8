import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import type { PlanAccess } from "~/services/plan-access.server";
import { requirePlanMember } from "~/services/plan-access.server";
import { mutate } from "~/services/mutation.server";
import { formString, parseForm } from "~/utils/forms";
import { findDocVersion, listDocVersions, userNames } from "../../db/repositories/docs";
import { resolveDocAccess } from "../../server/sync/access";
import { parseDocName } from "../../server/sync/doc-names";
import { blocksOfState, diffBlocks } from "../../server/sync/history";

/**
 * Version history of one collaborative document (resource route, JSON):
 *   GET  ?doc=<name>                 versions, newest first
 *   GET  ?doc=<name>&version=<id>    that version's content and what changed since, by paragraph
 *   POST intent=save name=…          keep the current state as a named version (writers)
 *   POST intent=restore version=<id> make that version the current text, as a new change (writers)
 * Access is the document's own (the sync server's resolver): none → 404, read → no POST (403).
 */

const notFound = () => new Response("Not Found", { status: 404 });

async function documentAccess(access: PlanAccess, context: LoaderFunctionArgs["context"], name: string | null) {
  const ref = name ? parseDocName(name) : null;
  if (!ref || ref.planId !== access.plan.id) throw notFound();
  const resolved = await resolveDocAccess(context.services.db, access.actor.userId, ref);
  if (resolved.access === "none") throw notFound();
  return { name: name!, access: resolved.access };
}

function syncOf(context: LoaderFunctionArgs["context"]) {
  const sync = context.services.sync;
  if (!sync) throw new Response("Live editing is not running", { status: 503 });
  return sync;
}

function parseAuthors(json: string): string[] {
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const url = new URL(request.url);
  const doc = await documentAccess(access, context, url.searchParams.get("doc"));
  const { db } = context.services;
  const versions = await listDocVersions(db, doc.name);
  const names = await userNames(db, [...new Set(versions.flatMap((v) => parseAuthors(v.authors_json)))]);
  const versionId = url.searchParams.get("version");
  const list = versions.map((v) => ({
    id: v.id,
    name: v.name,
    auto: v.auto === 1,
    createdAt: v.created_at,
    createdBy: v.created_by_name,
    authors: parseAuthors(v.authors_json).map((id) => names.get(id) ?? "?"),
  }));
  if (!versionId) return Response.json({ canWrite: doc.access === "write", versions: list });

  const version = await findDocVersion(db, doc.name, versionId);
  if (!version) throw notFound();
  const sync = syncOf(context);
  const [current, owners] = await Promise.all([sync.currentState(doc.name), sync.clientOwners(doc.name)]);
  const changes = diffBlocks(blocksOfState(new Uint8Array(version.bytes)), blocksOfState(current));
  const ownerNames = await userNames(db, [...new Set(owners.values())]);
  // Everyone who edited after this version: the authors recorded by each later version.
  const later = versions.filter((v) => v.seq > version.seq).flatMap((v) => parseAuthors(v.authors_json));
  return Response.json({
    canWrite: doc.access === "write",
    version: list.find((v) => v.id === version.id),
    state: Buffer.from(version.bytes).toString("base64"),
    authorsSince: [...new Set(later.map((id) => names.get(id) ?? "?"))].sort(),
    changes: changes.map((c) =>
      c.kind === "added"
        ? {
            kind: c.kind,
            text: c.text,
            authors: [...new Set(c.clients.map((client) => owners.get(client)).filter((u): u is string => !!u))].map((u) => ownerNames.get(u) ?? "?").sort(),
          }
        : c,
    ),
  });
}

const postSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("save"), name: z.string().trim().min(1).max(120) }),
  z.object({ intent: z.literal("restore"), version: z.string().min(1).max(64) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const url = new URL(request.url);
  const form = await request.formData();
  const doc = await documentAccess(access, context, url.searchParams.get("doc") ?? formString(form, "doc"));
  if (doc.access !== "write") throw new Response("Forbidden", { status: 403 });
  const parsed = parseForm(postSchema, form);
  if (!parsed.ok) return Response.json({ ok: false, error: parsed.errors.name === "common:errors.controlCharacter" ? parsed.errors.name : "collab:history.invalid" }, { status: 400 });
  const sync = syncOf(context);
  const actorId = access.actor.userId;
  const input = parsed.data;
  if (input.intent === "save") {
    const id = await sync.createVersion(doc.name, input.name, actorId);
    await mutate(context.services, (m) =>
      m.audit({ planId: access.plan.id, actorId, verb: "doc.version", entity: "doc", entityId: doc.name, after: { versionId: id, name: input.name } }),
    );
    return Response.json({ ok: true, id });
  }
  const version = await findDocVersion(context.services.db, doc.name, input.version);
  if (!version) throw notFound();
  await sync.restoreVersion(doc.name, new Uint8Array(version.bytes), actorId);
  await mutate(context.services, (m) =>
    m.audit({ planId: access.plan.id, actorId, verb: "doc.restore", entity: "doc", entityId: doc.name, after: { versionId: version.id } }),
  );
  return Response.json({ ok: true });
}
