/** Every key of the annotation form, for the cheat sheet under the form and the `?` dialog. */
export type Shortcut = { keys: string[]; does: string; short?: string };

export function shortcutsFor(opts: { choices: number; free: boolean; revising: boolean; canGoBack: boolean }) {
  const list: Shortcut[] = [];
  const lastDigit = String(Math.min(opts.choices, 9));
  if (opts.choices > 0) {
    list.push({
      keys: ["1", "–", lastDigit],
      does: "On the options: 100% on that option, then the next field",
      short: "option",
    });
    list.push({
      keys: ["h", "2", "3"],
      does: "On the options: half on each of two options (here B and C)",
      short: "half/half",
    });
    list.push({
      keys: ["o"],
      does: "Go to the options; type a share in an option's box and the others make up the rest",
    });
  }
  if (opts.free) {
    list.push({ keys: ["a"], does: "Go to your answer (Enter in it goes on to the confidence)" });
    list.push({ keys: ["c"], does: "Go to the confidence; there 1–9 is 10%–90% and 0 is 100%", short: "confidence" });
  }
  list.push(
    { keys: ["g"], does: "Grade level: then its number (0 = K, 13 = undergraduate, 14 = graduate)", short: "grade" },
    { keys: ["s"], does: "Reasoning steps: then the number", short: "steps" },
    { keys: ["d"], does: "Difficulty: then 1, 2 or 3", short: "difficulty" },
    { keys: ["b"], does: "Bloom skill: then 1 (Remember) to 6 (Create)", short: "Bloom" },
    { keys: ["Enter"], does: opts.revising ? "Save the revision" : "Submit", short: opts.revising ? "save" : "submit" },
  );
  if (opts.canGoBack)
    list.push({
      keys: ["Backspace"],
      does: "Go back to your previous item of this session and revise it",
      short: "back",
    });
  if (!opts.revising) list.push({ keys: ["x"], does: "Skip, with a reason" });
  list.push(
    { keys: ["f"], does: "Flag the item with a comment" },
    { keys: ["i"], does: "Show or hide the guidelines" },
    { keys: ["Tab"], does: "Next control; arrows choose within a group" },
    { keys: ["?"], does: "This list" },
    { keys: ["Esc"], does: "Close a dialog" },
  );
  return list;
}
