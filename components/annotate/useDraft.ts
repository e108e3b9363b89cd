"use client";
import { useEffect, useState } from "react";
import type { FieldValues, UseFormReturn } from "react-hook-form";

export type Draft<V> = { values: V; clientId: string; elapsedMs: number };

const draftKey = (slug: string, id: string) => `hardlab:draft:${slug}:${id}`;

/** An idempotency key; getRandomValues also works on plain-http deployments, where randomUUID does not exist. */
function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function readDraft<V>(key: string): Draft<V> | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as Draft<V>) : null;
  } catch {
    return null;
  }
}

export function clearDraft(slug: string, id: string) {
  localStorage.removeItem(draftKey(slug, id));
}

/**
 * The draft of one item (values, idempotency key, active time so far), kept in localStorage per project and item so a
 * reload resumes it. `useDraft` reads it once; `useSaveDraft` writes it on every change and when the page is hidden.
 */
export function useDraft<V>(slug: string, id: string, initial: V): Draft<V> & { key: string } {
  const key = draftKey(slug, id);
  const [draft] = useState<Draft<V>>(
    () => readDraft<V>(key) ?? { values: initial, clientId: newClientId(), elapsedMs: 0 },
  );
  return { ...draft, key };
}

export function useSaveDraft<V extends FieldValues>(
  draft: { key: string; clientId: string },
  form: UseFormReturn<V, unknown, unknown>,
  elapsed: () => number,
) {
  const { key, clientId } = draft;
  useEffect(() => {
    const save = (values: V) =>
      localStorage.setItem(key, JSON.stringify({ values, clientId, elapsedMs: elapsed() } satisfies Draft<V>));
    const unsubscribe = form.subscribe({ formState: { values: true }, callback: ({ values }) => save(values) });
    const pagehide = () => save(form.getValues());
    window.addEventListener("pagehide", pagehide);
    return () => {
      unsubscribe();
      window.removeEventListener("pagehide", pagehide);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the draft key and id are fixed for this item
  }, [key]);
}
