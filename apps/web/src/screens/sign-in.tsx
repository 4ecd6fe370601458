import { useEffect, useRef, useState } from "preact/hooks";
import { explainError } from "../api/error-messages.ts";
import { ApiError } from "../api/http.ts";
import { navigate } from "../router.tsx";
import { type SignedIn, signIn } from "../session.tsx";

/** Where to go after signing in: the page asked for, if it is one of ours. */
function nextPath(): string {
  const next = new URLSearchParams(location.search).get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/jobs";
}

/** The API key goes to the server once and is exchanged for a session cookie; nothing keeps it in the browser. */
export function SignInScreen({ onSignedIn }: { onSignedIn: (signedIn: SignedIn) => void }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = "Sign in · ocrflow";
    input.current?.focus();
  }, []);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const key = input.current?.value.trim() ?? "";
    if (!key) return setError("Enter your API key.");
    setBusy(true);
    setError(undefined);
    try {
      const signedIn = await signIn(key);
      if (input.current) input.current.value = "";
      navigate(nextPath(), { replace: true });
      onSignedIn(signedIn);
    } catch (failure) {
      setError(
        failure instanceof ApiError && failure.status === 401 ? "That API key is not valid, or it was revoked." : explainError(failure),
      );
      setBusy(false);
      input.current?.focus();
    }
  };

  return (
    <main id="main" class="sign-in">
      <h1>ocrflow</h1>
      <form onSubmit={onSubmit} class="card" aria-describedby={error ? "sign-in-error" : undefined}>
        <h2>Sign in</h2>
        <label for="api-key">API key</label>
        <input
          ref={input}
          id="api-key"
          name="apiKey"
          type="password"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error ? "true" : undefined}
          aria-describedby="api-key-hint"
        />
        <p id="api-key-hint" class="hint">
          Create one on the server with <code>pnpm ocrflow keys create --name you</code>. It is exchanged for a session and never stored in
          this browser.
        </p>
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
