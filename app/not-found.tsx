import Link from "next/link";

export default function NotFound() {
  return (
    <main id="main" className="narrow">
      <div className="card stack">
        <h1>Not found</h1>
        <p className="muted">This page does not exist, or you do not have access to it.</p>
        <Link className="btn primary" href="/projects">
          Go to your projects
        </Link>
      </div>
    </main>
  );
}
