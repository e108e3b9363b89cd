"use client";
import { useSyncExternalStore } from "react";

type Theme = "light" | "dark" | "system";
const KEY = "hardlab-theme";
const listeners = new Set<() => void>();

const subscribe = (fn: () => void) => {
  listeners.add(fn);
  return () => listeners.delete(fn);
};
const read = (): Theme => (localStorage.getItem(KEY) as Theme | null) ?? "system";

/** Light, dark or the system's choice; saved in localStorage and applied before paint by the root layout. */
export function ThemeToggle() {
  const theme = useSyncExternalStore(subscribe, read, () => "system" as Theme);
  function choose(next: Theme) {
    if (next === "system") {
      localStorage.removeItem(KEY);
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem(KEY, next);
      document.documentElement.dataset.theme = next;
    }
    listeners.forEach((fn) => fn());
  }
  return (
    <select
      aria-label="Colour theme"
      value={theme}
      onChange={(e) => choose(e.target.value as Theme)}
      className="w-auto compact"
    >
      <option value="system">System theme</option>
      <option value="light">Light</option>
      <option value="dark">Dark</option>
    </select>
  );
}
