// Loaded only by the Prisma CLI (prisma.config.ts). Two fixes for Prisma 6.19.3's JS schema engine offline:
// 1. adapter-pg cannot deserialize pg_catalog types `name` (OID 19) and `"char"` (OID 18) that introspection
//    returns; reading them as text is exact for both.
// 2. The WebAssembly engine leaves 10 s timers running, which keeps the CLI alive long after it has finished.
const Result = require("pg/lib/result");
const CATALOG_TEXT_OIDS = new Set([18, 19]);
const TEXT_OID = 25;
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function (fieldDescriptions) {
  for (const f of fieldDescriptions) if (CATALOG_TEXT_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
  return addFields.call(this, fieldDescriptions);
};
const setTimeoutOriginal = global.setTimeout;
global.setTimeout = function (fn, ms, ...args) {
  const t = setTimeoutOriginal(fn, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && t && typeof t.unref === "function") t.unref();
  return t;
};
