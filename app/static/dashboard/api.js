// Read the JSON API: one place knows the envelope, the error shapes and the pagination.

const API_ROOT = document.getElementById("dashboard")?.dataset.api || "/api";
export const PAGE_LIMIT = 5000; // the largest page /api/time_series and /api/indicators give

export class ApiError extends Error {
  constructor(message, status, path) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.path = path;
  }
}

export function isAbort(error) {
  return error?.name === "AbortError";
}

function urlFor(path, params) {
  const url = new URL(API_ROOT + path, window.location.origin);
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, String(value));
  }
  return url;
}

async function readBody(response, path) {
  try {
    return await response.json();
  } catch {
    throw new ApiError(`${path} answered HTTP ${response.status} without a JSON body`, response.status, path);
  }
}

// Return the envelope of GET `path`; throw ApiError with the server's own message on failure.
export async function getJson(path, params = {}, { signal } = {}) {
  let response;
  try {
    response = await fetch(urlFor(path, params), { signal, headers: { Accept: "application/json" } });
  } catch (error) {
    if (isAbort(error)) throw error;
    throw new ApiError(`Could not reach the API (${path}): the server did not answer`, 0, path);
  }
  const body = await readBody(response, path);
  if (!response.ok) {
    const message = body?.info?.error || `HTTP ${response.status}`;
    throw new ApiError(`${path} failed (HTTP ${response.status}): ${message}`, response.status, path);
  }
  return body;
}

// Return every record of a paginated list: the first page says how many follow, asked for at once.
export async function getAllPages(path, params = {}, { signal, limit = PAGE_LIMIT } = {}) {
  const first = await getJson(path, { ...params, limit, page: 1 }, { signal });
  const pages = first.pagination?.pages ?? 1;
  const rest = [];
  for (let page = 2; page <= pages; page += 1) rest.push(getJson(path, { ...params, limit, page }, { signal }));
  const bodies = [first, ...(await Promise.all(rest))];
  return bodies.flatMap((body) => body.data || []);
}
