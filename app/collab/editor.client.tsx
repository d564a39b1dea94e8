import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { TableKit } from "@tiptap/extension-table";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { IndexeddbPersistence } from "y-indexeddb";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { withoutControlCharacters } from "~/utils/plain-text";
import { DOC_FIELD } from "../../server/sync/doc-names";
import { presenceUserOf, type PresenceUser } from "./presence";

export type ConnectionState = "connected" | "reconnecting" | "offline" | "closed";

export interface LiveEditorProps {
  docName: string;
  label: string;
  readOnly: boolean;
  user: PresenceUser | null;
  /** The server closed for good (access revoked, session ended) or changed access: reload data. */
  onAccessChanged?: () => void;
}

/**
 * The extensions of every Taskforce rich-text document (the live editor and old versions alike).
 * No trailing node: that plugin appends an empty paragraph whenever a document ends in a list or
 * table, and in a shared document every editor appends its own at once, so the narrative grows
 * stray empty paragraphs (docs/decisions/029-co-editing-integrity.md).
 */
export function richTextExtensions() {
  return [
    StarterKit.configure({ undoRedo: false, trailingNode: false, link: { openOnClick: false, autolink: true } }),
    TableKit.configure({ table: { resizable: false } }),
  ];
}

const CLOSE_ACCESS_CHANGED = 4009;

/**
 * The live editor: Yjs document kept in IndexedDB (offline edits survive a reload and merge on
 * reconnect) and synced over y-websocket to /sync/<docName>; Tiptap bound to it with
 * collaboration carets. Browser only: collaborative-editor.tsx loads it after hydration.
 */
export default function LiveEditor({ docName, label, readOnly, user, onAccessChanged }: LiveEditorProps) {
  const [session, setSession] = useState<{ doc: Y.Doc; provider: WebsocketProvider } | null>(null);
  const [connection, setConnection] = useState<ConnectionState>("reconnecting");
  const accessChanged = useRef(onAccessChanged);
  accessChanged.current = onAccessChanged;

  useEffect(() => {
    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(`taskforce:${docName}`, doc);
    const url = `${window.location.protocol === "https:" ? "wss:" : "ws:"}//${window.location.host}/sync`;
    const provider = new WebsocketProvider(url, docName, doc, { maxBackoffTime: 5000 });
    const update = () => {
      if (!navigator.onLine) setConnection("offline");
      else setConnection(provider.wsconnected ? "connected" : "reconnecting");
    };
    provider.on("status", update);
    provider.on("connection-close", (event) => {
      if (event?.code === CLOSE_ACCESS_CHANGED) accessChanged.current?.();
    });
    provider.on("closed", () => {
      setConnection("closed");
      accessChanged.current?.();
    });
    window.addEventListener("online", update);
    window.addEventListener("offline", update);
    update();
    setSession({ doc, provider });
    return () => {
      window.removeEventListener("online", update);
      window.removeEventListener("offline", update);
      provider.destroy();
      void local.destroy();
      doc.destroy();
      setSession(null);
    };
  }, [docName]);

  if (!session) return null;
  return <BoundEditor key={docName} {...session} label={label} readOnly={readOnly} user={user} connection={connection} />;
}

function BoundEditor({
  doc,
  provider,
  label,
  readOnly,
  user,
  connection,
}: {
  doc: Y.Doc;
  provider: WebsocketProvider;
  label: string;
  readOnly: boolean;
  user: PresenceUser | null;
  connection: ConnectionState;
}) {
  const { t } = useTranslation("collab");
  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions: [
      ...richTextExtensions(),
      Collaboration.configure({ document: doc, field: DOC_FIELD }),
      CollaborationCaret.configure({ provider, user: user ?? { name: "", color: "#555555" } }),
    ],
    editorProps: {
      // Word puts vertical tabs and form feeds in copied text; the server refuses control
      // characters in live documents, so they become spaces on the way in.
      transformPastedText: (text) => withoutControlCharacters(text, " "),
      transformPastedHTML: (html) => withoutControlCharacters(html, " "),
      attributes: {
        class: "collab-prose",
        role: "textbox",
        "aria-multiline": "true",
        "aria-label": label,
        "aria-readonly": String(readOnly),
      },
    },
  });

  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);

  return (
    <div className="collab-editor" data-connection={connection} data-readonly={readOnly ? "true" : "false"}>
      <div className="collab-bar">
        <ConnectionIndicator state={connection} />
        <Presence provider={provider} />
      </div>
      {readOnly ? (
        <p className="collab-readonly" role="note">
          {t("readOnly")}
        </p>
      ) : (
        <Toolbar editor={editor} label={label} />
      )}
      <EditorContent editor={editor} className="collab-content" />
      <RemoteChanges doc={doc} provider={provider} />
      {!readOnly ? <p className="collab-hint muted">{t("offlineHint")}</p> : null}
    </div>
  );
}

function ConnectionIndicator({ state }: { state: ConnectionState }) {
  const { t } = useTranslation("collab");
  return (
    <p className={`collab-connection collab-connection-${state}`} role="status">
      <span className="collab-dot" aria-hidden="true" />
      {t(`connection.${state}`)}
    </p>
  );
}

