import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CopyLink } from "~/components/copy-link";
import { Field, FormError } from "~/components/field";
import { SectorBadge } from "~/components/sector-badge";
import { SelectField } from "~/components/select-field";
import { invitationState } from "~/domain/invitations";
import { ROLES, isSector, type Role } from "~/domain/sectors";
import { useFormat } from "~/i18n/format";
import {
  asMember,
  changeMember,
  changeMemberSchema,
  createInvitation,
  invitationInputSchema,
  invitationPath,
  removeMember,
  revokeInvitation,
} from "~/services/members.server";
import { ServiceError } from "~/services/mutation.server";
import { hasPermission, requirePermission, requirePlanMember, type PlanAccess } from "~/services/plan-access.server";
import styles from "~/styles/members.css?url";
import { parseForm } from "~/utils/forms";
import { listInvitations } from "../../db/repositories/members";
import { listMembers, listOrganisations } from "../../db/repositories/plans";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];
export const meta: MetaFunction = () => [{ title: "Members · Taskforce" }];

/** Roles the member may give in an organisation of this sector (the policy decides). */
function grantableRoles(access: PlanAccess, verb: "members.invite" | "members.manage", sector: string): Role[] {
  if (!isSector(sector)) return [];
  return ROLES.filter((role) => hasPermission(access, verb, { sector, targetRole: role }));
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  requirePermission(access, "members.view");
  const { db } = context.services;
  const [members, organisations, invitations] = await Promise.all([listMembers(db, access.plan.id), listOrganisations(db, access.plan.id), listInvitations(db, access.plan.id)]);
  const now = new Date();
  const inviteTargets = organisations
    .map((o) => ({ id: o.id, name: o.name, sector: o.sector, roles: grantableRoles(access, "members.invite", o.sector) }))
    .filter((o) => o.roles.length > 0);
  const manageTargets = organisations
    .map((o) => ({ id: o.id, name: o.name, sector: o.sector, roles: grantableRoles(access, "members.manage", o.sector) }))
    .filter((o) => o.roles.length > 0);
  const mayInviteInto = (sector: string, role: string) => isSector(sector) && hasPermission(access, "members.invite", { sector, targetRole: role as Role });
  return {
    planId: access.plan.id,
    me: access.actor.userId,
    members: members.map((m) => ({
      userId: m.user_id,
      name: m.name,
      email: m.email,
      role: m.role,
      organisationId: m.organisation_id,
      organisationName: m.organisation_name,
      sector: m.sector,
      manageable: isSector(m.sector) && hasPermission(access, "members.manage", { sector: m.sector, targetRole: m.role as Role }),
    })),
    inviteTargets,
    inviteRoles: ROLES.filter((r) => inviteTargets.some((o) => o.roles.includes(r))),
    manageTargets,
    manageRoles: ROLES.filter((r) => manageTargets.some((o) => o.roles.includes(r))),
    // Invitations are shown to those who could have made them (a sector lead sees their sector's).
    invitations: invitations
      .filter((i) => mayInviteInto(i.sector, i.role))
      .map((i) => ({
        id: i.id,
        label: i.label,
        role: i.role,
        organisationName: i.organisation_name,
        sector: i.sector,
        createdAt: i.created_at,
        createdBy: i.created_by_name,
        acceptedBy: i.accepted_by_name,
        expiresAt: i.expires_at,
        state: invitationState(i, now),
      })),
    readOnly: access.planFacts.readOnly === true,
  };
}

