"use client";
import { useEffect, useState } from "react";

type Theme = "light" | "dark" | "system";

export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => setTheme((localStorage.getItem("hardlab-theme") as Theme | null) ?? "system"), []);
  function choose(next: Theme) {
    setTheme(next);
    if (next === "system") {
      localStorage.removeItem("hardlab-theme");
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem("hardlab-theme", next);
      document.documentElement.dataset.theme = next;
    }
  }
  return (
    <label className="small muted row" style={{ gap: ".3rem" }}>
      <span className="sr-only">Theme</span>
      <select aria-label="Colour theme" value={theme} onChange={(e) => choose(e.target.value as Theme)} style={{ width: "auto", padding: ".2rem .4rem" }}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </label>
  );
}
