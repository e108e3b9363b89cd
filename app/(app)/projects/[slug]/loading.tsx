/** Shown while a project page loads (a cold hardness table takes a second): the tabs stay, the content waits. */
export default function ProjectPageLoading() {
  return (
    <div className="stack" aria-busy="true" aria-live="polite">
      <span className="sr-only">Loading…</span>
      <div className="card skeleton h-200" />
      <div className="card skeleton h-260" />
    </div>
  );
}
