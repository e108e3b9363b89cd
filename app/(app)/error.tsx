"use client";

/** Shown when a page fails to render: says so plainly and offers a retry instead of a blank screen. */
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="card stack" role="alert">
      <h2 className="mt-0">Something went wrong</h2>
      <p className="muted">
        The page could not be loaded. If the database was restarting, trying again usually works.
        {error.digest ? (
          <>
            {" "}
            Reference: <code>{error.digest}</code>
          </>
        ) : null}
      </p>
      <div>
        <button className="btn primary" onClick={reset}>
          Try again
        </button>
      </div>
    </div>
  );
}
