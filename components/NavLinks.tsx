"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

/** Navigation links that mark the current page for assistive technology and styling. */
export function NavLinks({
  links,
  className = "nav",
  exact = false,
}: {
  links: { href: string; label: string }[];
  className?: string;
  exact?: boolean;
}) {
  const path = usePathname();
  const current = links
    .filter((l) => (exact ? path === l.href : path === l.href || path.startsWith(l.href + "/")))
    .sort((a, b) => b.href.length - a.href.length)[0]?.href;
  return (
    <nav className={className} aria-label="Sections">
      {links.map((l) => (
        <Link key={l.href} href={l.href} aria-current={l.href === current ? "page" : undefined}>
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