const intentSchema = z.object({ intent: z.enum(["invite", "revoke", "change", "remove"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const access = await requirePlanMember(request, context, params.planId);
  const form = await request.formData();
  const intent = intentSchema.safeParse({ intent: form.get("intent") });
  if (!intent.success) return data({ ok: false as const, intent: null, target: null, errors: { _form: "common:errors.invalid" } }, { status: 400 });
  const acting = asMember(access);
  const target = String(form.get("userId") ?? form.get("invitationId") ?? "");
  const refuse = (errors: Record<string, string>, status = 400) => data({ ok: false as const, intent: intent.data.intent, target, errors }, { status });
  const back = `/plans/${access.plan.id}/members`;
  try {
    switch (intent.data.intent) {
      case "invite": {
        const parsed = parseForm(invitationInputSchema, form);
        if (!parsed.ok) return refuse(parsed.errors);
        const { token } = await createInvitation(context.services, acting, parsed.data);
        return data({ ok: true as const, intent: "invite" as const, link: context.services.config.appOrigin + invitationPath(token) });
      }
      case "revoke": {
        const parsed = parseForm(z.object({ invitationId: z.string().min(1).max(64) }), form);
        if (!parsed.ok) return refuse(parsed.errors);
        await revokeInvitation(context.services, acting, parsed.data.invitationId);
        break;
      }
      case "change": {
        const parsed = parseForm(changeMemberSchema, form);
        if (!parsed.ok) return refuse(parsed.errors);
        await changeMember(context.services, acting, parsed.data);
        break;
      }
      case "remove": {
        const parsed = parseForm(z.object({ userId: z.string().min(1).max(64) }), form);
        if (!parsed.ok) return refuse(parsed.errors);
        await removeMember(context.services, acting, parsed.data.userId);
        // Removing yourself leaves the plan: its pages are now 404 to you.
        if (parsed.data.userId === access.actor.userId) throw redirect("/");
        break;
      }
    }
  } catch (error) {
    if (error instanceof ServiceError) return refuse({ [error.field]: error.messageKey }, error.status);
    throw error;
  }
  throw redirect(back);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function Members() {
  const { t } = useTranslation("members");
  const loaderData = useLoaderData<typeof loader>();
  const { members, inviteTargets, inviteRoles, invitations, planId, readOnly } = loaderData;
  const actionData = useActionData<typeof action>();
  const errorsFor = (intent: string, target?: string): Record<string, string | undefined> =>
    actionData && !actionData.ok && actionData.intent === intent && (target === undefined || actionData.target === target) ? actionData.errors : {};
  const formErrors: Record<string, string | undefined> = actionData && !actionData.ok && actionData.intent === null ? actionData.errors : {};
  const canInvite = !readOnly && inviteTargets.length > 0;
  return (
    <div className="stack">
      <h1>{t("title")}</h1>
      <FormError error={formErrors._form} />
      <section aria-labelledby="members-list">
        <h2 id="members-list">{t("list.heading", { count: members.length })}</h2>
        <MembersTable data={loaderData} errorsFor={errorsFor} />
        <p>
          <Link to={`/plans/${planId}/organisations`}>{t("list.organisationsLink")}</Link>
        </p>
      </section>

      {canInvite ? <InviteForm targets={inviteTargets} roles={inviteRoles} errors={errorsFor("invite")} link={actionData?.ok ? actionData.link : undefined} /> : null}

      {invitations.length > 0 || canInvite ? (
        <section aria-labelledby="invitations">
          <h2 id="invitations">{t("invitations.heading")}</h2>
          {invitations.length === 0 ? (
            <p className="muted">{t("invitations.none")}</p>
          ) : (
            <InvitationsTable invitations={invitations} readOnly={readOnly} errorsFor={errorsFor} />
          )}
        </section>
      ) : null}
    </div>
  );
}

function MembersTable({ data, errorsFor }: { data: LoaderData; errorsFor: (intent: string, target?: string) => Record<string, string | undefined> }) {
  const { t } = useTranslation("members");
  const busy = useNavigation().state === "submitting";
  const { members, manageTargets, manageRoles, me, readOnly } = data;
  const manages = !readOnly && members.some((m) => m.manageable);
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("fields.name")}</th>
          <th scope="col">{t("fields.role")}</th>
          <th scope="col">{t("fields.organisation")}</th>
          <th scope="col">{t("fields.sector")}</th>
          {manages ? <th scope="col">{t("list.manage")}</th> : null}
        </tr>
      </thead>
      <tbody>
        {members.map((m) => {
          const errors = { ...errorsFor("change", m.userId), ...errorsFor("remove", m.userId) };
          return (
            <tr key={m.userId}>
              <th scope="row">
                {m.name}
                {m.userId === me ? <span className="badge">{t("list.you")}</span> : null}
                <br />
                <span className="muted">{m.email}</span>
              </th>
              <td>{t(`common:roles.${m.role}`)}</td>
              <td>{m.organisationName}</td>
              <td>
                <SectorBadge sector={m.sector} />
              </td>
              {manages ? (
                <td>
                  {m.manageable && !readOnly ? (
                    <>
                      <Form method="post" className="inline-form" aria-label={t("list.changeFor", { name: m.name })}>
                        <input type="hidden" name="intent" value="change" />
                        <input type="hidden" name="userId" value={m.userId} />
                        <SelectField label={t("fields.role")} name="role" defaultValue={m.role} error={errors.role}>
                          {manageRoles.map((r) => (
                            <option key={r} value={r}>
                              {t(`common:roles.${r}`)}
                            </option>
                          ))}
                        </SelectField>
                        <SelectField label={t("fields.organisation")} name="organisationId" defaultValue={m.organisationId} error={errors.organisationId}>
                          {manageTargets.map((o) => (
                            <option key={o.id} value={o.id}>
                              {o.name} ({t(`common:sectors.${o.sector}`)})
                            </option>
                          ))}
                        </SelectField>
                        <button type="submit" className="button small" disabled={busy}>
                          {t("list.save")}
                        </button>
                      </Form>
                      <FormError error={errors.userId ?? errors._form} />
                      <details className="confirm-remove">
                        <summary>{t("list.remove")}</summary>
                        <Form method="post">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="userId" value={m.userId} />
                          <p>{t("list.removeConfirm", { name: m.name })}</p>
                          <button type="submit" className="button danger small" disabled={busy}>
                            {t("list.removeButton")}
                          </button>
                        </Form>
                      </details>
                    </>
                  ) : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function InviteForm({
  targets,
  roles,
  errors,
  link,
}: {
  targets: Array<{ id: string; name: string; sector: string }>;
  roles: readonly string[];
  errors: Record<string, string | undefined>;
  link?: string;
}) {
  const { t } = useTranslation("members");
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="invite">
      <h2 id="invite">{t("invite.heading")}</h2>
      <p className="muted">{t("invite.intro")}</p>
      {link ? (
        <div className="card invite-result" role="region" aria-label={t("invite.resultLabel")}>
          <p>{t("invite.created")}</p>
          <CopyLink label={t("invite.link")} value={link} />
        </div>
      ) : null}
      {/* A new key after each link empties the form for the next invitation. */}
      <Form method="post" className="form-grid" noValidate key={link ?? "new"}>
        <input type="hidden" name="intent" value="invite" />
        <FormError error={errors._form} />
        <Field label={t("fields.label")} name="label" hint={t("invite.labelHint")} error={errors.label} />
        <SelectField label={t("fields.organisation")} name="organisationId" required defaultValue="" error={errors.organisationId}>
          <option value="" disabled>
            {t("invite.chooseOrganisation")}
          </option>
          {targets.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name} ({t(`common:sectors.${o.sector}`)})
            </option>
          ))}
        </SelectField>
        <SelectField label={t("fields.role")} name="role" required defaultValue={roles.includes("member") ? "member" : roles[0]} error={errors.role}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`common:roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button primary" disabled={busy}>
          {t("invite.submit")}
        </button>
      </Form>
    </section>
  );
}

function InvitationsTable({
  invitations,
  readOnly,
  errorsFor,
}: {
  invitations: LoaderData["invitations"];
  readOnly: boolean;
  errorsFor: (intent: string, target?: string) => Record<string, string | undefined>;
}) {
  const { t } = useTranslation("members");
  const format = useFormat();
  return (
    <table className="table">
      <thead>
        <tr>
          <th scope="col">{t("fields.label")}</th>
          <th scope="col">{t("fields.role")}</th>
          <th scope="col">{t("fields.organisation")}</th>
          <th scope="col">{t("invitations.state")}</th>
          <th scope="col">{t("invitations.created")}</th>
          <th scope="col">
            <span className="visually-hidden">{t("invitations.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {invitations.map((i) => (
          <tr key={i.id}>
            <th scope="row">{i.label || <span className="muted">{t("invitations.noLabel")}</span>}</th>
            <td>{t(`common:roles.${i.role}`)}</td>
            <td>
              {i.organisationName} <SectorBadge sector={i.sector} />
            </td>
            <td>
              <span className={`state state-${i.state}`}>{t(`invitations.states.${i.state}`)}</span>
              <br />
              <span className="muted">
                {i.state === "pending"
                  ? t("invitations.expires", { date: format.dateTime(i.expiresAt) })
                  : i.state === "accepted" && i.acceptedBy
                    ? t("invitations.acceptedBy", { name: i.acceptedBy })
                    : null}
              </span>
            </td>
            <td>
              {format.date(i.createdAt)}
              {i.createdBy ? <span className="muted"> · {i.createdBy}</span> : null}
            </td>
            <td>
              {i.state === "pending" && !readOnly ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="invitationId" value={i.id} />
                  <button type="submit" className="button small" aria-label={t("invitations.revokeFor", { label: i.label || i.organisationName })}>
                    {t("invitations.revoke")}
                  </button>
                </Form>
              ) : null}
              <FormError error={errorsFor("revoke", i.id).invitationId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
