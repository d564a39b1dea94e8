import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/sector-badge";
import type { Sector } from "~/domain/sectors";
import { CollaborativeEditor } from "./collaborative-editor";
import { DocHistory } from "./doc-history";
import type { PresenceUser } from "./presence";

/** Serialisable form of doc-access.server.ts `CollabDoc` (what loaders return). */
export interface CollabDocData {
  docName: string;
  readOnly: boolean;
  user: PresenceUser;
}

/** A live document with its version history underneath. */
export function CollabDocument({ planId, doc, label }: { planId: string; doc: CollabDocData; label: string }) {
  return (
    <div className="collab-document">
      <CollaborativeEditor docName={doc.docName} label={label} readOnly={doc.readOnly} user={doc.user} />
      <DocHistory planId={planId} docName={doc.docName} title={label} />
    </div>
  );
}

/**
 * Sector-confidential notes: one document per sector the member may read (their own; all for
 * coordinators when the plan allows). Others' sectors open on demand so only one socket is live.
 */
export function SectorNotes({ planId, notes, mySector }: { planId: string; notes: Array<{ sector: Sector; doc: CollabDocData }>; mySector: Sector }) {
  const { t } = useTranslation("collab");
  const [opened, setOpened] = useState<Set<Sector>>(() => new Set([mySector]));
  if (notes.length === 0) return null;
  if (notes.length === 1) {
    const only = notes[0]!;
    return <CollabDocument planId={planId} doc={only.doc} label={t("sectorNotes.label", { sector: t(`common:sectors.${only.sector}`) })} />;
  }
  return (
    <div className="stack">
      {notes.map(({ sector, doc }) => (
        <details
          key={sector}
          open={opened.has(sector)}
          onToggle={(e) => {
            const isOpen = (e.target as HTMLDetailsElement).open;
            setOpened((prev) => {
              const next = new Set(prev);
              if (isOpen) next.add(sector);
              else next.delete(sector);
              return next;
            });
          }}
        >
          <summary>
            <SectorBadge sector={sector} />
          </summary>
          {opened.has(sector) ? <CollabDocument planId={planId} doc={doc} label={t("sectorNotes.label", { sector: t(`common:sectors.${sector}`) })} /> : null}
        </details>
      ))}
    </div>
  );
}
