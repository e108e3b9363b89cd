import Link from "next/link";
import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main id="main" className="narrow">
      <p style={{ textAlign: "center", marginBottom: "1.5rem" }}>
        <Link href="/" className="brand" style={{ justifyContent: "center", fontSize: "1.3rem" }}>
          <span className="brand-mark" aria-hidden /> Hardlab
        </Link>
      </p>
      {children}
    </main>
  );
}
