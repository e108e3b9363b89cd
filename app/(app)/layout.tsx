import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { NavLinks } from "@/components/NavLinks";
import { SignOutButton } from "@/components/SignOutButton";
import { ThemeToggle } from "@/components/ui/ThemeToggle";
import { currentUser } from "@/lib/auth/caller";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const links = [
    { href: "/projects", label: "Projects" },
    { href: "/me", label: "My work" },
    { href: "/settings", label: "Settings" },
    { href: "/docs/api", label: "API" },
    ...(user.role === "ADMIN" ? [{ href: "/admin", label: "Admin" }] : []),
  ];
  return (
    <>
      <header className="topbar">
        <Link href="/projects" className="brand">
          <span className="brand-mark" aria-hidden /> Hardlab
        </Link>
        <NavLinks links={links} />
        <span className="spacer" />
        <ThemeToggle />
        <span className="small muted">{user.name ?? user.email}</span>
        <SignOutButton />
      </header>
      <main id="main" className="container">
        {children}
      </main>
    </>
  );
}
