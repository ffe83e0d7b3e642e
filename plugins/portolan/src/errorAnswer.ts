/*
 * What a view reads from a failed request: the HTTP status the backend
 * answered with, so it can tell "you may not" (403) and "not served" (404)
 * from other failures, and the backend's own message, which a
 * `ResponseError` carries in its `cause`.
 */

/** The HTTP status of a `ResponseError`; undefined for other errors. */
export function errorStatus(error: Error | undefined): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** The backend's own words for an error answer, else the error's message. */
export function backendMessage(error: Error): string {
  return (error as { cause?: Error }).cause?.message ?? error.message;
}
