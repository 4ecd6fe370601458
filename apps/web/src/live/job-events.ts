import type { ApiJob } from "@ocrflow/shared/responses";

/** What a screen hears of the user's jobs: each changed job, or "reload what you show". */
export interface JobEventHandlers {
  onJobs: (jobs: ApiJob[]) => void;
  onResync: () => void;
}

const subscribers = new Set<JobEventHandlers>();
let source: EventSource | undefined;
let pending: ApiJob[] = [];
let frame: number | undefined;
const REOPEN_MS = 5_000;

// Changes are handed on once per animation frame, together: fifty jobs moving
// at once cost one render, not fifty.
function flush(): void {
  frame = undefined;
  const jobs = pending;
  pending = [];
  for (const subscriber of subscribers) subscriber.onJobs(jobs);
}

function open(): EventSource {
  const events = new EventSource("/api/v1/events");
  events.addEventListener("job", (event) => {
    pending.push(JSON.parse((event as MessageEvent<string>).data) as ApiJob);
    frame ??= requestAnimationFrame(flush);
  });
  // `ready` starts every connection, reconnections included: what was missed meanwhile is reloaded.
  let connectedBefore = false;
  events.addEventListener("ready", () => {
    if (connectedBefore) for (const subscriber of subscribers) subscriber.onResync();
    connectedBefore = true;
  });
  events.addEventListener("resync", () => {
    for (const subscriber of subscribers) subscriber.onResync();
  });
  // EventSource retries a dropped connection by itself, but gives up on an
  // error answer (a 503 while the API restarts): then it is opened anew.
  events.addEventListener("error", () => {
    if (events.readyState !== EventSource.CLOSED || source !== events) return;
    source = undefined;
    setTimeout(() => {
      if (subscribers.size > 0 && !source) {
        source = open();
        for (const subscriber of subscribers) subscriber.onResync();
      }
    }, REOPEN_MS);
  });
  return events;
}

/** Follows the user's jobs on the one shared stream (GET /api/v1/events) until the returned function is called. */
export function subscribeToJobs(handlers: JobEventHandlers): () => void {
  subscribers.add(handlers);
  source ??= open();
  return () => {
    subscribers.delete(handlers);
  };
}

/** Closes the stream (at sign-out). */
export function closeJobEvents(): void {
  source?.close();
  source = undefined;
  if (frame !== undefined) cancelAnimationFrame(frame);
  frame = undefined;
  pending = [];
}
