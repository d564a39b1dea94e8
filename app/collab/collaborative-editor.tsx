import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import collabStyles from "~/styles/collab.css?url";
import { useRefreshData } from "~/utils/revalidate";
import type { PresenceUser } from "./presence";

const LiveEditor = lazy(() => import("./editor.client"));

/** Add to a route's `links` where the editor is used. */
export const collabLinks = () => [{ rel: "stylesheet", href: collabStyles }];

export interface CollaborativeEditorProps {
  /** From server/sync/doc-names.ts (the loader builds it). */
  docName: string;
  /** Accessible name of the text area, e.g. "Narrative". */
  label: string;
  readOnly?: boolean;
  /** The signed-in member, for their own caret (the server stamps it for others anyway). */
  user?: PresenceUser | null;
}

/**
 * A live, shared rich-text document. The server renders a placeholder; the editor (Tiptap,
 * Yjs, y-websocket, IndexedDB) loads in the browser after hydration.
 */
export function CollaborativeEditor({ docName, label, readOnly = false, user = null }: CollaborativeEditorProps) {
  const { t } = useTranslation("collab");
  const [mounted, setMounted] = useState(false);
  const { refresh } = useRefreshData();
  useEffect(() => setMounted(true), []);
  const placeholder = (
    <div className="collab-editor collab-loading" aria-busy="true">
      <p className="muted">{t("loading")}</p>
    </div>
  );
  if (!mounted) return placeholder;
  return (
    <Suspense fallback={placeholder}>
      <LiveEditor docName={docName} label={label} readOnly={readOnly} user={user} onAccessChanged={refresh} />
    </Suspense>
  );
}
