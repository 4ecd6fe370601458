/** What a failed call to the API says, as a one-line message (exit code 1). */
export class ApiCallError extends Error {}

export interface CliApi {
  request: <T>(method: string, route: string, body?: FormData) => Promise<T>;
  text: (route: string) => Promise<string>;
}

/** The few API calls the CLI makes, with the key, and errors turned into readable messages. */
export function createCliApi(baseUrl: string, key: string): CliApi {
  const call = async (method: string, route: string, body?: FormData): Promise<Response> => {
    const url = new URL(route, baseUrl);
    let response: Response;
    try {
      response = await fetch(url, { method, body, headers: { authorization: `Bearer ${key}` } });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new ApiCallError(
        `cannot reach the API at ${baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}); is it running? (OCRFLOW_URL)`,
      );
    }
    if (response.ok) return response;
    const text = await response.text();
    let detail = text.slice(0, 300);
    try {
      const { error } = JSON.parse(text) as { error: { code: string; message: string } };
      detail = `${error.code}: ${error.message}`;
    } catch {}
    throw new ApiCallError(`${method} ${url.pathname} answered ${response.status}: ${detail}`);
  };
  return {
    request: async <T>(method: string, route: string, body?: FormData) => (await (await call(method, route, body)).json()) as T,
    text: async (route) => (await call("GET", route)).text(),
  };
}
