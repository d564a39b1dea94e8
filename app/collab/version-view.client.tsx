import { EditorContent, useEditor } from "@tiptap/react";
import Collaboration from "@tiptap/extension-collaboration";
import { useEffect, useState } from "react";
import * as Y from "yjs";
import { DOC_FIELD } from "../../server/sync/doc-names";
import { richTextExtensions } from "./editor.client";

/** An old version, read-only, rendered by the same editor from a local Yjs document (no network). */
export default function VersionView({ state, label }: { state: string; label: string }) {
  const [doc] = useState(() => {
    const d = new Y.Doc();
    Y.applyUpdate(d, Uint8Array.from(atob(state), (c) => c.charCodeAt(0)));
    return d;
  });
  useEffect(() => () => doc.destroy(), [doc]);
  const editor = useEditor({
    immediatelyRender: false,
    editable: false,
    extensions: [...richTextExtensions(), Collaboration.configure({ document: doc, field: DOC_FIELD })],
    editorProps: { attributes: { class: "collab-prose", role: "document", "aria-label": label } },
  });
  return <EditorContent editor={editor} className="collab-content collab-version-content" />;
}