/** Who else is in the document: one avatar per member, in their sector colour. */
function Presence({ provider }: { provider: WebsocketProvider }) {
  const { t } = useTranslation("collab");
  const [people, setPeople] = useState<PresenceUser[]>([]);
  useEffect(() => {
    const awareness = provider.awareness;
    const refresh = () => {
      const seen = new Map<string, PresenceUser>();
      for (const [clientId, state] of awareness.getStates()) {
        if (clientId === awareness.clientID) continue;
        const u = presenceUserOf(state);
        if (u && !seen.has(u.id)) seen.set(u.id, u);
      }
      setPeople([...seen.values()].sort((a, b) => a.name.localeCompare(b.name)));
    };
    awareness.on("change", refresh);
    refresh();
    return () => awareness.off("change", refresh);
  }, [provider]);
  return (
    <div className="collab-presence">
      <span className="visually-hidden">{t("presence.label")}</span>
      {people.length === 0 ? (
        <span className="muted">{t("presence.alone")}</span>
      ) : (
        <ul aria-label={t("presence.label")}>
          {people.map((p) => (
            <li key={p.id} className="collab-avatar" style={{ backgroundColor: p.color }} title={p.name}>
              <span aria-hidden="true">{initials(p.name)}</span>
              <span className="visually-hidden">{p.name}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? "") + (parts.length > 1 ? (parts.at(-1)?.[0] ?? "") : "")).toUpperCase();
}

/** Tells screen-reader users, politely and at most every few seconds, that others changed the text. */
function RemoteChanges({ doc, provider }: { doc: Y.Doc; provider: WebsocketProvider }) {
  const { t } = useTranslation("collab");
  const [message, setMessage] = useState("");
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const announce = () => {
      timer = null;
      last = Date.now();
      const names = new Set<string>();
      for (const [clientId, state] of provider.awareness.getStates()) {
        const u = presenceUserOf(state);
        if (clientId !== provider.awareness.clientID && u) names.add(u.name);
      }
      setMessage(names.size > 0 ? t("remoteChangesBy", { names: [...names].join(", ") }) : t("remoteChanges"));
    };
    // The text the server sends on opening (applied just before the provider turns `synced`) is
    // what the reader came to read, not someone else's change: announce only updates that arrive
    // after the first sync (later reconnections included: those are changes made meanwhile).
    let opened = provider.synced;
    const onSync = (isSynced: boolean) => {
      if (isSynced) opened = true;
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== provider || !opened || timer) return;
      timer = setTimeout(announce, Math.max(0, 10_000 - (Date.now() - last)));
    };
    provider.on("sync", onSync);
    doc.on("update", onUpdate);
    return () => {
      provider.off("sync", onSync);
      doc.off("update", onUpdate);
      if (timer) clearTimeout(timer);
    };
  }, [doc, provider, t]);
  return (
    <p className="visually-hidden" aria-live="polite">
      {message}
    </p>
  );
}

function Toolbar({ editor, label }: { editor: Editor | null; label: string }) {
  const { t } = useTranslation("collab");
  const [, rerender] = useState(0);
  useEffect(() => {
    if (!editor) return;
    const update = () => rerender((n) => n + 1);
    editor.on("transaction", update);
    return () => {
      editor.off("transaction", update);
    };
  }, [editor]);
  if (!editor) return null;
  const button = (key: string, active: boolean, run: () => void, text: ReactNode) => (
    <button type="button" className="collab-tool" aria-pressed={active} onClick={run} title={t(`toolbar.${key}`)} aria-label={t(`toolbar.${key}`)}>
      <span aria-hidden="true">{text}</span>
    </button>
  );
  const chain = () => editor.chain().focus();
  return (
    <div className="collab-toolbar" role="toolbar" aria-label={t("toolbar.label", { label })}>
      {button("bold", editor.isActive("bold"), () => chain().toggleBold().run(), "B")}
      {button("italic", editor.isActive("italic"), () => chain().toggleItalic().run(), "I")}
      {button("heading2", editor.isActive("heading", { level: 2 }), () => chain().toggleHeading({ level: 2 }).run(), "H2")}
      {button("heading3", editor.isActive("heading", { level: 3 }), () => chain().toggleHeading({ level: 3 }).run(), "H3")}
      {button("bulletList", editor.isActive("bulletList"), () => chain().toggleBulletList().run(), "•")}
      {button("orderedList", editor.isActive("orderedList"), () => chain().toggleOrderedList().run(), "1.")}
      {button(
        "link",
        editor.isActive("link"),
        () => {
          if (editor.isActive("link")) return void chain().unsetLink().run();
          const href = window.prompt(t("toolbar.linkPrompt"));
          if (href && /^(https?:|mailto:)/i.test(href.trim())) chain().setLink({ href: href.trim() }).run();
        },
        // A drawn icon: the emoji "🔗" shows as an empty box where no emoji font is installed.
        <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" focusable="false">
          <path d="M10 13a5 5 0 0 0 7.07 0l3-3a5 5 0 0 0-7.07-7.07l-1.5 1.5" />
          <path d="M14 11a5 5 0 0 0-7.07 0l-3 3a5 5 0 0 0 7.07 7.07l1.5-1.5" />
        </svg>,
      )}
      {button("table", editor.isActive("table"), () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(), "▦")}
      {button("undo", false, () => chain().undo().run(), "↶")}
      {button("redo", false, () => chain().redo().run(), "↷")}
    </div>
  );
}
