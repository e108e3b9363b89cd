import type pg from "pg";

/**
 * DROP DATABASE ... WITH (FORCE), retried: a role without superuser cannot terminate an autovacuum worker that
 * PostgreSQL started on the database after a bulk load, and the drop fails until that worker finishes.
 */
export async function dropDatabase(admin: pg.Client, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      return;
    } catch (e) {
      const insufficientPrivilege = (e as { code?: string }).code === "42501";
      if (!insufficientPrivilege || attempt === 20) throw e;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
