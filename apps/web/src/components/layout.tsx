import type { ComponentChildren } from "preact";
import { Link, useLocation } from "../router.tsx";
import { signOut, useSignedIn } from "../session.tsx";

const NAV = [
  { href: "/upload", label: "Upload" },
  { href: "/jobs", label: "Jobs" },
];

/** Header with the navigation and the user, then the screen as the page's main content. */
export function Layout({ children, onSignedOut }: { children: ComponentChildren; onSignedOut: () => void }) {
  const { session } = useSignedIn();
  const { path } = useLocation();
  const onSignOut = async () => {
    await signOut().catch(() => undefined);
    onSignedOut();
  };
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="app-header">
        <span class="brand">ocrflow</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.href}>
                <Link href={item.href} aria-current={path.startsWith(item.href) ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
            {session.adminBoard && (
              <li>
                <a href={session.adminBoard} target="_blank" rel="noopener">
                  Queues (admin)
                </a>
              </li>
            )}
          </ul>
        </nav>
        <div class="user">
          <span>{session.user.name}</span>
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
