import type { Command } from "commander";
import { z } from "zod";
import { planCountryName } from "~/domain/countries";
import { DEFAULT_FRAMEWORK, getFramework } from "~/domain/framework";
import { ROLES, isRole } from "~/domain/sectors";
import type { AppServices } from "~/services/context.server";
import { addMember, removeMember, type Acting } from "~/services/members.server";
import { ServiceError } from "~/services/mutation.server";
import { createPlan, createPlanSchema } from "~/services/plans.server";
import { findPlanById, listAllPlans, listMembers, listOrganisations } from "../../db/repositories/plans";
import { findUserByEmail } from "../../db/repositories/users";
import type { Plan } from "../../db/schema";
import { CliError } from "./cli-error";
import { cliMessage } from "./messages";

type WithServices = <T>(fn: (s: AppServices) => Promise<T>) => Promise<T>;

/** Option names as typed on the command line, for messages about the schema's fields. */
const OPTION_OF_FIELD: Record<string, string> = {
  title: "--title",
  country: "--country",
  countryName: "--country-name",
  startYear: "--start-year",
  endYear: "--end-year",
  coordinatorEmail: "--coordinator-email",
  organisationName: "--org-name",
  organisationType: "--org-type",
  organisationId: "--org",
  email: "--email",
  userId: "--email",
  role: "--role",
};

function refusal(error: ServiceError): CliError {
  const option = OPTION_OF_FIELD[error.field];
  return new CliError(`${option ? `${option}: ` : ""}${cliMessage(error.messageKey)}`);
}

async function requirePlan(s: AppServices, idOrTitle: string): Promise<Plan> {
  const byId = await findPlanById(s.db, idOrTitle);
  if (byId) return byId;
  const byTitle = (await listAllPlans(s.db)).filter((p) => p.title.toLowerCase() === idOrTitle.trim().toLowerCase());
  if (byTitle.length === 1) return byTitle[0]!;
  if (byTitle.length > 1) throw new CliError(`several plans are titled "${idOrTitle}"; pass the plan id (see: taskforce plan list)`);
  throw new CliError(`no plan has the id or title "${idOrTitle}" (see: taskforce plan list)`);
}

async function requireAccount(s: AppServices, email: string) {
  if (!z.email().safeParse(email).success) throw new CliError(`"${email}" is not an email address`);
  const user = await findUserByEmail(s.db, email);
  if (!user) throw new CliError(`no user has the email address ${email} (create one with: taskforce user create)`);
  return user;
}

/** The command line acts as the site operator: no plan role, but every change is still audited. */
const operator = (plan: Plan): Acting => ({ kind: "operator", plan, userId: null });

async function run<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ServiceError) throw refusal(error);
    throw error;
  }
}

export function registerPlanCommands(program: Command, withServices: WithServices): void {
  const plan = program.command("plan").description("manage plans");
  plan
    .command("create")
    .description("create a plan with its first coordinator (an existing account) and their organisation")
    .requiredOption("--title <title>", "plan title")
    .requiredOption("--country <code>", "ISO 3166-1 alpha-2 country code, e.g. LU; ZZ for a country or territory without one (then give --country-name)")
    .option("--country-name <name>", "the name the plan shows for its country or territory (default: the standard name of the code)", "")
    .requiredOption("--coordinator-email <email>", "email of the first coordinator's account")
    .option("--start-year <year>", "first year of the plan (default: this year)")
    .option("--end-year <year>", "last year of the plan (default: start year + 3)")
    .option("--org-name <name>", "the coordinator's organisation", "National coordination")
    .option("--org-type <type>", `organisation type (${getFramework(DEFAULT_FRAMEWORK).organisationTypes.map((t) => t.id).join(", ")})`, "government")
    .option("--description <text>", "description", "")
    .action((o: { title: string; country: string; countryName: string; coordinatorEmail: string; startYear?: string; endYear?: string; orgName: string; orgType: string; description: string }) =>
      withServices(async (s) => {
        const start = o.startYear ?? String(new Date().getUTCFullYear());
        const parsed = createPlanSchema.safeParse({
          title: o.title,
          country: o.country.trim().toUpperCase(),
          countryName: o.countryName,
          startYear: start,
          endYear: o.endYear ?? String(Number(start) + 3),
          description: o.description,
          frameworkVersion: DEFAULT_FRAMEWORK,
          coordinatorEmail: o.coordinatorEmail,
          organisationName: o.orgName,
          organisationType: o.orgType,
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          throw refusal(new ServiceError(String(issue.path[0] ?? ""), issue.message));
        }
        const planId = await run(() => createPlan(s, null, parsed.data));
        console.info(`created plan ${planId} "${parsed.data.title}"; coordinator ${parsed.data.coordinatorEmail}`);
      }),
    );
  plan
    .command("list")
    .description("list all plans: id, title, country, period, state, members, coordinators")
    .action(() =>
      withServices(async (s) => {
        const plans = await listAllPlans(s.db);
        if (plans.length === 0) return void console.info("no plans yet (create one with: taskforce plan create)");
        for (const p of plans) {
          const members = await listMembers(s.db, p.id);
          const coordinators = members.filter((m) => m.role === "coordinator").map((m) => m.email);
          console.info(
            [p.id, p.title, `${p.country} ${planCountryName(p, "en")}`, `${p.start_year}-${p.end_year}`, p.archived_at ? "archived" : "active", `${members.length} members`, coordinators.join(",")].join("\t"),
          );
        }
      }),
    );

  const member = program.command("member").description("manage plan membership");
  member
    .command("add")
    .description("add an existing account to a plan")
    .requiredOption("--plan <id>", "plan id (or its exact title)")
    .requiredOption("--email <email>", "the account's email")
    .requiredOption("--org <organisation>", "organisation id or exact name in that plan")
    .requiredOption("--role <role>", ROLES.join(" | "))
    .action((o: { plan: string; email: string; org: string; role: string }) =>
      withServices(async (s) => {
        if (!isRole(o.role)) throw new CliError(`--role must be one of ${ROLES.join(", ")} (got "${o.role}")`);
        const p = await requirePlan(s, o.plan);
        const user = await requireAccount(s, o.email);
        const orgs = await listOrganisations(s.db, p.id);
        const org = orgs.find((x) => x.id === o.org) ?? orgs.find((x) => x.name.toLowerCase() === o.org.trim().toLowerCase());
        if (!org) throw new CliError(`--org: plan "${p.title}" has no organisation "${o.org}"; it has: ${orgs.map((x) => x.name).join(", ") || "none"}`);
        const role = o.role;
        await run(() => addMember(s, operator(p), { userId: user.id, organisationId: org.id, role }));
        console.info(`added ${user.email} to "${p.title}" as ${role} of ${org.name}`);
      }),
    );
  member
    .command("remove")
    .description("remove an account from a plan")
    .requiredOption("--plan <id>", "plan id (or its exact title)")
    .requiredOption("--email <email>", "the account's email")
    .action((o: { plan: string; email: string }) =>
      withServices(async (s) => {
        const p = await requirePlan(s, o.plan);
        const user = await requireAccount(s, o.email);
        await run(() => removeMember(s, operator(p), user.id));
        console.info(`removed ${user.email} from "${p.title}"`);
      }),
    );
}
