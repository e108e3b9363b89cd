import "server-only";
import { parseArgs } from "node:util";
import { z } from "zod";
import { emailSchema, passwordSchema } from "@/lib/auth/schemas";
import { createApiToken } from "@/lib/auth/tokens";
import { createUser } from "@/lib/auth/users";
import { db, databaseKind } from "@/lib/db";
import { seedDemo } from "@/lib/demo/seed";

const USAGE = `hardlab: scripting and first set-up (same database selection as the app: DATABASE_URL or the embedded database)

  hardlab user create --email E --password P [--name N] [--admin]
  hardlab token create --email E --name N        prints the token once, nothing else on stdout
  hardlab db migrate                              applies pending migrations
  hardlab demo seed                               creates the demo project and prints its accounts

With the embedded database, stop the app first: only one process can open it.`;

class UsageError extends Error {}

function flags(args: string[], spec: Record<string, "string" | "boolean">) {
  const options = Object.fromEntries(Object.entries(spec).map(([k, type]) => [k, { type }])) as Record<
    string,
    { type: "string" | "boolean" }
  >;
  try {
    return parseArgs({ args, options, strict: true }).values as Record<string, string | boolean | undefined>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function required<T>(schema: z.ZodType<T>, value: unknown, flag: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`--${flag}: ${value === undefined ? "required" : r.error.issues[0].message}`);
  return r.data;
}

export async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  const key = `${group ?? ""} ${command ?? ""}`;
  try {
    switch (key) {
      case "user create": {
        const f = flags(rest, { email: "string", password: "string", name: "string", admin: "boolean" });
        const email = required(emailSchema, f.email, "email");
        const password = required(passwordSchema, f.password, "password");
        const user = await createUser(await db(), {
          email,
          password,
          name: f.name as string | undefined,
          admin: f.admin === true,
        });
        console.log(`Created ${user.email} (${user.role.toLowerCase()})`);
        return 0;
      }
      case "token create": {
        const f = flags(rest, { email: "string", name: "string" });
        const email = required(emailSchema, f.email, "email");
        const name = required(z.string().trim().min(1).max(100), f.name, "name");
        const prisma = await db();
        const user = await prisma.user.findUnique({ where: { email } });
        if (!user || user.external) throw new UsageError(`No account with the email ${email}`);
        process.stdout.write(`${(await createApiToken(prisma, user.id, name)).token}\n`);
        return 0;
      }
      case "db migrate": {
        await db();
        console.log(`Database (${databaseKind()}) is migrated.`);
        return 0;
      }
      case "demo seed": {
        const accounts = await seedDemo(await db());
        printAccounts(accounts);
        return 0;
      }
      default:
        console.log(USAGE);
        return group === undefined || group === "help" || group === "--help" ? 0 : 2;
    }
  } catch (e) {
    console.error(`hardlab: ${(e as Error).message}`);
    return e instanceof UsageError ? 2 : 1;
  }
}

export function printAccounts(accounts: { role: string; email: string; password: string }[]) {
  console.log("\nDemo accounts (shown once; change the passwords in Settings):");
  for (const a of accounts) console.log(`  ${a.role.padEnd(11)} ${a.email.padEnd(26)} ${a.password}`);
  console.log("");
}
