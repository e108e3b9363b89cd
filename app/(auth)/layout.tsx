import Link from "next/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="narrow">
      <p className="center mb-lg">
        <Link href="/" className="brand center-row big">
          <span className="brand-mark" aria-hidden /> Hardlab
        </Link>
      </p>
      {children}
    </main>
  );
}
