"use client";
import { useSyncExternalStore } from "react";
import { date, type DateStyle } from "@/lib/format";

const noSubscription = () => () => {};

/**
 * A date in the reader's locale and time zone. The server does not know either, so it writes the date in UTC
 * (ISO order, marked UTC); the browser rewrites it with its own locale as soon as the page hydrates.
 */
export function LocalTime({ value, style = "date" }: { value: Date | string; style?: DateStyle }) {
  const inBrowser = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const iso = (value instanceof Date ? value : new Date(value)).toISOString();
  const text = inBrowser
    ? date(iso, style)
    : style === "date"
      ? iso.slice(0, 10)
      : `${iso.slice(0, 16).replace("T", " ")} UTC`;
  return (
    <time dateTime={iso} title={`${iso.slice(0, 19).replace("T", " ")} UTC`}>
      {text}
    </time>
  );
}
