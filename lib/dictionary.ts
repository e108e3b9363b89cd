/**
 * A string-keyed table that inherits nothing, so a key taken from input (`__proto__`, `constructor`, `toString`) is an
 * ordinary key: writing it cannot reach Object.prototype and reading it finds only what was stored. The eslint rule in
 * eslint.config.mjs requires this (or a Map) for every `Record<string, ...>`.
 */
export function dictionary<T>(entries: Readonly<Record<string, T>> = {}): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}
