import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";
import { whenSignedOut } from "./api/http.ts";
import { Layout } from "./components/layout.tsx";
import { closeJobEvents } from "./live/job-events.ts";
import { matchRoute, navigate, useLocation } from "./router.tsx";
import { BatchScreen } from "./screens/batch.tsx";
import { JobScreen } from "./screens/job.tsx";
import { JobsScreen } from "./screens/jobs.tsx";
import { SignInScreen } from "./screens/sign-in.tsx";
import { UploadScreen } from "./screens/upload.tsx";
import { resumeSession, SessionContext, type SignedIn } from "./session.tsx";

/** The screens once signed in, by path; the first that matches is shown (the API serves the page at each). */
const ROUTES: [string, (params: Record<string, string>) => JSX.Element][] = [
  ["/upload", () => <UploadScreen />],
  ["/jobs", () => <JobsScreen />],
  ["/batches/:id", (params) => <BatchScreen batchId={params.id!} />],
  ["/jobs/:id/pages/:page", (params) => <JobScreen jobId={params.id!} page={Number(params.page)} />],
  ["/jobs/:id", (params) => <JobScreen jobId={params.id!} page={1} />],
];

function SignedInScreen({ path }: { path: string }) {
  for (const [pattern, screen] of ROUTES) {
    const params = matchRoute(pattern, path);
    if (params) return screen(params);
  }
  return <JobsScreen />;
}

export function App() {
  const { path } = useLocation();
  const [signedIn, setSignedIn] = useState<SignedIn | undefined>();
  const [checked, setChecked] = useState(false);

  useEffect(() => {
    resumeSession().then((resumed) => {
      setSignedIn(resumed);
      setChecked(true);
    });
    whenSignedOut(() => {
      closeJobEvents();
      setSignedIn(undefined);
    });
  }, []);

  useEffect(() => {
    if (!checked) return;
    if (!signedIn && path !== "/sign-in") {
      const back = path === "/" ? "" : `?next=${encodeURIComponent(path + location.search)}`;
      navigate(`/sign-in${back}`, { replace: true });
    } else if (signedIn && (path === "/" || path === "/sign-in")) {
      navigate("/jobs", { replace: true });
    }
  }, [checked, signedIn, path]);

  if (!checked) return <p class="loading">Loading…</p>;
  if (!signedIn) return <SignInScreen onSignedIn={setSignedIn} />;
  return (
    <SessionContext.Provider value={signedIn}>
      <Layout onSignedOut={() => setSignedIn(undefined)}>
        <SignedInScreen path={path} />
      </Layout>
    </SessionContext.Provider>
  );
}
