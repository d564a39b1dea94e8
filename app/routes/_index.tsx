import { redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAuth } from "~/services/guards.server";

export const meta: MetaFunction = () => [{ title: "Taskforce" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!context.auth && context.services.setup.isOpen) throw redirect("/setup");
  const auth = requireAuth(request, context);
  return { name: auth.user.name };
}

export default function Home() {
  const { t } = useTranslation("plans");
  const { name } = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <h1>{t("home.greeting", { name })}</h1>
    </div>
  );
}
