export interface StreamedEvent {
  event?: string;
  data?: any;
  comment?: string;
}

export interface ReadEventsOptions {
  headers?: Record<string, string>;
  stopWhen?: (events: StreamedEvent[]) => boolean;
  signal?: AbortSignal;
  /** Runs once the stream has delivered its first event; awaited before the events are returned. */
  onFirstEvent?: () => Promise<unknown>;
}

/**
 * Opens an event stream and collects what arrives until the server closes it, `stopWhen` holds, or the abort;
 * `onFirstEvent` runs once the stream has delivered its first event.
 */
export async function readEventStream(url: string, options: ReadEventsOptions = {}) {
  const controller = new AbortController();
  options.signal?.addEventListener("abort", () => controller.abort());
  const response = await fetch(url, { headers: options.headers, signal: controller.signal });
  const events: StreamedEvent[] = [];
  let buffer = "";
  let closedByServer = false;
  const decoder = new TextDecoder();
  let reacted: Promise<unknown> | undefined;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end !== -1) {
        events.push(parseBlock(buffer.slice(0, end)));
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf("\n\n");
      }
      if (events.length > 0 && options.onFirstEvent) reacted ??= Promise.resolve().then(options.onFirstEvent);
      if (options.stopWhen?.(events)) {
        controller.abort();
        break;
      }
    }
    closedByServer = !controller.signal.aborted;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  await reacted;
  return { response, events, closedByServer };
}

function parseBlock(block: string): StreamedEvent {
  const parsed: StreamedEvent = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) parsed.comment = line.slice(1).trim();
    else if (line.startsWith("event: ")) parsed.event = line.slice(7);
    else if (line.startsWith("data: ")) parsed.data = JSON.parse(line.slice(6));
  }
  return parsed;
}
