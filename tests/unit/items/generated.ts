/** Generated JSONL for the streaming tests. */
import { bytes } from "./helpers";

/** A varied row: multiple choice or free response, multibyte text, CRLF endings, and every 997th row broken. */
function jsonlRow(i: number): string {
  const ending = i % 5 === 0 ? "\r\n" : "\n";
  if (i % 997 === 0) return `{"id": "r${i}", "question": "broken ${i}", "choices": ["only one"]}${ending}`;
  const row =
    i % 2 === 0
      ? {
          id: `r${i}`,
          question: `Question ${i}: which café serves 漢字 tea 🧪?`,
          choices: ["Ça", "Bé", "Cé", "Dé"],
          answer: i % 4,
          grade: i % 9,
        }
      : { id: `r${i}`, question: `Free ${i}: name a Zürich street`, answer: `Straße ${i} ✓` };
  return JSON.stringify(row) + ending;
}

export function jsonlText(rows: number): string {
  let text = "";
  for (let i = 0; i < rows; i++) text += jsonlRow(i);
  return text;
}

/** Rows generated lazily into ~64 KB chunks: the whole file never exists in memory. */
export async function* lazyJsonl(rows: number): AsyncGenerator<Uint8Array> {
  let batch = "";
  for (let i = 0; i < rows; i++) {
    batch += jsonlRow(i);
    if (batch.length >= 65_536) {
      yield bytes(batch);
      batch = "";
    }
  }
  if (batch !== "") yield bytes(batch);
}

/** A CSV with quoted commas, doubled quotes, embedded CRLF newlines, multibyte text and some bad rows. */
export function csvText(rows: number): string {
  let text = "id,question,choice_a,choice_b,choice_c,answer,grade\r\n";
  for (let i = 0; i < rows; i++) {
    if (i % 101 === 0) text += `r${i},"Too few, fields"\r\n`;
    else if (i % 3 === 0)
      text += `r${i},"Multi\r\nline ""quoted"" Frage ${i}, ok?",Ça,"b, c",🧪,${"ABC"[i % 3]},${i % 9}\r\n`;
    else text += `r${i},Plain question ${i} über,x,y,z,${i % 3},\r\n`;
  }
  return text;
}
