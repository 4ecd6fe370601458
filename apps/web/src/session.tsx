import type { ApiCapabilities, ApiSession } from "@ocrflow/shared/responses";
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { api, setCsrfToken } from "./api/http.ts";
import { closeJobEvents } from "./live/job-events.ts";

export interface SignedIn {
  session: ApiSession;
  capabilities: ApiCapabilities;
}

export const SessionContext = createContext<SignedIn | undefined>(undefined);

/** The signed-in session and what the service offers; only used under a signed-in screen. */
export function useSignedIn(): SignedIn {
  const signedIn = useContext(SessionContext);
  if (!signedIn) throw new Error("useSignedIn outside a signed-in screen");
  return signedIn;
}

async function withCapabilities(session: ApiSession): Promise<SignedIn> {
  setCsrfToken(session.csrfToken);
  return { session, capabilities: await api<ApiCapabilities>("/api/v1/capabilities") };
}

/** The session this browser already has (its cookie), or undefined. */
export async function resumeSession(): Promise<SignedIn | undefined> {
  try {
    const { session } = await api<{ session: ApiSession }>("/api/v1/session");
    return await withCapabilities(session);
  } catch {
    return undefined;
  }
}

/** Exchanges an API key for a session cookie; the key is not kept anywhere. */
export async function signIn(apiKey: string): Promise<SignedIn> {
  const { session } = await api<{ session: ApiSession }>("/api/v1/session", { method: "POST", json: { apiKey } });
  return withCapabilities(session);
}

export async function signOut(): Promise<void> {
  closeJobEvents();
  try {
    await api("/api/v1/session", { method: "DELETE" });
  } finally {
    setCsrfToken(undefined);
  }
}
