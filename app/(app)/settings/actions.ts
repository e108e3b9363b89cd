"use server";
import { redirect } from "next/navigation";
import { currentUser, endAllSessions } from "@/lib/auth/caller";
import { db } from "@/lib/db";

/** "Sign out everywhere": every session of the caller ends, on every device, this one included. */
export async function signOutEverywhere() {
  const user = await currentUser();
  if (user) await endAllSessions(await db(), user.id);
  redirect("/signin");
}
